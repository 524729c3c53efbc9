import { base, en, Faker } from '@faker-js/faker';
import type { ErrorObject } from 'ajv';
import { planCases } from '../../src/contract/planCases.ts';
import type { ContractCase, HeaderLine, WireRequest } from '../../src/contract/types.ts';
import { createMockEngine, type MockEngine } from '../../src/engine/createMockEngine.ts';
import type { MockResult } from '../../src/engine/handleMockRequest.ts';
import { MockgramError } from '../../src/errors.ts';
import { essence, findMediaType, isJsonMediaType } from '../../src/http/mediaType.ts';
import { findResponse } from '../../src/mock/findResponse.ts';
import { isRecord } from '../../src/spec/isRecord.ts';
import type { OperationSpec, SecuritySchemeSpec, SpecIndex } from '../../src/spec/types.ts';
import type { OperationValidators } from '../../src/validate/compileSpecValidators.ts';

const TARGET = 'http://sweep.test';

/** What one operation did when swept. */
export interface OperationSweep {
  readonly id: string;
  /** A valid request got a 2xx whose body and headers the spec's validators accept. */
  readonly valid: boolean;
  /** An invalid request (one rule broken) got a 4xx. */
  readonly rejected: boolean;
  /** Why `valid` or `rejected` is false. */
  readonly problems: readonly string[];
}

export type SpecSweep =
  | { readonly loaded: false; readonly error: MockgramError }
  | {
      readonly loaded: true;
      readonly version: string;
      readonly operations: readonly OperationSweep[];
    };

/**
 * Loads a spec into the engine, then for every operation sends (in process, through `engine.handle`) a valid request
 * planned by the contract runner's machinery and one request with a rule broken, and judges the answers with the
 * spec's compiled validators. A spec that does not load must fail with a MockgramError (anything else is thrown).
 */
export async function sweepSpec(file: string, seed = 1): Promise<SpecSweep> {
  let engine: MockEngine;
  try {
    // Generated answers for any id: with state, a read of an id nothing created is (rightly) a 404.
    engine = await createMockEngine([file], { seed, stateless: true });
  } catch (error) {
    if (error instanceof MockgramError) return { loaded: false, error };
    throw error;
  }
  const [loaded] = engine.specs;
  if (!loaded) throw new Error(`no spec loaded from ${file}`);
  const { index } = loaded;
  const operations: OperationSweep[] = [];
  for (const operation of index.operations)
    operations.push(await sweepOperation(engine, index, operation, seed));
  return { loaded: true, version: index.version, operations };
}

async function sweepOperation(
  engine: MockEngine,
  spec: SpecIndex,
  operation: OperationSpec,
  seed: number,
): Promise<OperationSweep> {
  const problems: string[] = [];
  let validators: OperationValidators;
  try {
    validators = engine.prepared(operation).validators;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { id: operation.id, valid: false, rejected: false, problems: [`validators: ${reason}`] };
  }
  const faker = new Faker({ locale: [en, base] });
  faker.seed(seed);
  const credentials = credentialsFor(spec, operation);
  const plan = planCases(spec, new Map([[operation, validators]]), {
    target: `${TARGET}${spec.basePath}`,
    headers: credentials.headers,
    params: {},
    faker,
    now: new Date(Date.UTC(2026, 0, 1)),
    safe: false,
    allowedStatuses: [],
  });
  const positive =
    plan.cases.find((c) => c.kind === 'positive' && (c.name === 'generated' || c.name === 'valid-request')) ??
    plan.cases.find((c) => c.kind === 'positive');
  let valid = false;
  if (!positive) problems.push(`no valid request planned: ${plan.notes.join('; ') || 'no case'}`);
  else {
    const result = await send(engine, withQuery(positive.request, credentials.query));
    const judged = judgeSuccess(operation, validators, result);
    valid = judged.length === 0;
    problems.push(...judged.map((p) => `${positive.name}: ${p}`));
  }
  // A broken rule of the request itself first; then credentials (left out, unless they travel in the query,
  // where this sweep adds them to every request); then an undocumented method.
  const negatives = plan.cases.filter((c) => c.kind === 'negative');
  const negative =
    negatives.find((c) => !c.name.startsWith('method-') && !c.name.startsWith('credentials-')) ??
    negatives.find((c) => c.name === 'credentials-missing' && credentials.query.length === 0) ??
    negatives.find((c) => c.name.startsWith('method-'));
  let rejected = false;
  if (!negative) problems.push('no invalid request planned');
  else {
    const result = await send(engine, withQuery(negative.request, credentials.query));
    rejected = result.status >= 400 && result.status < 500;
    if (!rejected) problems.push(`${negative.name}: expected a 4xx, got ${result.status}`);
  }
  return { id: operation.id, valid, rejected, problems };
}

function judgeSuccess(
  operation: OperationSpec,
  validators: OperationValidators,
  result: MockResult,
): string[] {
  // An operation that documents no 2xx but a redirect (a download answered with 302) succeeds with it.
  const documentsSuccess = operation.responses.some(
    (r) => r.status.startsWith('2') || r.status === 'default',
  );
  const success = result.status >= 200 && result.status < (documentsSuccess ? 300 : 400);
  if (!success) return [`got ${result.status}: ${(result.body ?? '').slice(0, 300)}`];
  const documented = findResponse(operation.responses, result.status);
  if (!documented) return [`${result.status} is not documented`];
  const compiled = validators.responses.get(documented.status);
  const problems: string[] = [];
  const contentType = essence(result.headers['Content-Type']);
  if (documented.content.length > 0 && result.body !== undefined && result.body !== '') {
    const media = contentType === undefined ? undefined : findMediaType(documented.content, contentType);
    if (!media)
      problems.push(`Content-Type ${contentType ?? '(none)'} is not documented for ${documented.status}`);
    const validate = media && compiled?.bodies.get(media.mediaType);
    if (validate && contentType !== undefined && isJsonMediaType(contentType)) {
      let body: unknown;
      try {
        body = JSON.parse(result.body);
        if (!validate(body)) problems.push(`body: ${describeErrors(validate.errors ?? [], body)}`);
      } catch {
        problems.push('body is not JSON');
      }
    }
  }
  const headers: Record<string, string> = {};
  for (const header of documented.headers) {
    const value = Object.entries(result.headers).find(([name]) => name.toLowerCase() === header.key)?.[1];
    if (value !== undefined) headers[header.key] = value;
  }
  if (compiled?.headers && !compiled.headers(headers))
    problems.push(`headers: ${JSON.stringify(compiled.headers.errors?.slice(0, 3)).slice(0, 300)}`);
  return problems;
}

async function send(engine: MockEngine, request: WireRequest): Promise<MockResult> {
  const url = new URL(request.url);
  const headers: Record<string, string> = { host: url.host };
  for (const [name, value] of request.headers) headers[name.toLowerCase()] = value;
  const body = Buffer.from(request.body ?? '');
  if (request.body !== undefined) headers['content-length'] = String(body.length);
  return engine.handle({ method: request.method, url: `${url.pathname}${url.search}`, headers }, () =>
    Promise.resolve({ kind: 'ok', bytes: body }),
  );
}

interface Credentials {
  readonly headers: HeaderLine[];
  readonly query: [string, string][];
}

/** Well-formed credentials for the operation's first security requirement (the mock accepts any such). */
function credentialsFor(spec: SpecIndex, operation: OperationSpec): Credentials {
  const out: Credentials = { headers: [], query: [] };
  const cookies: string[] = [];
  const [requirement = []] = operation.security.filter((r) => r.length > 0);
  for (const key of requirement) {
    const scheme: SecuritySchemeSpec | undefined = spec.securitySchemes.get(key);
    if (!scheme) continue;
    if (scheme.type === 'apiKey') {
      const name = scheme.parameterName ?? 'api_key';
      if (scheme.in === 'query') out.query.push([name, 'sweep-key']);
      else if (scheme.in === 'cookie') cookies.push(`${name}=sweep-key`);
      else out.headers.push([name, 'sweep-key']);
    } else if (scheme.type === 'http' && scheme.scheme === 'basic') {
      out.headers.push(['Authorization', `Basic ${Buffer.from('sweep:key').toString('base64')}`]);
    } else if (scheme.type === 'http') {
      const word = scheme.scheme ?? 'bearer';
      out.headers.push(['Authorization', `${word.charAt(0).toUpperCase()}${word.slice(1)} sweep-token`]);
    } else if (scheme.type === 'oauth2' || scheme.type === 'openIdConnect') {
      out.headers.push(['Authorization', 'Bearer sweep-token']);
    }
  }
  if (cookies.length > 0) out.headers.push(['Cookie', cookies.join('; ')]);
  return out;
}

function withQuery(request: WireRequest, query: readonly [string, string][]): WireRequest {
  if (query.length === 0) return request;
  const url = new URL(request.url);
  for (const [name, value] of query) url.searchParams.append(name, value);
  return { ...request, url: url.toString() };
}

/** The planned cases of a sweep, for tests that want to look at them. */
export type PlannedCase = ContractCase;

/** The first schema errors, each with the value it is about. */
function describeErrors(errors: readonly ErrorObject[], body: unknown): string {
  return errors
    .slice(0, 3)
    .map((error) => {
      let value: unknown = body;
      for (const token of error.instancePath.split('/').slice(1)) {
        const key = token.replaceAll('~1', '/').replaceAll('~0', '~');
        value = isRecord(value)
          ? value[key]
          : Array.isArray(value)
            ? (value as unknown[])[Number(key)]
            : undefined;
      }
      const shown = value === undefined ? 'undefined' : JSON.stringify(value);
      return `${error.instancePath || '/'} ${error.message ?? error.keyword} (${shown.slice(0, 80)})`;
    })
    .join('; ');
}
