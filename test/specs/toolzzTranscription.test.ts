import { beforeAll, describe, expect, it } from 'vitest';
import type { JsonObject } from '../../src/spec/isRecord.ts';
import { TOOLZZ_SPEC } from '../support/paths.ts';
import { lookup, objectAt } from './documentLookup.ts';
import { readSpecDocument } from './specDocuments.ts';

const OPERATION = ['paths', '/v1/telegram/integration', 'post'];
const ERROR_STATUSES = ['400', '401', '404', '415', '500'];
const SCOPES = ['both', 'private', 'groups'];
const RESPONSE_FIELDS = [
  'id',
  'botId',
  'unitId',
  'title',
  'isActive',
  'botToken',
  'isTokenMasked',
  'scope',
  'welcomeMessage',
  'createdAt',
  'updatedAt',
  'deletedAt',
];

let toolzz: JsonObject;

beforeAll(async () => {
  toolzz = await readSpecDocument(TOOLZZ_SPEC);
});

const operation = (...tokens: string[]): unknown => lookup(toolzz, ...OPERATION, ...tokens);
const requestSchema = (...tokens: string[]): unknown =>
  operation('requestBody', 'content', 'application/json', 'schema', ...tokens);
const integration = (...tokens: string[]): unknown =>
  lookup(toolzz, 'components', 'schemas', 'TelegramIntegration', ...tokens);

describe('Toolzz transcription', () => {
  it('serves the operation under /api with bearer authentication', () => {
    expect(lookup(toolzz, 'servers', '0', 'url')).toBe('https://chat.api.toolzz.com.br/api');
    expect(operation('operationId')).toBe('createTelegramIntegration');
    expect(operation('security')).toEqual([{ bearerAuth: [] }]);
    expect(lookup(toolzz, 'components', 'securitySchemes', 'bearerAuth')).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
  });

  it('requires all five request fields without forbidding unknown ones', () => {
    expect(operation('requestBody', 'required')).toBe(true);
    expect(requestSchema('required')).toEqual(['botId', 'unitId', 'title', 'scope', 'botToken']);
    expect(requestSchema()).not.toHaveProperty('additionalProperties');
    expect(requestSchema('properties')).toMatchObject({
      botId: { type: 'string', format: 'uuid' },
      unitId: { type: 'string', format: 'uuid' },
      title: { type: 'string', minLength: 1, 'x-assumed': true },
      botToken: { type: 'string', minLength: 1, 'x-assumed': true },
    });
    for (const field of ['botId', 'unitId', 'scope'])
      expect(requestSchema('properties', field), field).not.toHaveProperty('x-assumed');
  });

  it('uses the request scope values, "groups" included, in both directions', () => {
    expect(requestSchema('properties', 'scope', 'enum')).toEqual(SCOPES);
    expect(integration('properties', 'scope', 'enum')).toEqual(SCOPES);
  });

  it('answers an assumed 200 with the response table shape, every field required', () => {
    const responses = objectAt(toolzz, ...OPERATION, 'responses');

    expect(Object.keys(responses).filter((status) => status.startsWith('2'))).toEqual(['200']);
    expect(operation('responses', '200', 'x-assumed')).toBe(true);
    expect(operation('responses', '200', 'content', 'application/json', 'schema')).toBe(integration());
    expect(integration('required')).toEqual(RESPONSE_FIELDS);
    // The shape is a fact (the response table); only the defaults of new integrations are assumed.
    expect(integration()).not.toHaveProperty('x-assumed');
    expect(
      Object.keys(objectAt(toolzz, 'components', 'schemas', 'TelegramIntegration', 'properties')),
    ).toEqual(RESPONSE_FIELDS);
  });

  it('keeps the documented timestamp layout and a nullable deletedAt', () => {
    for (const field of ['createdAt', 'updatedAt']) {
      expect(integration('properties', field)).not.toHaveProperty('format');
      expect(integration('properties', field, 'example'), field).toBe('2026-04-17 12:26:12.804444');
    }
    expect(integration('properties', 'deletedAt', 'type')).toEqual(['string', 'null']);
  });

  it('states the assumed defaults of a new integration', () => {
    const defaults = Object.fromEntries(
      ['isActive', 'isTokenMasked', 'welcomeMessage', 'deletedAt'].map((field) => [
        field,
        [integration('properties', field, 'default'), integration('properties', field, 'x-assumed')],
      ]),
    );

    expect(defaults).toEqual({
      isActive: [true, true],
      isTokenMasked: [true, true],
      welcomeMessage: ['', true],
      deletedAt: [null, true],
    });
  });

  it('shows a masked token and no Discord field in the 200 example', () => {
    const example = operation(
      'responses',
      '200',
      'content',
      'application/json',
      'examples',
      'default',
      'value',
    );

    expect(example).toHaveProperty('isTokenMasked', true);
    expect(
      operation(
        'responses',
        '200',
        'content',
        'application/json',
        'examples',
        'default',
        'value',
        'botToken',
      ),
    ).toMatch(/^\d+:\*{35}$/);
    for (const discordField of ['guildName', 'channelsDetail', 'channelIds', 'connectionStatus']) {
      expect(example).not.toHaveProperty(discordField);
    }
    expect(operation('responses', '200', 'x-source-note')).toContain('"guildName"');
  });

  it('shares one assumed error schema across every error status', () => {
    for (const status of ERROR_STATUSES) {
      const media = objectAt(toolzz, ...OPERATION, 'responses', status, 'content', 'application/json');
      expect(media['schema'], status).toEqual({ $ref: '#/components/schemas/Error' });
    }
    expect(lookup(toolzz, 'components', 'schemas', 'Error')).toMatchObject({
      'x-assumed': true,
      required: ['statusCode', 'message', 'error'],
      properties: { statusCode: { type: 'integer' }, error: { type: 'string' } },
    });
  });
});

describe('Toolzz sibling operations (get, list by unit, update)', () => {
  const ITEM = ['paths', '/v1/telegram/integration/{integrationId}'];
  const BY_UNIT = ['paths', '/v1/telegram/integration/unit/{unitId}'];
  const integrationRef = { $ref: '#/components/schemas/TelegramIntegration' };

  it('are named as decided, with bearer authentication', () => {
    expect(lookup(toolzz, ...ITEM, 'get', 'operationId')).toBe('getTelegramIntegration');
    expect(lookup(toolzz, ...ITEM, 'put', 'operationId')).toBe('updateTelegramIntegration');
    expect(lookup(toolzz, ...BY_UNIT, 'get', 'operationId')).toBe('listTelegramIntegrationsByUnit');
    for (const at of [
      [...ITEM, 'get'],
      [...ITEM, 'put'],
      [...BY_UNIT, 'get'],
    ]) {
      expect(lookup(toolzz, ...at, 'security'), at.join(' ')).toEqual([{ bearerAuth: [] }]);
      expect(String(lookup(toolzz, ...at, 'x-source-note'))).toMatch(/ToolzzAI's public/);
    }
  });

  it('take uuid path parameters', () => {
    expect(lookup(toolzz, ...ITEM, 'parameters', '0')).toMatchObject({
      name: 'integrationId',
      in: 'path',
      required: true,
      schema: { type: 'string', format: 'uuid' },
    });
    expect(lookup(toolzz, ...BY_UNIT, 'get', 'parameters', '0')).toMatchObject({
      name: 'unitId',
      in: 'path',
      schema: { type: 'string', format: 'uuid' },
    });
  });

  it("answer the create operation's integration object, a list of them under `data`", () => {
    const media = (...at: string[]): unknown =>
      lookup(toolzz, ...at, 'responses', '200', 'content', 'application/json', 'schema');

    expect(
      objectAt(toolzz, ...ITEM, 'get', 'responses', '200', 'content', 'application/json')['schema'],
    ).toEqual(integrationRef);
    expect(
      objectAt(toolzz, ...ITEM, 'put', 'responses', '200', 'content', 'application/json')['schema'],
    ).toEqual(integrationRef);
    expect(media(...BY_UNIT, 'get')).toMatchObject({
      required: ['data'],
      properties: { data: { type: 'array' } },
    });
    expect(
      lookup(
        toolzz,
        ...BY_UNIT,
        'get',
        'responses',
        '200',
        'content',
        'application/json',
        'schema',
        'properties',
        'data',
        'items',
      ),
    ).toEqual(integration());
  });

  it('update takes botId, unitId, title and scope, all required, and no token', () => {
    const schema = objectAt(toolzz, ...ITEM, 'put', 'requestBody', 'content', 'application/json', 'schema');

    expect(schema['required']).toEqual(['botId', 'unitId', 'title', 'scope']);
    expect(Object.keys(objectAt(schema, 'properties'))).toEqual(['botId', 'unitId', 'title', 'scope']);
    expect(lookup(schema, 'properties', 'scope', 'enum')).toEqual(SCOPES);
    expect(lookup(schema, 'properties', 'title', 'minLength')).toBe(1);
  });

  it('document 404 and the shared assumed errors, and no DELETE anywhere', () => {
    for (const at of [
      [...ITEM, 'get'],
      [...ITEM, 'put'],
      [...BY_UNIT, 'get'],
    ]) {
      for (const status of ERROR_STATUSES) {
        const media = objectAt(toolzz, ...at, 'responses', status, 'content', 'application/json');
        expect(media['schema'], `${at.join(' ')} ${status}`).toEqual({ $ref: '#/components/schemas/Error' });
      }
    }
    for (const item of Object.values(objectAt(toolzz, 'paths'))) {
      expect(item).not.toHaveProperty('delete');
    }
  });
});
