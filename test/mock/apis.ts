import { expect } from 'vitest';
import { SENSAY_SPEC, TOOLZZ_SPEC } from '../support/paths.ts';

/** A bot token shaped like BotFather's: numeric bot id, a colon, 35 characters. */
export const TELEGRAM_TOKEN = '7701101112:AAH4kd93jf8Gh2_Lq0Zx7-Vb5Nm1Pw3Rt6Y';
export const REPLICA = '03db5651-cb61-4bdf-9ef0-89561f7c9c53';
export const SENSAY_PATH = `/v1/replicas/${REPLICA}/integrations/telegram`;
export const TOOLZZ_PATH = '/api/v1/telegram/integration';

export const SENSAY_REQUEST_ID = /^[a-z0-9]+::[a-z0-9]+::[a-z0-9]{5}-\d{13}-[0-9a-f]{12}$/;
export const SENSAY_FINGERPRINT = /^[0-9a-f]{32}$/;
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const TOOLZZ_TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$/;

export type JsonObject = Record<string, unknown>;

export interface InvalidBody {
  readonly label: string;
  readonly body: JsonObject;
  /** The diagnostic the error text must contain: the field and the rule it breaks. */
  readonly message: string;
}

/** One API as the table-driven suites see it: where it lives, a valid request, and its error format. */
export interface ApiCase {
  readonly name: 'sensay' | 'toolzz';
  readonly spec: string;
  readonly operationId: string;
  readonly path: string;
  /** A path under the API's base path that no operation documents. */
  readonly unknownPath: string;
  /** The methods `path` documents, as a 405's `Allow` lists them. */
  readonly allow: string;
  readonly credentials: Readonly<Record<string, string>>;
  readonly body: JsonObject;
  /** Requests whose credentials are missing or malformed (headers replace `credentials`). */
  readonly badCredentials: readonly { readonly label: string; readonly headers: Record<string, string> }[];
  readonly invalidBodies: readonly InvalidBody[];
  /** Whether the body schema forbids unknown properties. */
  readonly closedBody: boolean;
  /** The text of an error body: where the API puts its message. */
  readonly errorText: (body: JsonObject) => string;
  /** Asserts an error body is in the API's own error shape for `status`. */
  readonly expectErrorShape: (body: JsonObject, status: number) => void;
}

export const SENSAY: ApiCase = {
  name: 'sensay',
  spec: SENSAY_SPEC,
  operationId: 'createReplicaTelegramIntegration',
  path: SENSAY_PATH,
  unknownPath: '/v1/replicas',
  allow: 'POST, DELETE',
  credentials: { 'X-ORGANIZATION-SECRET': 'org-secret-3c1f0d' },
  body: { telegram_token: TELEGRAM_TOKEN, mention: 'acme_support_bot' },
  badCredentials: [
    { label: 'no X-ORGANIZATION-SECRET', headers: {} },
    { label: 'an empty X-ORGANIZATION-SECRET', headers: { 'X-ORGANIZATION-SECRET': '' } },
    { label: 'only X-USER-ID', headers: { 'X-USER-ID': 'user-7d2a' } },
  ],
  invalidBodies: [
    {
      label: 'a missing required field',
      body: { telegram_token: TELEGRAM_TOKEN },
      message: "body must have required property 'mention'",
    },
    {
      label: 'a field of the wrong type',
      body: { telegram_token: 7701101112, mention: 'acme_support_bot' },
      message: 'body/telegram_token must be string',
    },
    {
      label: 'an unknown field',
      body: { telegram_token: TELEGRAM_TOKEN, mention: 'acme_support_bot', token: 'x' },
      message: "body must NOT have additional properties: 'token'",
    },
  ],
  closedBody: true,
  errorText: (body) => String(body['error']),
  expectErrorShape: (body, status) => {
    expect(body['success']).toBe(false);
    expect(typeof body['error']).toBe('string');
    expect(body['request_id']).toMatch(SENSAY_REQUEST_ID);
    if (status === 404) expect(body).not.toHaveProperty('fingerprint');
    else expect(body['fingerprint']).toMatch(SENSAY_FINGERPRINT);
  },
};

export const TOOLZZ: ApiCase = {
  name: 'toolzz',
  spec: TOOLZZ_SPEC,
  operationId: 'createTelegramIntegration',
  path: TOOLZZ_PATH,
  unknownPath: '/api/v1/telegram/integrations',
  allow: 'POST',
  credentials: { Authorization: 'Bearer toolzz-access-token-91be' },
  body: {
    botId: '6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b',
    unitId: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b',
    title: 'Telegram Support',
    scope: 'groups',
    botToken: TELEGRAM_TOKEN,
  },
  badCredentials: [
    { label: 'no Authorization', headers: {} },
    { label: 'Authorization: Basic x', headers: { Authorization: 'Basic x' } },
    { label: 'Bearer with nothing after it', headers: { Authorization: 'Bearer' } },
  ],
  invalidBodies: [
    {
      label: 'a missing required field',
      body: {
        botId: '6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b',
        unitId: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b',
        title: 'Telegram Support',
        scope: 'groups',
      },
      message: "body must have required property 'botToken'",
    },
    {
      label: 'a scope outside the enum',
      body: {
        botId: '6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b',
        unitId: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b',
        title: 'Telegram Support',
        scope: 'group',
        botToken: TELEGRAM_TOKEN,
      },
      message: 'body/scope must be equal to one of the allowed values',
    },
    {
      label: 'a botId that is not a UUID',
      body: {
        botId: 'bot-1',
        unitId: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b',
        title: 'Telegram Support',
        scope: 'groups',
        botToken: TELEGRAM_TOKEN,
      },
      message: 'body/botId must match format "uuid"',
    },
  ],
  closedBody: false,
  errorText: (body) => {
    const message = body['message'];
    return Array.isArray(message) ? message.map(String).join('; ') : String(message);
  },
  expectErrorShape: (body, status) => {
    expect(body['statusCode']).toBe(status);
    expect(typeof body['error']).toBe('string');
    const message = body['message'];
    expect(
      typeof message === 'string' || (Array.isArray(message) && message.every((m) => typeof m === 'string')),
    ).toBe(true);
  },
};

export const APIS: readonly ApiCase[] = [SENSAY, TOOLZZ];

/** Parses a response body into `unknown`; fails the test when it is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error(`expected a JSON body, got: ${text.slice(0, 200)}`);
  }
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A JSON object body, or a failed assertion. */
export function jsonObject(text: string): JsonObject {
  const value = parseJson(text);
  if (!isObject(value)) throw new Error(`expected a JSON object, got: ${text.slice(0, 200)}`);
  return value;
}

/** Asserts an RFC 9457 problem document (the answer where the spec documents no schema) and returns it. */
export function expectProblem(
  response: { readonly status: number; readonly text: string; readonly headers: Record<string, string> },
  status: number,
): JsonObject {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json\b/);
  const problem = jsonObject(response.text);
  expect(problem['type']).toEqual(expect.any(String));
  expect(problem['title']).toEqual(expect.any(String));
  expect(problem['status']).toBe(status);
  expect(problem['detail']).toEqual(expect.any(String));
  return problem;
}
