import express from 'express';
import type { ErrorRequestHandler, Request, RequestHandler, Router } from 'express';
import { matchesAnySecret } from './credentials.ts';
import type { ReferenceConfig } from './options.ts';
import { bufferRequestBody, clientErrorStatusOf, readJsonBody } from './requestBody.ts';
import { sendSensayError } from './sensayErrors.ts';
import { STRICT_SENSAY_RULES, validateSensayBody } from './sensayValidation.ts';
import type { ReferenceStore } from './store.ts';
import { isUuidText } from './validation.ts';

export const SENSAY_DEFAULT_API_VERSION = '2025-03-25';
export const SENSAY_TELEGRAM_PATH = '/v1/replicas/:replicaUUID/integrations/telegram';

/**
 * Every Sensay response says which API version served it: the requested one, else the default. Sensay publishes the
 * header as a plain string, and nothing says that any value is refused, so none is.
 */
const announceApiVersion: RequestHandler = (request, response, next) => {
  const requested = request.get('x-api-version');
  response.set(
    'X-API-Version',
    requested === undefined || requested === '' ? SENSAY_DEFAULT_API_VERSION : requested,
  );
  next();
};

function credentialProblem(request: Request, config: ReferenceConfig): string | undefined {
  const secret = request.get('x-organization-secret');
  if (secret === undefined || secret === '') return 'The X-ORGANIZATION-SECRET header is required';
  if (!matchesAnySecret(secret, config.organizationSecrets))
    return 'The X-ORGANIZATION-SECRET header is invalid';
  const userId = request.get('x-user-id');
  if (userId !== undefined && config.userIds !== undefined && !config.userIds.has(userId)) {
    return 'The X-USER-ID header does not match a known user';
  }
  return undefined;
}

function createTelegramIntegration(
  config: ReferenceConfig,
  store: ReferenceStore,
): RequestHandler<{ replicaUUID: string }> {
  const { mutant } = config;
  const rules = {
    ...STRICT_SENSAY_RULES,
    requireMention: mutant !== 'sensay-accepts-missing-mention',
    allowExtraProperties: mutant === 'sensay-accepts-extra-properties',
  };
  return (request, response) => {
    if (mutant !== 'sensay-ignores-credentials') {
      const problem = credentialProblem(request, config);
      if (problem !== undefined) {
        sendSensayError(response, mutant, mutant === 'sensay-403-for-bad-credentials' ? 403 : 401, problem);
        return;
      }
    }
    let body = readJsonBody(request);
    if (body.kind === 'unsupported-media-type' && mutant === 'sensay-accepts-text-plain') {
      body = readJsonBody(request, { anyMediaType: true });
    }
    if (body.kind === 'unsupported-media-type') {
      const shown = body.mediaType ?? 'a body without Content-Type';
      sendSensayError(response, mutant, 415, `Unsupported media type ${shown}: send application/json`);
      return;
    }
    if (body.kind === 'missing') {
      sendSensayError(response, mutant, 400, 'The request body is required: send telegram_token and mention');
      return;
    }
    if (body.kind === 'malformed') {
      if (mutant === 'sensay-500-on-malformed-json') throw new SyntaxError(body.reason);
      sendSensayError(response, mutant, 400, `The request body is not valid JSON: ${body.reason}`);
      return;
    }
    const { replicaUUID } = request.params;
    if (!isUuidText(replicaUUID) && mutant !== 'sensay-accepts-invalid-replica-uuid') {
      sendSensayError(response, mutant, 400, `replicaUUID must be a UUID, got "${replicaUUID}"`);
      return;
    }
    const validation = validateSensayBody(body.value, rules);
    if (!validation.ok) {
      sendSensayError(response, mutant, 400, validation.message);
      return;
    }
    if (!config.replicas.has(replicaUUID.toLowerCase())) {
      sendSensayError(response, mutant, 404, `Replica ${replicaUUID} not found`, { withFingerprint: false });
      return;
    }
    // One integration per replica: a second create replaces the first, with a new id.
    const record = store.insertSensayIntegration({
      replicaUuid: replicaUUID.toLowerCase(),
      mention: validation.value.mention,
      telegramToken: validation.value.telegram_token,
    });
    const id = mutant === 'sensay-id-as-string' ? String(record.id) : record.id;
    response.status(200).json(mutant === 'sensay-missing-success' ? { id } : { success: true, id });
  };
}

function deleteTelegramIntegration(
  config: ReferenceConfig,
  store: ReferenceStore,
): RequestHandler<{ replicaUUID: string }> {
  const { mutant } = config;
  return (request, response) => {
    const problem = credentialProblem(request, config);
    if (problem !== undefined) {
      sendSensayError(response, mutant, 401, problem);
      return;
    }
    const { replicaUUID } = request.params;
    if (!isUuidText(replicaUUID)) {
      sendSensayError(response, mutant, 400, `replicaUUID must be a UUID, got "${replicaUUID}"`);
      return;
    }
    const replica = replicaUUID.toLowerCase();
    if (!config.replicas.has(replica)) {
      sendSensayError(response, mutant, 404, `Replica ${replicaUUID} not found`, { withFingerprint: false });
      return;
    }
    const deleted =
      mutant === 'sensay-delete-keeps-integration'
        ? store.findSensayIntegrationOfReplica(replica) !== undefined
        : store.deleteSensayIntegrationOfReplica(replica);
    if (!deleted && mutant !== 'sensay-second-delete-200') {
      sendSensayError(response, mutant, 404, `Replica ${replicaUUID} has no Telegram integration`, {
        withFingerprint: false,
      });
      return;
    }
    response.status(200).json({ success: true });
  };
}

function handleSensayFailure(config: ReferenceConfig): ErrorRequestHandler {
  return (error: unknown, _request, response, next) => {
    if (response.headersSent) {
      next(error);
      return;
    }
    const status = clientErrorStatusOf(error);
    if (status === 413) {
      sendSensayError(response, config.mutant, 413, 'The request body is larger than 1 MiB');
    } else if (status !== undefined) {
      const message = error instanceof Error ? error.message : 'Bad request';
      sendSensayError(response, config.mutant, status, message);
    } else {
      const name = error instanceof Error ? error.name : 'Error';
      const message = error instanceof Error ? error.message : 'Unknown failure';
      sendSensayError(response, config.mutant, 500, 'Internal server error', {
        innerException: { name, message },
      });
    }
  };
}

/**
 * Sensay's API (base path `/`): create and delete a replica's Telegram integration, plus Sensay-shaped 404, 405, 413
 * and 500.
 */
export function createSensayRouter(config: ReferenceConfig, store: ReferenceStore): Router {
  const router = express.Router({ caseSensitive: true, strict: true });
  router.use(announceApiVersion);
  router.post(SENSAY_TELEGRAM_PATH, bufferRequestBody(), createTelegramIntegration(config, store));
  router.delete(SENSAY_TELEGRAM_PATH, bufferRequestBody(), deleteTelegramIntegration(config, store));
  router.all(SENSAY_TELEGRAM_PATH, (request, response) => {
    response.set('Allow', 'POST, DELETE');
    sendSensayError(
      response,
      config.mutant,
      405,
      `Method ${request.method} is not allowed: use POST or DELETE`,
    );
  });
  router.use((request, response) => {
    sendSensayError(response, config.mutant, 404, `No route for ${request.method} ${request.path}`, {
      withFingerprint: false,
    });
  });
  router.use(handleSensayFailure(config));
  return router;
}
