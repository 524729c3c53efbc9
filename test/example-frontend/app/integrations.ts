/**
 * A small "frontend" for the example suite: the calls a settings page makes to connect a Telegram bot through Sensay
 * and ToolzzAI, each answer turned into what the page shows. It knows nothing of mockgram: it is plain `fetch`, as
 * in an application, and the tests point it at MSW or at a running mock.
 */

/** What the page shows after one call. */
export type UiState<T> =
  | { readonly kind: 'ready'; readonly data: T }
  /** Done, but the vendor will finish later (Sensay's 202: the bot starts or stops asynchronously). */
  | { readonly kind: 'pending'; readonly message: string }
  /** The form needs fixing (400). */
  | { readonly kind: 'invalid'; readonly message: string }
  /** The credentials were refused (401): send the user to the settings. */
  | { readonly kind: 'signed-out' }
  | { readonly kind: 'missing'; readonly message: string }
  /** Anything else: the vendor failed, the network dropped, or the answer could not be read. */
  | { readonly kind: 'failed'; readonly message: string; readonly canRetry: boolean };

export interface IntegrationsConfig {
  /** Sensay's base URL, e.g. `https://api.sensay.io`. */
  readonly sensayUrl: string;
  /** ToolzzAI's base URL, its `/api` included, e.g. `https://chat.api.toolzz.com.br/api`. */
  readonly toolzzUrl: string;
  readonly sensaySecret: string;
  readonly toolzzToken: string;
  /** Sent with every request (an end-to-end test puts its `X-Mock-Session` here). */
  readonly headers?: Readonly<Record<string, string>>;
  /** How long the page waits for an answer before it gives up (default 10 000 ms). */
  readonly timeoutMs?: number;
}

export type ToolzzScope = 'both' | 'private' | 'groups';

export interface ToolzzIntegration {
  readonly id: string;
  readonly botId: string;
  readonly unitId: string;
  readonly title: string;
  readonly scope: ToolzzScope;
  readonly botToken: string;
  readonly isTokenMasked: boolean;
  readonly isActive: boolean;
}

export interface ToolzzIntegrationInput {
  readonly botId: string;
  readonly unitId: string;
  readonly title: string;
  readonly scope: ToolzzScope;
}

export interface IntegrationsApi {
  connectReplicaBot(
    replicaUUID: string,
    bot: { readonly telegramToken: string; readonly mention: string },
  ): Promise<UiState<{ readonly id: number }>>;
  disconnectReplicaBot(replicaUUID: string): Promise<UiState<null>>;
  createToolzzBot(
    input: ToolzzIntegrationInput & { readonly botToken: string },
  ): Promise<UiState<ToolzzIntegration>>;
  getToolzzBot(id: string): Promise<UiState<ToolzzIntegration>>;
  listToolzzBots(unitId: string): Promise<UiState<readonly ToolzzIntegration[]>>;
  updateToolzzBot(id: string, input: ToolzzIntegrationInput): Promise<UiState<ToolzzIntegration>>;
}

/** The page's API layer, for one configuration. */
export function createIntegrationsApi(config: IntegrationsConfig): IntegrationsApi {
  const call = async (url: string, method: string, auth: Record<string, string>, body?: unknown) => {
    try {
      const response = await fetch(url, {
        method,
        headers: {
          ...auth,
          ...(body !== undefined && { 'Content-Type': 'application/json' }),
          ...config.headers,
        },
        ...(body !== undefined && { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(config.timeoutMs ?? 10_000),
      });
      return { response, body: await response.json() };
    } catch (error) {
      return { error };
    }
  };
  const sensay = (path: string, method: string, body?: unknown) =>
    call(`${config.sensayUrl}${path}`, method, { 'X-ORGANIZATION-SECRET': config.sensaySecret }, body);
  const toolzz = (path: string, method: string, body?: unknown) =>
    call(`${config.toolzzUrl}${path}`, method, { Authorization: `Bearer ${config.toolzzToken}` }, body);

  return {
    async connectReplicaBot(replicaUUID, bot) {
      const answer = await sensay(`/v1/replicas/${replicaUUID}/integrations/telegram`, 'POST', {
        telegram_token: bot.telegramToken,
        mention: bot.mention,
      });
      return toUiState<{ readonly id: number }>(answer, (body, status) => {
        const id = isRecord(body) && typeof body['id'] === 'number' ? body['id'] : undefined;
        if (id === undefined) return unreadable();
        return status === 202 ? pending(body) : { kind: 'ready', data: { id } };
      });
    },
    async disconnectReplicaBot(replicaUUID) {
      const answer = await sensay(`/v1/replicas/${replicaUUID}/integrations/telegram`, 'DELETE');
      return toUiState<null>(answer, (body, status) =>
        status === 202 ? pending(body) : { kind: 'ready', data: null },
      );
    },
    async createToolzzBot(input) {
      return toUiState(await toolzz('/v1/telegram/integration', 'POST', input), integration);
    },
    async getToolzzBot(id) {
      return toUiState(await toolzz(`/v1/telegram/integration/${id}`, 'GET'), integration);
    },
    async listToolzzBots(unitId) {
      return toUiState<readonly ToolzzIntegration[]>(
        await toolzz(`/v1/telegram/integration/unit/${unitId}`, 'GET'),
        (body) => {
          const data = isRecord(body) && Array.isArray(body['data']) ? body['data'] : undefined;
          const items = data?.map(readIntegration);
          return items?.every((item) => item !== undefined) === true
            ? { kind: 'ready', data: items }
            : unreadable();
        },
      );
    },
    async updateToolzzBot(id, input) {
      return toUiState(await toolzz(`/v1/telegram/integration/${id}`, 'PUT', input), integration);
    },
  };
}

type Answer = { readonly response: Response; readonly body: unknown } | { readonly error: unknown };

/** Errors look the same on every page: the vendor's message (Sensay's `error`, ToolzzAI's `message`). */
function toUiState<T>(answer: Answer, success: (body: unknown, status: number) => UiState<T>): UiState<T> {
  if ('error' in answer) return failure(answer.error);
  const { response, body } = answer;
  if (response.ok) return success(body, response.status);
  const message = vendorMessage(body) ?? response.statusText;
  if (response.status === 400) return { kind: 'invalid', message };
  if (response.status === 401) return { kind: 'signed-out' };
  if (response.status === 404) return { kind: 'missing', message };
  return { kind: 'failed', message, canRetry: response.status >= 500 };
}

function failure(error: unknown): UiState<never> {
  if (error instanceof SyntaxError) return unreadable();
  if (error instanceof DOMException && error.name === 'TimeoutError')
    return { kind: 'failed', message: 'The server did not answer in time', canRetry: true };
  return { kind: 'failed', message: 'The connection failed', canRetry: true };
}

function unreadable(): UiState<never> {
  return { kind: 'failed', message: 'The answer could not be read', canRetry: true };
}

function pending(body: unknown): UiState<never> {
  const message = isRecord(body) && typeof body['message'] === 'string' ? body['message'] : 'In progress';
  return { kind: 'pending', message };
}

function integration(body: unknown): UiState<ToolzzIntegration> {
  const read = readIntegration(body);
  return read === undefined ? unreadable() : { kind: 'ready', data: read };
}

function vendorMessage(body: unknown): string | undefined {
  if (!isRecord(body)) return undefined;
  const text = body['message'] ?? body['error'];
  if (typeof text === 'string') return text;
  if (Array.isArray(text)) return text.filter((line) => typeof line === 'string').join('; ');
  return undefined;
}

function readIntegration(body: unknown): ToolzzIntegration | undefined {
  if (!isRecord(body)) return undefined;
  const { id, botId, unitId, title, scope, botToken, isTokenMasked, isActive } = body;
  if (
    typeof id !== 'string' ||
    typeof botId !== 'string' ||
    typeof unitId !== 'string' ||
    typeof title !== 'string' ||
    (scope !== 'both' && scope !== 'private' && scope !== 'groups') ||
    typeof botToken !== 'string' ||
    typeof isTokenMasked !== 'boolean' ||
    typeof isActive !== 'boolean'
  )
    return undefined;
  return { id, botId, unitId, title, scope, botToken, isTokenMasked, isActive };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
