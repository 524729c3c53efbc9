import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { expect } from 'vitest';
import type { MockApp } from '../../src/index.ts';
import { SENSAY_SCENARIOS, SENSAY_SPEC, TOOLZZ_SCENARIOS, TOOLZZ_SPEC } from '../support/paths.ts';

/** A bot token shaped like BotFather's: numeric bot id, a colon, 35 characters. */
export const TELEGRAM_TOKEN = '7701101112:AAH4kd93jf8Gh2_Lq0Zx7-Vb5Nm1Pw3Rt6Y';
/** A replica that is neither the spec's example nor listed by the `missing-replicas` rule. */
export const REPLICA = '5b0c9e1a-7d2f-4c3b-9a8e-61f2d4c7b9a0';
export const BOT_ID = '6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b';
export const SENSAY_SECRET = 'org-secret-3c1f0d';
export const TOOLZZ_TOKEN = 'toolzz-access-token-91be';

export const SPECS = [SENSAY_SPEC, TOOLZZ_SPEC] as const;
export const SCENARIO_FILES = [SENSAY_SCENARIOS, TOOLZZ_SCENARIOS] as const;

export const sensayPath = (replica: string): string => `/v1/replicas/${replica}/integrations/telegram`;

export type JsonObject = Record<string, unknown>;

/** What one scenario answers with, as a client sees it. */
export interface ExpectedAnswer {
  readonly scenario: string;
  readonly status: number;
  /** Key body fields of that answer. */
  readonly check: (body: JsonObject) => void;
}

/** One API as these suites see it: a valid request, its scenario names and what each scenario answers. */
export interface ScenarioApi {
  readonly name: 'sensay' | 'toolzz';
  readonly spec: string;
  readonly scenarioFile: string;
  readonly operationId: string;
  readonly path: string;
  readonly credentials: Readonly<Record<string, string>>;
  readonly body: JsonObject;
  /** A body the spec rejects, and the diagnostic the 400 names. */
  readonly invalidBody: JsonObject;
  readonly invalidBodyMessage: string;
  /** Every scenario the catalog defines for the operation, in file order: the public interface. */
  readonly scenarioNames: readonly string[];
  /** Scenarios answering with an HTTP response at once (no fault, no delay, not a sequence). */
  readonly answers: readonly ExpectedAnswer[];
  /** Where the API's error format puts its message. */
  readonly errorText: (body: JsonObject) => string;
}

export const SENSAY: ScenarioApi = {
  name: 'sensay',
  spec: SENSAY_SPEC,
  scenarioFile: SENSAY_SCENARIOS,
  operationId: 'createReplicaTelegramIntegration',
  path: sensayPath(REPLICA),
  credentials: { 'X-ORGANIZATION-SECRET': SENSAY_SECRET },
  body: { telegram_token: TELEGRAM_TOKEN, mention: 'acme_support_bot' },
  invalidBody: { telegram_token: TELEGRAM_TOKEN },
  invalidBodyMessage: "body must have required property 'mention'",
  scenarioNames: [
    'success',
    'accepted',
    'accepted-then-success',
    'bad-request',
    'unauthorized',
    'replica-not-found',
    'unsupported-media-type',
    'server-error',
    'slow-success',
    'connection-reset',
    'no-answer',
    'malformed-json',
    'invalid-telegram-token',
  ],
  answers: [
    {
      scenario: 'success',
      status: 200,
      check: (body) => {
        expect(body['success']).toBe(true);
        expect(typeof body['id']).toBe('number');
      },
    },
    {
      scenario: 'accepted',
      status: 202,
      check: (body) => {
        expect(body['success']).toBe(true);
        expect(typeof body['id']).toBe('number');
        expect(body['message']).toBe(
          'Telegram integration created successfully, but failed to notify the external integration server. If you are using the default Sensay Telegram Integration, we will retry starting the bot asynchronously.',
        );
      },
    },
    {
      scenario: 'bad-request',
      status: 400,
      check: (body) => {
        expect(body['success']).toBe(false);
        expect(body['error']).toBe("body must have required property 'mention'");
      },
    },
    {
      scenario: 'unauthorized',
      status: 401,
      check: (body) => {
        expect(body['success']).toBe(false);
        expect(body['error']).toBe('Unauthorized: the X-ORGANIZATION-SECRET header is missing or not valid');
      },
    },
    {
      scenario: 'replica-not-found',
      status: 404,
      check: (body) => {
        expect(body['success']).toBe(false);
        expect(body['error']).toBe(`Replica ${REPLICA} not found`);
        expect(body).not.toHaveProperty('fingerprint');
      },
    },
    {
      scenario: 'unsupported-media-type',
      status: 415,
      check: (body) => {
        expect(body['success']).toBe(false);
        expect(body['error']).toBe("Unsupported Media Type: expected 'application/json'");
      },
    },
    {
      scenario: 'server-error',
      status: 500,
      check: (body) => {
        expect(body['success']).toBe(false);
        expect(body['error']).toBe('Internal Server Error');
        const inner = body['inner_exception'];
        expect(inner).toEqual({
          name: 'TelegramIntegrationError',
          message: 'Could not register the bot with the Telegram integration server',
          cause: 'ECONNRESET',
          stack: expect.stringMatching(
            /^TelegramIntegrationError: Could not register the bot[^\n]*\n\s+at /,
          ) as unknown,
        });
      },
    },
    {
      scenario: 'invalid-telegram-token',
      status: 400,
      check: (body) => {
        expect(body['success']).toBe(false);
        expect(body['error']).toMatch(/^body\/telegram_token must be a Telegram bot token/);
      },
    },
  ],
  errorText: (body) => String(body['error']),
};

export const TOOLZZ: ScenarioApi = {
  name: 'toolzz',
  spec: TOOLZZ_SPEC,
  scenarioFile: TOOLZZ_SCENARIOS,
  operationId: 'createTelegramIntegration',
  path: '/api/v1/telegram/integration',
  credentials: { Authorization: `Bearer ${TOOLZZ_TOKEN}` },
  body: {
    botId: BOT_ID,
    unitId: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b',
    title: 'Telegram Support',
    scope: 'groups',
    botToken: TELEGRAM_TOKEN,
  },
  invalidBody: {
    botId: BOT_ID,
    unitId: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b',
    title: 'Telegram Support',
    scope: 'groups',
  },
  invalidBodyMessage: "body must have required property 'botToken'",
  scenarioNames: [
    'success',
    'bad-request',
    'unauthorized',
    'not-found',
    'unsupported-media-type',
    'server-error',
    'slow-success',
    'connection-reset',
    'no-answer',
    'malformed-json',
  ],
  answers: [
    {
      scenario: 'success',
      status: 200,
      check: (body) => {
        expect(body['botId']).toBe(BOT_ID);
        expect(body['title']).toBe('Telegram Support');
        expect(body['isTokenMasked']).toBe(true);
        expect(body['botToken']).not.toBe(TELEGRAM_TOKEN);
      },
    },
    {
      scenario: 'bad-request',
      status: 400,
      check: (body) => {
        expect(body['statusCode']).toBe(400);
        expect(body['error']).toBe('Bad Request');
        expect(body['message']).toEqual(['scope must be one of the following values: both, private, groups']);
      },
    },
    {
      scenario: 'unauthorized',
      status: 401,
      check: (body) => {
        expect(body['statusCode']).toBe(401);
        expect(body['message']).toBe('Unauthorized');
      },
    },
    {
      scenario: 'not-found',
      status: 404,
      check: (body) => {
        expect(body['statusCode']).toBe(404);
        expect(body['message']).toBe(`Bot ${BOT_ID} not found`);
      },
    },
    {
      scenario: 'unsupported-media-type',
      status: 415,
      check: (body) => {
        expect(body['statusCode']).toBe(415);
        expect(body['message']).toBe('Unsupported Media Type: expected application/json');
      },
    },
    {
      scenario: 'server-error',
      status: 500,
      check: (body) => {
        expect(body['statusCode']).toBe(500);
        expect(body['message']).toBe('Internal server error');
        expect(body['error']).toEqual(expect.any(String));
      },
    },
  ],
  errorText: (body) => {
    const message = body['message'];
    return Array.isArray(message) ? message.map(String).join('; ') : String(message);
  },
};

export const APIS: readonly ScenarioApi[] = [SENSAY, TOOLZZ];

export interface SendOptions {
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
  readonly path?: string;
  /** Leave out the API's credentials. */
  readonly anonymous?: boolean;
}

/** POSTs the API's request (valid unless told otherwise) to an in-process app. */
export function send(app: MockApp, api: ScenarioApi, options: SendOptions = {}): request.Test {
  return request(app)
    .post(options.path ?? api.path)
    .set(options.anonymous === true ? {} : api.credentials)
    .set('Content-Type', 'application/json')
    .set(options.headers ?? {})
    .send(JSON.stringify(options.body ?? api.body));
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A JSON object body, or a failed assertion. */
export function jsonObject(text: string): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`expected a JSON body, got: ${text.slice(0, 200)}`);
  }
  if (!isObject(value)) throw new Error(`expected a JSON object, got: ${text.slice(0, 200)}`);
  return value;
}

/** A property that must be a JSON object. */
export function objectAt(value: JsonObject, key: string): JsonObject {
  const inner = value[key];
  if (!isObject(inner)) throw new Error(`expected an object at '${key}', got ${JSON.stringify(inner)}`);
  return inner;
}

/** A property that must be an array of JSON objects. */
export function objectsAt(value: JsonObject, key: string): JsonObject[] {
  const inner = value[key];
  if (!Array.isArray(inner) || !inner.every(isObject))
    throw new Error(`expected an array of objects at '${key}', got ${JSON.stringify(inner)}`);
  return inner;
}

/** A copy of both committed specs and scenario files in a fresh temp dir, for tests that edit them. */
export interface TempCopy {
  readonly dir: string;
  readonly specs: readonly [string, string];
  readonly scenarioDir: string;
  readonly scenarioFiles: readonly [string, string];
  remove(): Promise<void>;
}

export async function copyToTemp(): Promise<TempCopy> {
  const dir = await mkdtemp(join(tmpdir(), 'mockgram-scenarios-'));
  await mkdir(join(dir, 'specs'));
  await mkdir(join(dir, 'scenarios'));
  const specs = [join(dir, 'specs', 'sensay.yaml'), join(dir, 'specs', 'toolzz.yaml')] as const;
  const scenarioFiles = [
    join(dir, 'scenarios', 'sensay.yaml'),
    join(dir, 'scenarios', 'toolzz.yaml'),
  ] as const;
  await copyFile(SENSAY_SPEC, specs[0]);
  await copyFile(TOOLZZ_SPEC, specs[1]);
  await copyFile(SENSAY_SCENARIOS, scenarioFiles[0]);
  await copyFile(TOOLZZ_SCENARIOS, scenarioFiles[1]);
  return {
    dir,
    specs,
    scenarioDir: join(dir, 'scenarios'),
    scenarioFiles,
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
