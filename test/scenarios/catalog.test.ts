import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { stringify } from 'yaml';
import fileSchema from '../../src/scenarios/scenarioFile.schema.json' with { type: 'json' };
import { createMockApp, MockgramError } from '../../src/index.ts';
import { LIBRARY_SPEC } from '../support/paths.ts';
import { APIS, SCENARIO_FILES, send, SPECS, type ScenarioApi } from './scenarioApis.ts';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mockgram-catalog-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let written = 0;

/** Writes a scenario file (an object turned into YAML, or raw text) into the temp dir and returns its path. */
async function scenarioFile(content: object | string): Promise<string> {
  written += 1;
  const file = join(dir, `scenarios-${written}.yaml`);
  await writeFile(file, typeof content === 'string' ? content : stringify(content));
  return file;
}

/** Loads the mock with the good files plus `file`, and returns the error it fails with. */
async function loadError(file: string): Promise<MockgramError> {
  try {
    await createMockApp({ specs: SPECS, scenarioFiles: [...SCENARIO_FILES, file] });
  } catch (error) {
    if (error instanceof MockgramError) return error;
    throw error;
  }
  throw new Error(`${file} loaded, but it should not have`);
}

/** A one-operation file for `api` with the given scenarios (and anything else at top level). */
function fileFor(api: ScenarioApi, scenarios: object, extra: object = {}): object {
  return { spec: api.name, ...extra, operations: { [api.operationId]: { scenarios } } };
}

interface BadFile {
  readonly label: string;
  readonly content: (api: ScenarioApi) => object | string;
  /** The JSON Pointer inside the file the message must name. */
  readonly path: (api: ScenarioApi) => string;
  /** What the message must say is wrong. */
  readonly says: RegExp;
}

const BAD_FILES: readonly BadFile[] = [
  {
    label: 'wrong shape: operations is a list',
    content: (api) => ({ spec: api.name, operations: [] }),
    path: () => '/operations: ',
    says: /must be object/,
  },
  {
    label: 'wrong shape: no spec',
    content: (api) => ({ operations: { [api.operationId]: { scenarios: { ok: { status: 200 } } } } }),
    path: () => '/: ',
    says: /must have required property 'spec'/,
  },
  {
    label: 'wrong shape: an unknown scenario property',
    content: (api) => fileFor(api, { success: { status: 200, colour: 'red' } }),
    path: (api) => `/operations/${api.operationId}/scenarios/success: `,
    says: /additional properties \('colour'\)/,
  },
  {
    label: 'wrong shape: a status that is a string',
    content: (api) => fileFor(api, { success: { status: '200' } }),
    path: (api) => `/operations/${api.operationId}/scenarios/success/status: `,
    says: /must be integer/,
  },
  {
    label: 'wrong shape: a scenario with neither status, steps nor fault',
    content: (api) => fileFor(api, { vague: { description: 'answers something' } }),
    path: (api) => `/operations/${api.operationId}/scenarios/vague: `,
    says: /must have required property 'status'/,
  },
  {
    label: 'wrong shape: a scenario name with capitals',
    content: (api) => fileFor(api, { Success: { status: 200 } }),
    path: (api) => `/operations/${api.operationId}/scenarios: `,
    says: /must match pattern/,
  },
  {
    label: 'an operation the spec does not have',
    content: (api) => ({
      spec: api.name,
      operations: { deleteEverything: { scenarios: { ok: { status: 200 } } } },
    }),
    path: () => '/operations/deleteEverything: ',
    says: /operation 'deleteEverything' is not in/,
  },
  {
    label: 'a sequence with an unknown step',
    content: (api) => fileFor(api, { ok: { status: 200 }, walk: { steps: ['ok', 'teleported'] } }),
    path: (api) => `/operations/${api.operationId}/scenarios/walk/steps: `,
    says: /unknown scenario 'teleported'/,
  },
  {
    label: 'a sequence whose step is itself a sequence',
    content: (api) =>
      fileFor(api, { ok: { status: 200 }, inner: { steps: ['ok'] }, outer: { steps: ['inner'] } }),
    path: (api) => `/operations/${api.operationId}/scenarios/outer/steps: `,
    says: /step 'inner' is itself a sequence/,
  },
  {
    label: 'a success body that does not match the spec',
    content: (api) =>
      fileFor(api, {
        success: { status: 200, body: api.name === 'sensay' ? { id: 'forty-two' } : { isActive: 'yes' } },
      }),
    path: (api) => `/operations/${api.operationId}/scenarios/success: `,
    says: /its 200 answer does not match the spec/,
  },
  {
    label: 'an error body that does not match the spec',
    content: (api) =>
      fileFor(api, {
        broken: {
          status: 500,
          body: api.name === 'sensay' ? { inner_exception: { name: 42 } } : { message: 42 },
        },
      }),
    path: (api) => `/operations/${api.operationId}/scenarios/broken: `,
    says: /its 500 answer does not match the spec/,
  },
  {
    label: 'a status the operation does not document',
    content: (api) => fileFor(api, { teapot: { status: api.name === 'sensay' ? 403 : 202 } }),
    path: (api) => `/operations/${api.operationId}/scenarios/teapot: `,
    says: /status (403|202) is not documented for/,
  },
  {
    label: 'an example the spec does not have',
    content: (api) => fileFor(api, { success: { status: 200, example: 'imaginary' } }),
    path: (api) => `/operations/${api.operationId}/scenarios/success: `,
    says: /example 'imaginary' is not documented for status 200/,
  },
  {
    label: 'a rule pointing at an unknown scenario',
    content: (api) => ({
      spec: api.name,
      operations: {
        [api.operationId]: { scenarios: { ok: { status: 200 } }, rules: [{ when: true, scenario: 'ghost' }] },
      },
    }),
    path: (api) => `/operations/${api.operationId}/rules/0/scenario: `,
    says: /unknown scenario 'ghost'/,
  },
  {
    label: 'a rule whose schema does not compile',
    content: (api) => ({
      spec: api.name,
      operations: {
        [api.operationId]: {
          scenarios: { ok: { status: 200 } },
          rules: [{ when: { type: 'objekt' }, scenario: 'ok' }],
        },
      },
    }),
    path: (api) => `/operations/${api.operationId}/rules/0/when: `,
    says: /type/,
  },
  {
    label:
      'a rule whose schema breaks the JSON Schema meta-schema (a keyword with a value of the wrong type)',
    content: (api) => ({
      spec: api.name,
      operations: {
        [api.operationId]: {
          scenarios: { ok: { status: 200 } },
          rules: [{ when: { type: 'object', minProperties: 'two' }, scenario: 'ok' }],
        },
      },
    }),
    path: (api) => `/operations/${api.operationId}/rules/0/when: `,
    says: /minProperties must be integer/,
  },
  {
    label: 'credentials for a security scheme the spec does not have',
    content: (api) =>
      fileFor(api, { ok: { status: 200 } }, { credentials: { apiKeyOfSomeoneElse: { values: ['x'] } } }),
    path: () => '/credentials/apiKeyOfSomeoneElse: ',
    says: /has no security scheme 'apiKeyOfSomeoneElse'/,
  },
  {
    label: 'a spec that is not loaded',
    content: () => ({ spec: 'stripe', operations: { createCharge: { scenarios: { ok: { status: 200 } } } } }),
    path: () => '/spec: ',
    says: /no loaded spec is named 'stripe'/,
  },
  {
    label: 'a malformed fault (malformed needs a status)',
    content: (api) => fileFor(api, { half: { fault: 'malformed' } }),
    path: (api) => `/operations/${api.operationId}/scenarios/half: `,
    says: /must have required property 'status'/,
  },
  {
    label: 'a template naming a root that does not exist',
    content: (api) =>
      fileFor(api, {
        typo: { status: 500, body: { [api.name === 'sensay' ? 'error' : 'message']: '{{reqest.body}}' } },
      }),
    path: (api) => `/operations/${api.operationId}/scenarios/typo: `,
    says: /template \{\{reqest\.body\}\} starts with none of/,
  },
  {
    label: 'a template naming a body field the request does not have',
    content: (api) =>
      fileFor(api, {
        typo: {
          status: 500,
          body: { [api.name === 'sensay' ? 'error' : 'message']: 'bad {{request.body.mentoin}}' },
        },
      }),
    path: (api) => `/operations/${api.operationId}/scenarios/typo: `,
    says: /the request body has no field 'mentoin'/,
  },
  {
    label: 'a resource naming an operation the spec does not have',
    content: (api) =>
      fileFor(api, { success: { status: 200 } }, { resources: { thing: { read: 'getThing' } } }),
    path: () => '/resources/thing/read: ',
    says: /operation 'getThing' is not in/,
  },
  {
    label: 'a resource with no operation',
    content: (api) =>
      fileFor(api, { success: { status: 200 } }, { resources: { thing: { description: 'x' } } }),
    path: () => '/resources/thing: ',
    says: /must have required property/,
  },
  {
    label: 'a resource whose notFound scenario an operation it addresses lacks',
    content: (api) =>
      fileFor(
        api,
        { success: { status: 200 } },
        { resources: { thing: { remove: api.operationId, notFound: 'gone' } } },
      ),
    path: () => '/resources/thing/notFound: ',
    says: /needs a 4xx scenario named 'gone'/,
  },
];

describe.each(APIS)(
  '$name: a scenario file that does not load fails createMockApp with SCENARIO_INVALID',
  (api) => {
    it.each(BAD_FILES)('$label', async (bad) => {
      const file = await scenarioFile(bad.content(api));
      const error = await loadError(file);
      expect(error.code).toBe('SCENARIO_INVALID');
      expect(error.message).toContain(`${file}: ${bad.path(api)}`);
      expect(error.message).toMatch(bad.says);
      expect(error.hint).toMatch(/scenario file/);
    });

    it('a minimal good file of the same kind loads and answers (the bad ones fail for their fault alone)', async () => {
      const file = await scenarioFile(
        fileFor(api, {
          success: { status: 200 },
          broken: { status: 500 },
          walk: { steps: ['success', 'broken'] },
        }),
      );
      const app = await createMockApp({ specs: SPECS, scenarioFiles: [file] });
      const response = await send(app, api, { headers: { 'X-Mock-Scenario': 'broken' } });
      expect(response.status).toBe(500);
      expect(response.headers['x-mock-scenario']).toBe('broken');
    });
  },
);

describe('files that cannot be read as scenario files', () => {
  it('invalid YAML names the file and the line', async () => {
    const file = await scenarioFile('spec: sensay\noperations: [\n');
    const error = await loadError(file);
    expect(error.code).toBe('SCENARIO_INVALID');
    expect(error.message).toContain(`${file}: not valid YAML`);
    expect(error.message).toMatch(/line \d+/);
  });

  it('a duplicated scenario name is refused, not silently overwritten', async () => {
    const file = await scenarioFile(
      'spec: sensay\noperations:\n  createReplicaTelegramIntegration:\n    scenarios:\n      twice:\n        status: 200\n      twice:\n        status: 500\n',
    );
    const error = await loadError(file);
    expect(error.code).toBe('SCENARIO_INVALID');
    expect(error.message).toContain(file);
  });

  it('a missing file names itself', async () => {
    const file = join(dir, 'does-not-exist.yaml');
    const error = await loadError(file);
    expect(error.code).toBe('SCENARIO_INVALID');
    expect(error.message).toContain(`${file}: cannot be read`);
  });

  it('an empty file fails on the missing spec, not with a crash', async () => {
    const file = await scenarioFile('');
    const error = await loadError(file);
    expect(error.code).toBe('SCENARIO_INVALID');
    expect(error.message).toContain(`${file}: /: must have required property 'spec'`);
  });
});

describe('the committed scenario files', () => {
  it('the shipped scenario file schema is itself a valid JSON Schema 2020-12 document', () => {
    const ajv = new Ajv2020({ strict: true, allowUnionTypes: true });
    expect(ajv.validateSchema(fileSchema), ajv.errorsText(ajv.errors)).toBe(true);
  });
  it('load against the committed specs and serve their admin catalog', async () => {
    const app = await createMockApp({ specs: SPECS, scenarioFiles: SCENARIO_FILES });
    const response = await request(app).get('/__mock/health').expect(200);
    expect(response.body).toMatchObject({ status: 'ok' });
    const engine = app.mockgram.engine();
    const everyOperation = engine.specs.flatMap(({ index }) => index.operations);
    expect([...engine.catalog.operations.values()].map((e) => e.operation.id).sort()).toEqual(
      everyOperation.map((operation) => operation.id).sort(),
    );
  });

  it('give every operation a scenario for each status it documents', async () => {
    const app = await createMockApp({ specs: SPECS, scenarioFiles: SCENARIO_FILES });
    for (const entry of app.mockgram.engine().catalog.operations.values()) {
      const covered = new Set([...entry.scenarios.values()].map((scenario) => String(scenario.status)));
      const documented = entry.operation.responses.map((response) => response.status);
      expect(
        documented.filter((status) => !covered.has(status)),
        entry.operation.id,
      ).toEqual([]);
    }
  });

  it('declare the Sensay integration as one resource per replica, answering no-integration when missing', async () => {
    const app = await createMockApp({ specs: SPECS, scenarioFiles: SCENARIO_FILES });
    expect(app.mockgram.engine().catalog.resources.get('sensay')).toEqual([
      {
        name: 'telegram-integration',
        description: "A replica's Telegram integration; one per replica.",
        singleton: undefined,
        id: undefined,
        notFound: 'no-integration',
        operations: {
          create: ['createReplicaTelegramIntegration'],
          remove: ['deleteReplicaTelegramIntegration'],
        },
      },
    ]);
  });

  it('a defaultScenario no file defines fails with INVALID_OPTION naming the defined ones', async () => {
    await expect(
      createMockApp({ specs: SPECS, scenarioFiles: SCENARIO_FILES, defaultScenario: 'sucess' }),
    ).rejects.toMatchObject({
      code: 'INVALID_OPTION',
      message: expect.stringContaining('server-error') as unknown,
    });
  });
});

describe('sensay: checks that need its path parameter and documented response header', () => {
  const [sensay] = APIS;
  it.each([
    [
      'a template naming a path parameter the operation does not have',
      { typo: { status: 404, body: { error: '{{request.path.replicaUUI}}' } } },
      /has no path parameter 'replicaUUI'/,
    ],
  ] as const)('%s', async (_label, scenarios, says) => {
    if (sensay?.name !== 'sensay') throw new Error('APIS[0] must be Sensay');
    const error = await loadError(await scenarioFile(fileFor(sensay, scenarios)));
    expect(error.code).toBe('SCENARIO_INVALID');
    expect(error.message).toMatch(says);
  });

  it('refuses a literal response header value the spec rejects (3.0 fixture)', async () => {
    const file = await scenarioFile({
      spec: 'library-3.0',
      operations: {
        listBooks: { scenarios: { counted: { status: 200, headers: { 'X-Total-Count': 'many' } } } },
      },
    });
    await expect(createMockApp({ specs: [LIBRARY_SPEC], scenarioFiles: [file] })).rejects.toMatchObject({
      code: 'SCENARIO_INVALID',
      message: expect.stringMatching(/headers do not match the spec/) as unknown,
    });
  });

  it('accepts a literal header value the spec allows, and a templated one', async () => {
    if (sensay?.name !== 'sensay') throw new Error('APIS[0] must be Sensay');
    const file = await scenarioFile(
      fileFor(sensay, {
        dated: {
          status: 200,
          headers: { 'X-API-Version': '2025-04-01', 'X-Echo': '{{request.path.replicaUUID}}' },
        },
      }),
    );
    await expect(
      createMockApp({ specs: SPECS, scenarioFiles: [...SCENARIO_FILES, file] }),
    ).resolves.toBeDefined();
  });
});
