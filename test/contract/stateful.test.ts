import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { evaluateRuntimeExpression, type Exchange } from '../../src/contract/evaluateRuntimeExpression.ts';
import { loadScenarioInputs } from '../../src/contract/loadScenarioProbes.ts';
import { renderJunit } from '../../src/contract/renderJunit.ts';
import { renderSummary } from '../../src/contract/renderSummary.ts';
import { runContract, type CaseResult, type ContractReport } from '../../src/contract/runContract.ts';
import { toJsonReport } from '../../src/contract/toJsonReport.ts';
import { STATEFUL_CHECKS } from '../../src/contract/types.ts';
import { startBookshelfServer, type BookshelfMutant } from '../reference/bookshelfApp.ts';
import type { MutantName } from '../reference/index.ts';
import { BOOKSHELF_SPEC, SENSAY_SCENARIOS } from '../support/paths.ts';
import { parseXml } from './parseXml.ts';
import { SENSAY, TOOLZZ, startReference, type SpecRun } from './targets.ts';
import { startThings, writeThingsSpec } from './thingsTarget.ts';

const API_KEY = 'bookshelf-key';
const BOOKSHELF: SpecRun = {
  spec: BOOKSHELF_SPEC,
  basePath: '',
  headers: [['X-Api-Key', API_KEY]],
  params: {},
};

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function onBookshelf(mutant?: BookshelfMutant): Promise<ContractReport> {
  const server = await startBookshelfServer({ apiKeys: [API_KEY], mutant });
  cleanups.push(() => server.close());
  return runContract({ spec: BOOKSHELF.spec, target: server.url, headers: BOOKSHELF.headers, seed: 5 });
}

async function onReference(
  run: SpecRun,
  options: { mutant?: MutantName; safe?: boolean; stateless?: boolean } = {},
): Promise<{ report: ContractReport; rows: (table: string) => number }> {
  const server = await startReference({ mutant: options.mutant });
  cleanups.push(() => server.close());
  const report = await runContract({
    spec: run.spec,
    target: `${server.url}${run.basePath}`,
    headers: run.headers,
    params: run.params,
    seed: 5,
    safe: options.safe,
    stateless: options.stateless,
  });
  const rows = (table: string): number => {
    const row = server.db.connection.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get();
    return typeof row?.['n'] === 'number' ? row['n'] : -1;
  };
  return { report, rows };
}

const stateful = (report: ContractReport): CaseResult[] =>
  report.cases.filter((c) => c.case.kind === 'stateful');

/** Every broken rule as `<operation> <case> <check>`. */
function failures(report: ContractReport): string[] {
  return report.cases.flatMap((result) =>
    result.outcomes
      .filter((o) => !o.passed)
      .map((o) => `${result.case.operation.id} ${result.case.name} ${o.check}`),
  );
}

/**
 * The bookshelf fixture documents no 401 although every operation needs an API key: the answer to missing or wrong
 * credentials is, rightly, reported as undocumented. That is a gap of the fixture, not of the implementation.
 */
function isUndocumented401(failure: string): boolean {
  return / credentials-(missing|wrong) status-documented$/.test(failure);
}

describe('stateful checks on the bookshelf fixture (books with nested loans, no scenario file)', () => {
  it('runs the book flow around the loan flow, and every stateful check holds', async () => {
    const report = await onBookshelf();
    expect(stateful(report).map((c) => c.case.id)).toEqual([
      'createBook state:create',
      'getBook state:read-after-create',
      'listBooks state:list-after-create',
      'replaceBook state:replace',
      'getBook state:read-after-replace',
      'updateBook state:merge',
      'getBook state:read-after-merge',
      'getBook state:unknown-id',
      'replaceBook state:unknown-id',
      'updateBook state:unknown-id',
      'deleteBook state:unknown-id',
      'lendBook state:create',
      'getLoan state:read-after-create',
      'listLoans state:list-after-create',
      'getLoan state:unknown-id',
      'returnBook state:unknown-id',
      'returnBook state:delete',
      'getLoan state:read-after-delete',
      'returnBook state:delete-again',
      'deleteBook state:delete',
      'getBook state:read-after-delete',
      'deleteBook state:delete-again',
    ]);
    expect(stateful(report).every((c) => c.passed)).toBe(true);
    const checked = new Set(stateful(report).flatMap((c) => c.outcomes.map((o) => o.check)));
    expect(STATEFUL_CHECKS.filter((check) => !checked.has(check))).toEqual([]);
    expect(failures(report).filter((f) => !isUndocumented401(f))).toEqual([]);
  });

  it('sends the nested flow under the book it created, and the unknown ids are well formed', async () => {
    const report = await onBookshelf();
    const [book] = stateful(report);
    const bookId = JSON.parse(book?.response?.text ?? '{}') as { id?: string };
    const urls = stateful(report).map((c) => new URL(c.case.request.url).pathname);
    expect(
      urls
        .filter((u) => u.includes('/loans'))
        .every((u) => u.startsWith(`/shelf/v2/books/${bookId.id ?? '?'}/loans`)),
    ).toBe(true);
    const unknown = stateful(report).filter((c) => c.case.name === 'state:unknown-id');
    expect(unknown.map((c) => c.response?.status)).toEqual([404, 404, 404, 404, 404, 404]);
    expect(new URL(unknown[4]?.case.request.url ?? 'http://x').pathname).toBe(
      `/shelf/v2/books/${bookId.id ?? '?'}/loans/2000000000`,
    );
  });

  it('plain cases name the objects the run created: creates first, loans before their book is removed', async () => {
    const report = await onBookshelf();
    const plain = report.cases.filter((c) => c.case.kind !== 'stateful');
    expect([...new Set(plain.map((c) => c.case.operation.id))]).toEqual([
      'listBooks',
      'createBook',
      'getBook',
      'replaceBook',
      'updateBook',
      'listLoans',
      'lendBook',
      'getLoan',
      'returnBook',
      'deleteBook',
    ]);
    const answer = (id: string): Record<string, unknown> =>
      JSON.parse(plain.find((c) => c.case.id === id)?.response?.text ?? '{}') as Record<string, unknown>;
    const book = answer('createBook example:default');
    const loan = answer('lendBook generated');
    const getLoan = plain.find((c) => c.case.id === 'getLoan valid-request');
    expect(new URL(getLoan?.case.request.url ?? 'http://x').pathname).toBe(
      `/shelf/v2/books/${String(book['id'])}/loans/${String(loan['id'])}`,
    );
    expect(getLoan?.response?.status).toBe(200);
    expect(plain.find((c) => c.case.id === 'deleteBook valid-request')?.response?.status).toBe(204);
  });

  it('a deleted book that still reads back breaks delete-then-read, and nothing else', async () => {
    const report = await onBookshelf('bookshelf-read-serves-deleted');
    expect(report.passed).toBe(false);
    expect(failures(report).filter((f) => !isUndocumented401(f))).toEqual([
      'getBook state:read-after-delete delete-then-read',
    ]);
  });
});

describe('ids from OpenAPI links', () => {
  async function onThings(withLinks: boolean, deleteDocuments404 = true): Promise<ContractReport> {
    const spec = await writeThingsSpec(withLinks, deleteDocuments404);
    const server = await startThings();
    cleanups.push(async () => {
      await server.close();
      await rm(dirname(spec), { recursive: true, force: true });
    });
    return runContract({ spec, target: server.url, seed: 2 });
  }

  it('takes the item path parameter from the links of the create answer (here `key`, not the `id` inference picks)', async () => {
    const report = await onThings(true);
    expect(failures(report)).toEqual([]);
    expect(stateful(report).map((c) => [c.case.id, c.response?.status])).toEqual([
      ['createThing state:create', 201],
      ['getThing state:read-after-create', 200],
      ['getThing state:unknown-id', 404],
      ['deleteThing state:unknown-id', 404],
      ['deleteThing state:delete', 204],
      ['getThing state:read-after-delete', 404],
      ['deleteThing state:delete-again', 404],
    ]);
    const created = JSON.parse(stateful(report)[0]?.response?.text ?? '{}') as { key?: string };
    expect(stateful(report)[1]?.case.request.url).toMatch(new RegExp(`/things/${created.key ?? '?'}$`));
  });

  it('a 404 the spec does not document is not expected: the checks that need it are notes, not failures', async () => {
    const report = await onThings(true, false);
    expect(stateful(report).map((c) => c.case.id)).toEqual([
      'createThing state:create',
      'getThing state:read-after-create',
      'getThing state:unknown-id',
      'deleteThing state:delete',
      'getThing state:read-after-delete',
    ]);
    expect(report.notes).toEqual([
      'unknown-id not checked for deleteThing: it documents no 404',
      'delete-twice not checked for deleteThing: it documents no 404',
    ]);
    expect(stateful(report).every((c) => c.passed)).toBe(true);
  });

  it('without the links, the same target fails: inference names the object by its `id`', async () => {
    const report = await onThings(false);
    expect(failures(report)).toEqual(
      expect.arrayContaining(['getThing state:read-after-create read-after-create']),
    );
  });
});

describe('--safe and --stateless', () => {
  it('--safe creates nothing: only unknown-id reads of the stateful checks, and the notes say what was skipped', async () => {
    const { report, rows } = await onReference(TOOLZZ, { safe: true });
    expect(rows('toolzz_telegram_integrations')).toBe(0);
    expect(report.cases.filter((c) => c.case.kind !== 'negative').map((c) => c.case.id)).toEqual([
      'listTelegramIntegrationsByUnit valid-request',
      'getTelegramIntegration state:unknown-id',
    ]);
    expect(report.passed).toBe(true);
    expect(report.notes).toEqual([
      'getTelegramIntegration: valid requests not sent: they need an existing integrationId and --safe creates nothing; pass --param integrationId=<id> to name one',
      '--safe: nothing is created, so only unknown-id is checked (and only by reads): read-after-create, update-then-read, list-after-create, delete-then-read, delete-twice are not run',
    ]);
    const sensay = await onReference(SENSAY, { safe: true });
    expect(sensay.rows('sensay_telegram_integrations')).toBe(0);
    expect(stateful(sensay.report)).toEqual([]);
  });

  it('--stateless runs no stateful check and says so; ids from create answers are still used', async () => {
    const { report } = await onReference(TOOLZZ, { stateless: true });
    expect(stateful(report)).toEqual([]);
    expect(report.stateless).toBe(true);
    expect(report.notes).toContain(
      '--stateless: the stateful checks (read-after-create, update-then-read, list-after-create, delete-then-read, delete-twice, unknown-id) are not run',
    );
    expect(
      report.cases.find((c) => c.case.id === 'getTelegramIntegration valid-request')?.response?.status,
    ).toBe(200);
    expect(renderSummary(report)).toContain(' | stateless | ');
    expect(toJsonReport(report)).toMatchObject({ stateless: true, passed: true });
  });
});

describe('stateful checks in the reports', () => {
  it('the summary, JUnit and JSON carry them like the other checks', async () => {
    const { report } = await onReference(TOOLZZ, { mutant: 'toolzz-update-not-persisted' });
    const summary = renderSummary(report);
    expect(summary).toContain(
      'FAIL getTelegramIntegration state:read-after-replace (stateful: reads the TelegramIntegration again: the answer must show the replacement)',
    );
    expect(summary).toMatch(
      /\n {2}update-then-read: title: the update sent "Telegram Support \(private\)", the read answers "Telegram Support"/,
    );
    expect(summary).toContain('update-then-read 0/1');
    expect(summary).toContain('read-after-create 1/1');

    const suites = parseXml(renderJunit(report)).children;
    const testcases = (operation: string): string[] =>
      suites
        .find((s) => s.attributes['name'] === `toolzz ${operation}`)
        ?.children.filter((c) => c.name === 'testcase')
        .map(
          (c) =>
            `${c.attributes['name'] ?? ''}${c.children.some((x) => x.name === 'failure') ? ' FAILED' : ''}`,
        ) ?? [];
    expect(testcases('getTelegramIntegration')).toEqual(
      expect.arrayContaining(['read-after-create', 'update-then-read FAILED', 'unknown-id']),
    );
    expect(testcases('listTelegramIntegrationsByUnit')).toContain('list-after-create');
    expect(
      testcases('createTelegramIntegration').filter((name) =>
        STATEFUL_CHECKS.some((c) => name.startsWith(c)),
      ),
    ).toEqual([]);

    const json = toJsonReport(report);
    expect(json.summary.checks['update-then-read']).toEqual({ passed: 0, failed: 1, warned: 0 });
    expect(json.summary.checks['unknown-id']).toEqual({ passed: 2, failed: 0, warned: 0 });
    expect(json.cases.find((c) => c.id === 'getTelegramIntegration state:read-after-replace')).toMatchObject({
      kind: 'stateful',
      passed: false,
      expect: { kind: 'accept', allowedStatuses: [] },
    });
  });
});

describe('resources declared in scenario files', () => {
  it('Sensay with --scenarios: the declared one-per-replica integration is created, deleted, and deleted again (404)', async () => {
    const server = await startReference();
    cleanups.push(() => server.close());
    const inputs = await loadScenarioInputs(SENSAY.spec, [SENSAY_SCENARIOS]);
    expect(inputs.resources.map((r) => r.name)).toEqual(['telegram-integration']);
    const report = await runContract({
      spec: SENSAY.spec,
      target: server.url,
      headers: SENSAY.headers,
      params: SENSAY.params,
      resources: inputs.resources,
      seed: 5,
    });
    expect(report.passed).toBe(true);
    expect(stateful(report).map((c) => [c.case.id, c.response?.status, c.case.description])).toEqual([
      [
        'createReplicaTelegramIntegration state:create',
        200,
        'creates a telegram-integration for the stateful checks',
      ],
      ['deleteReplicaTelegramIntegration state:delete', 200, 'deletes the telegram-integration just created'],
      [
        'deleteReplicaTelegramIntegration state:delete-again',
        404,
        'deletes the deleted telegram-integration again: the documented 404',
      ],
    ]);
    expect(JSON.parse(stateful(report)[2]?.response?.text ?? '{}')).toMatchObject({
      success: false,
      error: `Replica ${SENSAY.params['replicaUUID'] ?? ''} has no Telegram integration`,
    });
  });
});

describe('OpenAPI runtime expressions', () => {
  const exchange: Exchange = {
    method: 'POST',
    url: 'http://api.test/books/b-1/loans?x=1',
    pathParams: { bookId: 'b-1' },
    query: [['x', '1']],
    requestHeaders: [['X-Trace', 't-9']],
    requestBody: { borrower: 'Ann' },
    status: 201,
    responseHeaders: { location: '/books/b-1/loans/7' },
    responseBody: { id: 7, nested: { list: ['a', 'b'] }, flag: true, object: {} },
  };

  it.each([
    ['$response.body#/id', '7'],
    ['$response.body#/nested/list/1', 'b'],
    ['$response.body#/flag', 'true'],
    ['$response.body#/object', undefined],
    ['$response.body#/missing', undefined],
    ['$response.header.Location', '/books/b-1/loans/7'],
    ['$request.path.bookId', 'b-1'],
    ['$request.query.x', '1'],
    ['$request.header.x-trace', 't-9'],
    ['$request.body#/borrower', 'Ann'],
    ['$statusCode', '201'],
    ['$method', 'POST'],
    ['loan-{$response.body#/id}-of-{$request.path.bookId}', 'loan-7-of-b-1'],
    ['loan-{$response.body#/missing}', undefined],
    ['a constant', 'a constant'],
    [42, '42'],
  ])('%j -> %j', (expression, value) => {
    expect(evaluateRuntimeExpression(expression, exchange)).toBe(value);
  });
});
