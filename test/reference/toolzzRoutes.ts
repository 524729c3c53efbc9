import { randomUUID } from 'node:crypto';
import express from 'express';
import type { ErrorRequestHandler, Request, RequestHandler, Response, Router } from 'express';
import { matchesAnySecret, readBearerToken } from './credentials.ts';
import type { ReferenceConfig } from './options.ts';
import { bufferRequestBody, clientErrorStatusOf, readJsonBody } from './requestBody.ts';
import type { ReferenceStore, ToolzzIntegrationRecord } from './store.ts';
import { sendToolzzError } from './toolzzErrors.ts';
import { presentToolzzIntegration } from './toolzzResponse.ts';
import { STRICT_TOOLZZ_RULES, validateToolzzBody, validateToolzzUpdate } from './toolzzValidation.ts';
import { isUuidText } from './validation.ts';
import { currentEpochMicros, formatMicrosecondTimestamp } from './timestamps.ts';

/** Toolzz's server URL ends in `/api`: the router is mounted there. */
export const TOOLZZ_BASE_PATH = '/api';
export const TOOLZZ_TELEGRAM_PATH = '/v1/telegram/integration';
const ITEM_PATH = `${TOOLZZ_TELEGRAM_PATH}/:integrationId`;
const UNIT_PATH = `${TOOLZZ_TELEGRAM_PATH}/unit/:unitId`;

function credentialProblem(request: Request, config: ReferenceConfig): string | undefined {
  const authorization = request.get('authorization');
  if (authorization === undefined) {
    return config.mutant === 'toolzz-accepts-missing-bearer' ? undefined : 'Missing Authorization header';
  }
  const token = readBearerToken(authorization);
  if (token === undefined) return 'The Authorization header must be "Bearer <token>"';
  return matchesAnySecret(token, config.toolzzTokens) ? undefined : 'Invalid access token';
}

/** Answers 401 (and returns true) when the request carries no accepted bearer token. */
function rejectedCredentials(config: ReferenceConfig, request: Request, response: Response): boolean {
  const problem = credentialProblem(request, config);
  if (problem === undefined) return false;
  response.set('WWW-Authenticate', 'Bearer');
  if (config.mutant === 'toolzz-401-as-200-error-body') {
    response.status(200).json({ statusCode: 401, message: problem, error: 'Unauthorized' });
    return true;
  }
  sendToolzzError(response, config.mutant, 401, problem);
  return true;
}

/** Reads a JSON body, answering 415 or 400 (and returning undefined) when there is none to read. */
function jsonBodyOrError(
  config: ReferenceConfig,
  request: Request,
  response: Response,
): { value: unknown } | undefined {
  const { mutant } = config;
  let body = readJsonBody(request);
  if (body.kind === 'unsupported-media-type' && mutant === 'toolzz-accepts-text-plain') {
    body = readJsonBody(request, { anyMediaType: true });
  }
  if (body.kind === 'unsupported-media-type') {
    const status = mutant === 'toolzz-400-for-wrong-content-type' ? 400 : 415;
    const shown = body.mediaType ?? 'a body without Content-Type';
    sendToolzzError(response, mutant, status, `Unsupported media type ${shown}: send application/json`);
    return undefined;
  }
  if (body.kind === 'missing') {
    sendToolzzError(response, mutant, 400, 'The request body is required');
    return undefined;
  }
  if (body.kind === 'malformed') {
    sendToolzzError(response, mutant, 400, `The request body is not valid JSON: ${body.reason}`);
    return undefined;
  }
  return { value: body.value };
}

/** Answers 404 (and returns true) when the bot or the unit is not known. */
function rejectedReferences(
  config: ReferenceConfig,
  response: Response,
  botId: string,
  unitId: string,
): boolean {
  if (!config.bots.has(botId.toLowerCase())) {
    sendToolzzError(response, config.mutant, 404, `Bot ${botId} not found`);
    return true;
  }
  if (!config.units.has(unitId.toLowerCase())) {
    sendToolzzError(response, config.mutant, 404, `Unit ${unitId} not found`);
    return true;
  }
  return false;
}

function createTelegramIntegration(config: ReferenceConfig, store: ReferenceStore): RequestHandler {
  const { mutant } = config;
  const rules = { ...STRICT_TOOLZZ_RULES, lenientScope: mutant === 'toolzz-accepts-invalid-scope' };
  return (request: Request, response: Response) => {
    if (rejectedCredentials(config, request, response)) return;
    const body = jsonBodyOrError(config, request, response);
    if (body === undefined) return;
    if (mutant === 'toolzz-500-on-array-body' && Array.isArray(body.value)) {
      throw new TypeError('Cannot read the integration fields of an array body');
    }
    const validation = validateToolzzBody(body.value, rules);
    if (!validation.ok) {
      sendToolzzError(response, mutant, 400, validation.messages);
      return;
    }
    const { botId, unitId } = validation.value;
    if (rejectedReferences(config, response, botId, unitId)) return;
    const record = store.insertToolzzIntegration({
      ...validation.value,
      botId: botId.toLowerCase(),
      unitId: unitId.toLowerCase(),
    });
    if (mutant === 'toolzz-204-on-create') {
      response.status(204).end();
      return;
    }
    response
      .status(mutant === 'toolzz-201-on-create' ? 201 : 200)
      .json(presentToolzzIntegration(record, mutant));
  };
}

/** The integration named by the path, or undefined once a 400 or 404 has been answered. */
function integrationOrError(
  config: ReferenceConfig,
  store: ReferenceStore,
  response: Response,
  integrationId: string,
): ToolzzIntegrationRecord | undefined {
  if (!isUuidText(integrationId)) {
    sendToolzzError(response, config.mutant, 400, ['integrationId must be a UUID']);
    return undefined;
  }
  const record = store.findToolzzIntegration(integrationId.toLowerCase());
  if (record === undefined)
    sendToolzzError(response, config.mutant, 404, `Telegram integration ${integrationId} not found`);
  return record;
}

/** What the `toolzz-unknown-id-200` mutant invents for an id that names nothing. */
function madeUpIntegration(integrationId: string): ToolzzIntegrationRecord {
  const now = formatMicrosecondTimestamp(currentEpochMicros());
  return {
    id: integrationId.toLowerCase(),
    botId: randomUUID(),
    unitId: randomUUID(),
    title: 'Telegram Support',
    scope: 'both',
    isActive: true,
    botTokenMasked: `7701101112:${'*'.repeat(35)}`,
    botTokenSha256: '',
    welcomeMessage: '',
    createdAt: now,
    updatedAt: now,
    deletedAt: null,
  };
}

function getTelegramIntegration(
  config: ReferenceConfig,
  store: ReferenceStore,
): RequestHandler<{ integrationId: string }> {
  const { mutant } = config;
  return (request, response) => {
    if (rejectedCredentials(config, request, response)) return;
    const { integrationId } = request.params;
    if (
      mutant === 'toolzz-unknown-id-200' &&
      isUuidText(integrationId) &&
      store.findToolzzIntegration(integrationId.toLowerCase()) === undefined
    ) {
      response.status(200).json(presentToolzzIntegration(madeUpIntegration(integrationId), mutant));
      return;
    }
    const record = integrationOrError(config, store, response, integrationId);
    if (record === undefined) return;
    const shown = mutant === 'toolzz-read-differs-from-create' ? { ...record, isActive: false } : record;
    response.status(200).json(presentToolzzIntegration(shown, mutant));
  };
}

function listTelegramIntegrationsByUnit(
  config: ReferenceConfig,
  store: ReferenceStore,
): RequestHandler<{ unitId: string }> {
  const { mutant } = config;
  return (request, response) => {
    if (rejectedCredentials(config, request, response)) return;
    const { unitId } = request.params;
    if (!isUuidText(unitId)) {
      sendToolzzError(response, mutant, 400, ['unitId must be a UUID']);
      return;
    }
    if (!config.units.has(unitId.toLowerCase())) {
      sendToolzzError(response, mutant, 404, `Unit ${unitId} not found`);
      return;
    }
    const records = store.listToolzzIntegrationsOfUnit(unitId.toLowerCase());
    const shown = mutant === 'toolzz-list-misses-newest' ? records.slice(0, -1) : records;
    response.status(200).json({ data: shown.map((record) => presentToolzzIntegration(record, mutant)) });
  };
}

function updateTelegramIntegration(
  config: ReferenceConfig,
  store: ReferenceStore,
): RequestHandler<{ integrationId: string }> {
  const { mutant } = config;
  const rules = { ...STRICT_TOOLZZ_RULES, lenientScope: mutant === 'toolzz-accepts-invalid-scope' };
  return (request, response) => {
    if (rejectedCredentials(config, request, response)) return;
    const body = jsonBodyOrError(config, request, response);
    if (body === undefined) return;
    const { integrationId } = request.params;
    if (!isUuidText(integrationId)) {
      sendToolzzError(response, mutant, 400, ['integrationId must be a UUID']);
      return;
    }
    const validation = validateToolzzUpdate(body.value, rules);
    if (!validation.ok) {
      sendToolzzError(response, mutant, 400, validation.messages);
      return;
    }
    const current = integrationOrError(config, store, response, integrationId);
    if (current === undefined) return;
    const { botId, unitId } = validation.value;
    if (rejectedReferences(config, response, botId, unitId)) return;
    const changes = { ...validation.value, botId: botId.toLowerCase(), unitId: unitId.toLowerCase() };
    const updated =
      mutant === 'toolzz-update-not-persisted'
        ? { ...current, ...changes, updatedAt: formatMicrosecondTimestamp(currentEpochMicros()) }
        : store.updateToolzzIntegration(current.id, changes);
    if (updated === undefined) {
      sendToolzzError(response, mutant, 404, `Telegram integration ${integrationId} not found`);
      return;
    }
    response.status(200).json(presentToolzzIntegration(updated, mutant));
  };
}

function handleToolzzFailure(config: ReferenceConfig): ErrorRequestHandler {
  return (error: unknown, _request, response, next) => {
    if (response.headersSent) {
      next(error);
      return;
    }
    const status = clientErrorStatusOf(error);
    if (status === 413) {
      sendToolzzError(response, config.mutant, 413, 'The request body is larger than 1 MiB');
    } else if (status !== undefined) {
      sendToolzzError(
        response,
        config.mutant,
        status,
        error instanceof Error ? error.message : 'Bad request',
      );
    } else {
      sendToolzzError(response, config.mutant, 500, 'Internal server error');
    }
  };
}

function methodNotAllowed(config: ReferenceConfig, allowed: readonly string[]): RequestHandler {
  return (request, response) => {
    response.set('Allow', allowed.join(', '));
    sendToolzzError(
      response,
      config.mutant,
      405,
      `Method ${request.method} is not allowed: use ${allowed.join(' or ')}`,
    );
  };
}

/**
 * Toolzz's API (mounted at `/api`): create, get, list by unit and update Telegram integrations, plus Toolzz-shaped
 * 404, 405, 413 and 500.
 */
export function createToolzzRouter(config: ReferenceConfig, store: ReferenceStore): Router {
  const router = express.Router({ caseSensitive: true, strict: true });
  router.post(TOOLZZ_TELEGRAM_PATH, bufferRequestBody(), createTelegramIntegration(config, store));
  router.all(TOOLZZ_TELEGRAM_PATH, methodNotAllowed(config, ['POST']));
  router.get(UNIT_PATH, listTelegramIntegrationsByUnit(config, store));
  router.all(UNIT_PATH, methodNotAllowed(config, ['GET']));
  router.get(ITEM_PATH, getTelegramIntegration(config, store));
  router.put(ITEM_PATH, bufferRequestBody(), updateTelegramIntegration(config, store));
  router.all(ITEM_PATH, methodNotAllowed(config, ['GET', 'PUT']));
  router.use((request, response) => {
    sendToolzzError(response, config.mutant, 404, `Cannot ${request.method} ${request.originalUrl}`);
  });
  router.use(handleToolzzFailure(config));
  return router;
}
