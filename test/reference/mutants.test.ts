import type { Express } from 'express';
import request from 'supertest';
import type { Response, Test } from 'supertest';
import { describe, expect, it } from 'vitest';
import { createReferenceApp } from './app.ts';
import {
  ORGANIZATION_SECRET,
  REPLICA,
  TELEGRAM_TOKEN,
  TOOLZZ_PATH,
  TOOLZZ_TOKEN,
  UNIT,
  UNKNOWN_INTEGRATION,
  UNKNOWN_REPLICA,
  VALID_SENSAY_BODY,
  VALID_TOOLZZ_BODY,
  referenceOptions,
  sensayPath,
} from './fixtures.ts';
import { ASSUMPTION_VARIANTS, MUTANTS, MUTANT_CAUGHT_BY, isMutantName } from './mutants.ts';
import type { MutantName } from './mutants.ts';
import { jsonObjectOf } from './responses.ts';

/** One request that tells the reference and a mutant apart, and what each should show. */
interface MutantProbe {
  /** One request, or a short sequence for the stateful mutants (the last answer is observed). */
  readonly send: (app: Express) => PromiseLike<Response>;
  readonly observe: (response: Response) => unknown;
  readonly correct: unknown;
  readonly mutated: unknown;
}

function sensay(app: Express, path = sensayPath(REPLICA)): Test {
  return request(app).post(path).set('X-ORGANIZATION-SECRET', ORGANIZATION_SECRET);
}

function toolzz(app: Express): Test {
  return request(app).post(TOOLZZ_PATH).set('Authorization', `Bearer ${TOOLZZ_TOKEN}`);
}

function toolzzCall(app: Express, method: 'get' | 'put', path: string): Test {
  return request(app)[method](path).set('Authorization', `Bearer ${TOOLZZ_TOKEN}`);
}

function deleteSensay(app: Express): Test {
  return request(app).delete(sensayPath(REPLICA)).set('X-ORGANIZATION-SECRET', ORGANIZATION_SECRET);
}

/** Creates a Toolzz integration and returns its id. */
async function createdToolzzId(app: Express): Promise<string> {
  const id = jsonObjectOf(await toolzz(app).send(VALID_TOOLZZ_BODY)).id;
  if (typeof id !== 'string') throw new TypeError(`id is ${typeof id}`);
  return id;
}

const status = (response: Response): number => response.status;
const has = (property: string) => (response: Response) => Object.hasOwn(jsonObjectOf(response), property);
const typeOf = (property: string) => (response: Response) => {
  const value = jsonObjectOf(response)[property];
  return Array.isArray(value) ? 'array' : typeof value;
};

const probes: Readonly<Record<MutantName, MutantProbe>> = {
  'sensay-id-as-string': {
    send: (app) => sensay(app).send(VALID_SENSAY_BODY),
    observe: typeOf('id'),
    correct: 'number',
    mutated: 'string',
  },
  'sensay-missing-success': {
    send: (app) => sensay(app).send(VALID_SENSAY_BODY),
    observe: has('success'),
    correct: true,
    mutated: false,
  },
  'sensay-403-for-bad-credentials': {
    send: (app) =>
      request(app).post(sensayPath(REPLICA)).set('X-ORGANIZATION-SECRET', 'wrong').send(VALID_SENSAY_BODY),
    observe: status,
    correct: 401,
    mutated: 403,
  },
  'sensay-accepts-missing-mention': {
    send: (app) => sensay(app).send({ telegram_token: TELEGRAM_TOKEN }),
    observe: status,
    correct: 400,
    mutated: 200,
  },
  'sensay-accepts-extra-properties': {
    send: (app) => sensay(app).send({ ...VALID_SENSAY_BODY, owner: 'me' }),
    observe: status,
    correct: 400,
    mutated: 200,
  },
  'sensay-accepts-text-plain': {
    send: (app) => sensay(app).type('text').send(JSON.stringify(VALID_SENSAY_BODY)),
    observe: status,
    correct: 415,
    mutated: 200,
  },
  'sensay-accepts-invalid-replica-uuid': {
    send: (app) => sensay(app, sensayPath('replica-42')).send(VALID_SENSAY_BODY),
    observe: status,
    correct: 400,
    mutated: 404,
  },
  'sensay-error-without-request-id': {
    send: (app) => sensay(app, sensayPath(UNKNOWN_REPLICA)).send(VALID_SENSAY_BODY),
    observe: has('request_id'),
    correct: true,
    mutated: false,
  },
  'sensay-html-error-pages': {
    send: (app) => request(app).post(sensayPath(REPLICA)).send(VALID_SENSAY_BODY),
    observe: (response) => response.type,
    correct: 'application/json',
    mutated: 'text/html',
  },
  'sensay-500-on-malformed-json': {
    send: (app) => sensay(app).type('json').send('{"mention": }'),
    observe: status,
    correct: 400,
    mutated: 500,
  },
  'sensay-ignores-credentials': {
    send: (app) => request(app).post(sensayPath(REPLICA)).send(VALID_SENSAY_BODY),
    observe: status,
    correct: 401,
    mutated: 200,
  },
  'toolzz-missing-isTokenMasked': {
    send: (app) => toolzz(app).send(VALID_TOOLZZ_BODY),
    observe: has('isTokenMasked'),
    correct: true,
    mutated: false,
  },
  'toolzz-scope-not-in-enum': {
    send: (app) => toolzz(app).send({ ...VALID_TOOLZZ_BODY, scope: 'both' }),
    observe: (response) => jsonObjectOf(response).scope,
    correct: 'both',
    mutated: 'group',
  },
  'toolzz-timestamps-as-epoch-numbers': {
    send: (app) => toolzz(app).send(VALID_TOOLZZ_BODY),
    observe: typeOf('createdAt'),
    correct: 'string',
    mutated: 'number',
  },
  'toolzz-204-on-create': {
    send: (app) => toolzz(app).send(VALID_TOOLZZ_BODY),
    observe: (response) => [response.status, response.text],
    correct: [200, expect.stringContaining('"isTokenMasked":true') as unknown],
    mutated: [204, ''],
  },
  'toolzz-accepts-text-plain': {
    send: (app) => toolzz(app).type('text').send(JSON.stringify(VALID_TOOLZZ_BODY)),
    observe: status,
    correct: 415,
    mutated: 200,
  },
  'toolzz-id-not-uuid': {
    send: (app) => toolzz(app).send(VALID_TOOLZZ_BODY),
    observe: (response) =>
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(
        String(jsonObjectOf(response).id),
      ),
    correct: true,
    mutated: false,
  },
  'toolzz-201-on-create': {
    send: (app) => toolzz(app).send(VALID_TOOLZZ_BODY),
    observe: status,
    correct: 200,
    mutated: 201,
  },
  'toolzz-accepts-invalid-scope': {
    send: (app) => toolzz(app).send({ ...VALID_TOOLZZ_BODY, scope: 'everywhere' }),
    observe: status,
    correct: 400,
    mutated: 200,
  },
  'toolzz-accepts-missing-bearer': {
    send: (app) => request(app).post(TOOLZZ_PATH).send(VALID_TOOLZZ_BODY),
    observe: status,
    correct: 401,
    mutated: 200,
  },
  'toolzz-401-as-200-error-body': {
    send: (app) =>
      request(app).post(TOOLZZ_PATH).set('Authorization', 'Bearer wrong').send(VALID_TOOLZZ_BODY),
    observe: status,
    correct: 401,
    mutated: 200,
  },
  'toolzz-400-for-wrong-content-type': {
    send: (app) => toolzz(app).type('text').send(JSON.stringify(VALID_TOOLZZ_BODY)),
    observe: status,
    correct: 415,
    mutated: 400,
  },
  'toolzz-error-message-as-object': {
    send: (app) => toolzz(app).send({ ...VALID_TOOLZZ_BODY, title: '' }),
    observe: typeOf('message'),
    correct: 'array',
    mutated: 'object',
  },
  'toolzz-500-on-array-body': {
    send: (app) => toolzz(app).send([VALID_TOOLZZ_BODY]),
    observe: status,
    correct: 400,
    mutated: 500,
  },
  'sensay-delete-keeps-integration': {
    send: async (app) => {
      await sensay(app).send(VALID_SENSAY_BODY);
      await deleteSensay(app);
      return deleteSensay(app);
    },
    observe: status,
    correct: 404,
    mutated: 200,
  },
  'sensay-second-delete-200': {
    send: (app) => deleteSensay(app),
    observe: status,
    correct: 404,
    mutated: 200,
  },
  'toolzz-read-differs-from-create': {
    send: async (app) => toolzzCall(app, 'get', `${TOOLZZ_PATH}/${await createdToolzzId(app)}`),
    observe: (response) => jsonObjectOf(response).isActive,
    correct: true,
    mutated: false,
  },
  'toolzz-update-not-persisted': {
    send: async (app) => {
      const path = `${TOOLZZ_PATH}/${await createdToolzzId(app)}`;
      await toolzzCall(app, 'put', path).send({ ...VALID_TOOLZZ_BODY, title: 'Renamed' });
      return toolzzCall(app, 'get', path);
    },
    observe: (response) => jsonObjectOf(response).title,
    correct: 'Renamed',
    mutated: VALID_TOOLZZ_BODY.title,
  },
  'toolzz-unknown-id-200': {
    send: (app) => toolzzCall(app, 'get', `${TOOLZZ_PATH}/${UNKNOWN_INTEGRATION}`),
    observe: status,
    correct: 404,
    mutated: 200,
  },
  'toolzz-list-misses-newest': {
    send: async (app) => {
      await createdToolzzId(app);
      return toolzzCall(app, 'get', `${TOOLZZ_PATH}/unit/${UNIT}`);
    },
    observe: (response) => {
      const { data } = jsonObjectOf(response);
      return Array.isArray(data) ? data.length : `data is ${typeof data}`;
    },
    correct: 1,
    mutated: 0,
  },
};

function appFor(mutant?: MutantName): Express {
  return createReferenceApp(referenceOptions(mutant === undefined ? {} : { mutant }));
}

describe('mutants', () => {
  it.each([...MUTANTS, ...ASSUMPTION_VARIANTS])('%s deviates on its probe', async (mutant) => {
    const probe = probes[mutant];
    expect(probe.observe(await probe.send(appFor(mutant)))).toEqual(probe.mutated);
  });

  it.each([...MUTANTS, ...ASSUMPTION_VARIANTS])(
    'the reference answers the %s probe correctly',
    async (mutant) => {
      const probe = probes[mutant];
      expect(probe.observe(await probe.send(appFor()))).toEqual(probe.correct);
    },
  );

  it.each([...MUTANTS, ...ASSUMPTION_VARIANTS])('%s leaves the other API untouched', async (mutant) => {
    const app = appFor(mutant);
    const response = mutant.startsWith('sensay-')
      ? await toolzz(app).send(VALID_TOOLZZ_BODY)
      : await sensay(app).send(VALID_SENSAY_BODY);
    const reference = mutant.startsWith('sensay-')
      ? await toolzz(appFor()).send(VALID_TOOLZZ_BODY)
      : await sensay(appFor()).send(VALID_SENSAY_BODY);
    expect([response.status, Object.keys(jsonObjectOf(response))]).toEqual([
      reference.status,
      Object.keys(jsonObjectOf(reference)),
    ]);
  });

  it('names the check that catches every mutant, and nothing else', () => {
    expect(Object.keys(MUTANT_CAUGHT_BY)).toEqual([...MUTANTS]);
    expect(MUTANTS.length).toBeGreaterThanOrEqual(10);
  });

  it('recognises mutant names', () => {
    expect([isMutantName('toolzz-201-on-create'), isMutantName('toolzz-202-on-create')]).toEqual([
      true,
      false,
    ]);
  });
});
