import { beforeAll, describe, expect, it } from 'vitest';
import type { JsonObject } from '../../src/spec/isRecord.ts';
import { SENSAY_SPEC } from '../support/paths.ts';
import { lookup, objectAt } from './documentLookup.ts';
import { readSpecDocument } from './specDocuments.ts';

const OPERATION = ['paths', '/v1/replicas/{replicaUUID}/integrations/telegram', 'post'];
const ALL_STATUSES = ['200', '202', '400', '401', '404', '415', '500'];
const ERRORS_WITH_FINGERPRINT = ['400', '401', '415', '500'];
const ACCEPTED_MESSAGE =
  'Telegram integration created successfully, but failed to notify the external integration server. If you are ' +
  'using the default Sensay Telegram Integration, we will retry starting the bot asynchronously.';
const REQUEST_ID = /^[a-z0-9]+::[a-z0-9]+::[a-z0-9]{5}-\d{13}-[0-9a-f]{12}$/;
const FINGERPRINT = /^[0-9a-f]{32}$/;
const BOT_FATHER_TOKEN = /^\d+:AA[A-Za-z0-9_-]{33}$/;
const BOT_USERNAME = /^[A-Za-z0-9_]{2,29}bot$/i;

let sensay: JsonObject;

beforeAll(async () => {
  sensay = await readSpecDocument(SENSAY_SPEC);
});

const operation = (...tokens: string[]): unknown => lookup(sensay, ...OPERATION, ...tokens);
const schemaOf = (status: string, ...tokens: string[]): unknown =>
  operation('responses', status, 'content', 'application/json', 'schema', ...tokens);
const defaultExample = (status: string): unknown =>
  operation('responses', status, 'content', 'application/json', 'examples', 'default', 'value');
const defaultExampleField = (status: string, field: string): unknown =>
  operation('responses', status, 'content', 'application/json', 'examples', 'default', 'value', field);

describe('Sensay transcription', () => {
  it('names the operation and the server as decided', () => {
    expect(operation('operationId')).toBe('createReplicaTelegramIntegration');
    expect(lookup(sensay, 'servers', '0', 'url')).toBe('https://api.sensay.io');
  });

  it('requires the organization secret, with the user id as an optional addition', () => {
    expect(operation('security')).toEqual([
      { organizationSecret: [], userId: [] },
      { organizationSecret: [] },
    ]);
    expect(Object.keys(objectAt(sensay, 'components', 'securitySchemes'))).toEqual([
      'organizationSecret',
      'userId',
    ]);
    expect(lookup(sensay, 'components', 'securitySchemes', 'organizationSecret')).toMatchObject({
      type: 'apiKey',
      in: 'header',
      name: 'X-ORGANIZATION-SECRET',
    });
    expect(lookup(sensay, 'components', 'securitySchemes', 'userId')).toMatchObject({
      type: 'apiKey',
      in: 'header',
      name: 'X-USER-ID',
    });
  });

  it('takes X-API-Version as any string with the documented default, as Sensay publishes it', () => {
    const parameter = objectAt(sensay, ...OPERATION, 'parameters', '0');
    const schema = objectAt(sensay, ...OPERATION, 'parameters', '0', 'schema');

    expect(parameter).toMatchObject({ name: 'X-API-Version', in: 'header', required: false });
    expect(parameter).not.toHaveProperty('x-assumed');
    expect(schema).toEqual({ type: 'string', default: '2025-03-25' });
  });

  it('declares an optional X-API-Version header on every response', () => {
    for (const status of ALL_STATUSES) {
      const header = objectAt(sensay, ...OPERATION, 'responses', status, 'headers', 'X-API-Version');
      expect(header, status).toMatchObject({ required: false, 'x-assumed': true });
      expect(header['schema'], status).toEqual({ type: 'string' });
    }
  });

  it('takes the replica as a required uuid path parameter', () => {
    expect(operation('parameters', '1')).toMatchObject({
      name: 'replicaUUID',
      in: 'path',
      required: true,
      schema: { type: 'string', format: 'uuid' },
    });
  });

  it('requires a closed body with both fields', () => {
    expect(operation('requestBody', 'required')).toBe(true);
    expect(operation('requestBody', 'content', 'application/json', 'schema')).toMatchObject({
      type: 'object',
      additionalProperties: false,
      required: ['telegram_token', 'mention'],
    });
  });

  it('types the integration id as number, on 200 and 202', () => {
    for (const status of ['200', '202']) {
      expect(schemaOf(status, 'properties', 'id', 'type'), status).toBe('number');
    }
    expect(schemaOf('202', 'required')).toEqual(['success', 'id', 'message']);
  });

  it('quotes the 202 message verbatim', () => {
    expect(defaultExample('202')).toMatchObject({ message: ACCEPTED_MESSAGE });
    expect(operation('responses', '202', 'description')).toBe(ACCEPTED_MESSAGE);
  });

  it('requires success, error and request_id in every error, with fingerprint optional except on 404', () => {
    for (const status of ['400', '401', '404', '415', '500']) {
      expect(schemaOf(status, 'required'), status).toEqual(['success', 'error', 'request_id']);
    }
    for (const status of ERRORS_WITH_FINGERPRINT) {
      expect(schemaOf(status, 'properties', 'fingerprint', 'type'), status).toBe('string');
    }
    expect(schemaOf('404', 'properties')).not.toHaveProperty('fingerprint');
  });

  it('describes the 500 inner exception with name and message required', () => {
    const text = { type: 'string' };

    expect(schemaOf('500', 'properties', 'inner_exception', 'required')).toEqual(['name', 'message']);
    expect(schemaOf('500', 'properties', 'inner_exception', 'properties')).toEqual({
      name: text,
      message: text,
      cause: text,
      stack: text,
    });
    expect(defaultExample('500')).toHaveProperty('inner_exception.name');
  });

  it('uses realistic identifiers in its default examples', () => {
    const request = (field: string): unknown =>
      operation('requestBody', 'content', 'application/json', 'examples', 'default', 'value', field);

    for (const status of ['400', '401', '404', '415', '500']) {
      expect(defaultExampleField(status, 'success'), status).toBe(false);
      expect(defaultExampleField(status, 'request_id'), status).toMatch(REQUEST_ID);
    }
    for (const status of ERRORS_WITH_FINGERPRINT) {
      expect(defaultExampleField(status, 'fingerprint'), status).toMatch(FINGERPRINT);
    }
    expect(defaultExample('404')).not.toHaveProperty('fingerprint');
    expect(request('telegram_token')).toMatch(BOT_FATHER_TOKEN);
    expect(request('mention')).toMatch(BOT_USERNAME);
  });
});

describe('Sensay DELETE on the integration path', () => {
  const DELETE = ['paths', '/v1/replicas/{replicaUUID}/integrations/telegram', 'delete'];
  const removal = (...tokens: string[]): unknown => lookup(sensay, ...DELETE, ...tokens);
  const DELETE_ACCEPTED =
    'Telegram integration deleted successfully, but failed to notify the external integration server. If you are ' +
    'using the default Sensay Telegram Integration, we will retry stopping the bot asynchronously.';

  it("shares the POST's security, replica and version parameters, and takes no body", () => {
    expect(removal('operationId')).toBe('deleteReplicaTelegramIntegration');
    expect(removal('security')).toEqual(operation('security'));
    expect(removal('parameters')).toEqual(operation('parameters'));
    expect(removal('requestBody')).toBeUndefined();
    expect(String(removal('x-source-note'))).toMatch(/Sensay's own published OpenAPI/);
  });

  it('answers {success} on 200 and {success, message} on 202, with the message verbatim', () => {
    const schema = (status: string, ...tokens: string[]): unknown =>
      removal('responses', status, 'content', 'application/json', 'schema', ...tokens);

    expect(schema('200', 'required')).toEqual(['success']);
    expect(schema('202', 'required')).toEqual(['success', 'message']);
    expect(
      removal('responses', '202', 'content', 'application/json', 'examples', 'default', 'value'),
    ).toEqual({
      success: true,
      message: DELETE_ACCEPTED,
    });
  });

  it('answers errors exactly like the POST, 415 included', () => {
    for (const status of ['400', '401', '404', '415', '500']) {
      expect(removal('responses', status), status).toEqual(operation('responses', status));
    }
    expect(
      removal(
        'responses',
        '404',
        'content',
        'application/json',
        'examples',
        'no-integration',
        'value',
        'error',
      ),
    ).toMatch(/has no Telegram integration$/);
  });
});
