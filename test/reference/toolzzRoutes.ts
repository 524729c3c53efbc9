import express from 'express';
import type { ErrorRequestHandler, Request, RequestHandler, Response, Router } from 'express';
import { matchesAnySecret, readBearerToken } from './credentials.ts';
import type { ReferenceConfig } from './options.ts';
import { bufferRequestBody, clientErrorStatusOf, readJsonBody } from './requestBody.ts';
import type { ReferenceStore } from './store.ts';
import { sendToolzzError } from './toolzzErrors.ts';
import { presentToolzzIntegration } from './toolzzResponse.ts';
import { STRICT_TOOLZZ_RULES, validateToolzzBody } from './toolzzValidation.ts';

/** Toolzz's server URL ends in `/api`: the router is mounted there. */
export const TOOLZZ_BASE_PATH = '/api';
export const TOOLZZ_TELEGRAM_PATH = '/v1/telegram/integration';

function credentialProblem(request: Request, config: ReferenceConfig): string | undefined {
  const authorization = request.get('authorization');
  if (authorization === undefined) {
    return config.mutant === 'toolzz-accepts-missing-bearer' ? undefined : 'Missing Authorization header';
  }
  const token = readBearerToken(authorization);
  if (token === undefined) return 'The Authorization header must be "Bearer <token>"';
  return matchesAnySecret(token, config.toolzzTokens) ? undefined : 'Invalid access token';
}

function createTelegramIntegration(config: ReferenceConfig, store: ReferenceStore): RequestHandler {
  const { mutant } = config;
  const rules = { ...STRICT_TOOLZZ_RULES, lenientScope: mutant === 'toolzz-accepts-invalid-scope' };
  return (request: Request, response: Response) => {
    const problem = credentialProblem(request, config);
    if (problem !== undefined) {
      response.set('WWW-Authenticate', 'Bearer');
      if (mutant === 'toolzz-401-as-200-error-body') {
        response.status(200).json({ statusCode: 401, message: problem, error: 'Unauthorized' });
        return;
      }
      sendToolzzError(response, mutant, 401, problem);
      return;
    }
    let body = readJsonBody(request);
    if (body.kind === 'unsupported-media-type' && mutant === 'toolzz-accepts-text-plain') {
      body = readJsonBody(request, { anyMediaType: true });
    }
    if (body.kind === 'unsupported-media-type') {
      const status = mutant === 'toolzz-400-for-wrong-content-type' ? 400 : 415;
      const shown = body.mediaType ?? 'a body without Content-Type';
      sendToolzzError(response, mutant, status, `Unsupported media type ${shown}: send application/json`);
      return;
    }
    if (body.kind === 'missing') {
      sendToolzzError(response, mutant, 400, 'The request body is required');
      return;
    }
    if (body.kind === 'malformed') {
      sendToolzzError(response, mutant, 400, `The request body is not valid JSON: ${body.reason}`);
      return;
    }
    if (mutant === 'toolzz-500-on-array-body' && Array.isArray(body.value)) {
      throw new TypeError('Cannot read the integration fields of an array body');
    }
    const validation = validateToolzzBody(body.value, rules);
    if (!validation.ok) {
      sendToolzzError(response, mutant, 400, validation.messages);
      return;
    }
    const { botId, unitId } = validation.value;
    if (!config.bots.has(botId.toLowerCase())) {
      sendToolzzError(response, mutant, 404, `Bot ${botId} not found`);
      return;
    }
    if (!config.units.has(unitId.toLowerCase())) {
      sendToolzzError(response, mutant, 404, `Unit ${unitId} not found`);
      return;
    }
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

/** Toolzz's API (mounted at `/api`): the Telegram integration route plus Toolzz-shaped 404, 405, 413 and 500. */
export function createToolzzRouter(config: ReferenceConfig, store: ReferenceStore): Router {
  const router = express.Router({ caseSensitive: true, strict: true });
  router.post(TOOLZZ_TELEGRAM_PATH, bufferRequestBody(), createTelegramIntegration(config, store));
  router.all(TOOLZZ_TELEGRAM_PATH, (request, response) => {
    response.set('Allow', 'POST');
    sendToolzzError(response, config.mutant, 405, `Method ${request.method} is not allowed: use POST`);
  });
  router.use((request, response) => {
    sendToolzzError(response, config.mutant, 404, `Cannot ${request.method} ${request.originalUrl}`);
  });
  router.use(handleToolzzFailure(config));
  return router;
}
