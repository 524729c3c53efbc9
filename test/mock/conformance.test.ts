import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMockApp, type MockApp } from '../../src/index.ts';
import { loadSpecChecker } from '../support/responseChecker.ts';
import { LIBRARY_SPEC, SENSAY_SPEC, TOOLZZ_SPEC } from '../support/paths.ts';
import { VALID_REQUESTS, type ValidRequest } from './validRequests.ts';

const SPECS = [SENSAY_SPEC, TOOLZZ_SPEC, LIBRARY_SPEC];
const checkers = await Promise.all(SPECS.map((spec) => loadSpecChecker(spec)));

/** A concrete status code that selects the documented response `status` (`200`, `4XX` or `default`). */
function concreteStatus(status: string, documented: readonly string[]): number {
  if (/^\d{3}$/.test(status)) return Number(status);
  const range = /^([1-5])XX$/.exec(status)?.[1];
  const candidates =
    range === undefined
      ? [418, 422, 503, 299]
      : Array.from({ length: 100 }, (_, i) => Number(range) * 100 + i);
  const free = candidates.find(
    (code) => !documented.includes(String(code)) && !documented.includes(`${String(code)[0] ?? ''}XX`),
  );
  return free ?? (range === undefined ? 418 : Number(range) * 100);
}

const cases = checkers.flatMap((checker) =>
  checker.spec.operations.flatMap((operation) => {
    const documented = operation.responses.map((r) => r.status);
    return documented.map((status) => ({
      spec: checker.spec.name,
      checker,
      operationId: operation.id,
      status,
      code: concreteStatus(status, documented),
    }));
  }),
);

function send(app: MockApp, valid: ValidRequest, extra: Record<string, string> = {}) {
  const pending = request(app)[valid.method](valid.path).set(valid.headers).set(extra);
  return valid.body === undefined
    ? pending
    : pending.set('Content-Type', 'application/json').send(JSON.stringify(valid.body));
}

function recipe(operationId: string): ValidRequest {
  const found = VALID_REQUESTS[operationId];
  if (!found) throw new Error(`no valid request is written for ${operationId}; add one to validRequests.ts`);
  return found;
}

describe('every answer the mock sends validates against its spec', () => {
  let app: MockApp;

  // Without state, so every valid request gets its success status: the stateful answers have suites of their own.
  beforeAll(async () => {
    app = await createMockApp({ specs: SPECS, stateless: true });
  });

  it('walks every operation of the three specs (none is left without a request)', () => {
    const operations = checkers.flatMap((c) => c.spec.operations.map((o) => o.id));
    expect(operations).toEqual(
      expect.arrayContaining([
        'createReplicaTelegramIntegration',
        'createTelegramIntegration',
        'listBooks',
        'createBook',
        'getBook',
        'deleteBook',
      ]),
    );
    for (const id of operations) expect(VALID_REQUESTS[id], id).toBeDefined();
    expect(cases.length).toBeGreaterThanOrEqual(operations.length * 2);
  });

  it.each(cases)('$spec $operationId: Prefer: code=$code answers the documented $status', async (item) => {
    const response = await send(app, recipe(item.operationId), { Prefer: `code=${String(item.code)}` });
    expect(response.status).toBe(item.code);
    expect(response.headers['x-mock-scenario']).toBe(`prefer-code-${String(item.code)}`);
    expect(item.checker.problems(item.operationId, response)).toEqual([]);
  });

  it.each(
    checkers.flatMap((checker) => checker.spec.operations.map((o) => ({ checker, operationId: o.id }))),
  )('$operationId: the default answer to a valid request validates', async ({ checker, operationId }) => {
    const response = await send(app, recipe(operationId));
    expect(response.status).toBeGreaterThanOrEqual(200);
    expect(response.status).toBeLessThan(300);
    expect(checker.problems(operationId, response)).toEqual([]);
  });

  it('an undocumented Prefer: code is refused with 400 naming the documented statuses', async () => {
    const response = await send(app, recipe('createTelegramIntegration'), { Prefer: 'code=418' });
    expect(response.status).toBe(400);
    expect(response.text).toContain('418');
    expect(response.text).toContain('documented');
  });
});

describe('library (OpenAPI 3.0): the required response header', () => {
  it('listBooks 200 carries X-Total-Count as a non-negative integer', async () => {
    const app = await createMockApp({ specs: [LIBRARY_SPEC] });
    const response = await send(app, recipe('listBooks'));
    expect(response.status).toBe(200);
    expect(response.headers['x-total-count']).toMatch(/^\d+$/);
    const checker = checkers.find((c) => c.spec.name === 'library-3.0');
    expect(checker?.problems('listBooks', response)).toEqual([]);
  });
});
