import { randomInt } from 'node:crypto';
import { base, en, Faker } from '@faker-js/faker';
import { MockgramError } from '../errors.ts';
import { objectProperties } from '../mock/schemaView.ts';
import { inferResources } from '../resources/inferResources.ts';
import type { ResourceDeclaration } from '../resources/types.ts';
import { indexOperations } from '../spec/indexOperations.ts';
import { loadSpecDocument } from '../spec/loadSpecDocument.ts';
import type { OpenApiVersion, OperationSpec, SpecIndex } from '../spec/types.ts';
import { compileSpecValidators, type OperationValidators } from '../validate/compileSpecValidators.ts';
import { buildBaseline } from './buildBaseline.ts';
import { checkResponse } from './checkResponse.ts';
import { createIdBinder } from './createIdBinder.ts';
import {
  detectSetupProblem,
  sentCases,
  stopsTheRun,
  unreplayedScenario,
  type SetupProblem,
} from './detectSetupProblem.ts';
import { formatCurl } from './formatCurl.ts';
import { redactRequest, secretValues } from './redactSecrets.ts';
import { judgeScenario, type ScenarioVerdict } from './judgeScenario.ts';
import { planCases, type PlanOptions } from './planCases.ts';
import { planStatefulCases } from './planStatefulCases.ts';
import { provokeScenario, type ScenarioProbe } from './provokeScenario.ts';
import { runStatefulChecks } from './runStatefulChecks.ts';
import { sendRequest } from './sendRequest.ts';
import {
  outcomeState,
  type CheckOutcome,
  type ContractCase,
  type HeaderLine,
  type WireRequest,
  type WireResponse,
} from './types.ts';

export type { ScenarioProbe } from './provokeScenario.ts';
export type { ScenarioVerdict } from './judgeScenario.ts';
export type { SetupProblem } from './detectSetupProblem.ts';

export interface ContractOptions {
  /** The OpenAPI 3.0/3.1 file. */
  readonly spec: string;
  /** Replaces the spec's server URL, path included (`http://127.0.0.1:4010/api` for a spec served at `/api`). */
  readonly target: string;
  /** Sent on every request except where a case removes or changes them (credentials). */
  readonly headers?: readonly HeaderLine[] | undefined;
  /** Values for path (query, header) parameters and top-level body properties that must name real resources. */
  readonly params?: Readonly<Record<string, string>> | undefined;
  /** Only these operation ids (default: all). */
  readonly operations?: readonly string[] | undefined;
  /** Same seed, same requests (default: a random one, shown in the report). */
  readonly seed?: number | undefined;
  /** Send only requests that cannot create anything: negative cases, and positive ones for safe methods. */
  readonly safe?: boolean | undefined;
  /**
   * The target keeps no state (e.g. `prism mock`): skip the stateful checks (read-after-create, update-then-read,
   * list-after-create, delete-then-read, delete-twice, unknown-id).
   */
  readonly stateless?: boolean | undefined;
  /** Resources declared in scenario files for this spec, for shapes inference cannot see. */
  readonly resources?: readonly ResourceDeclaration[] | undefined;
  /** Per request, in milliseconds (default 10 000). */
  readonly timeoutMs?: number | undefined;
  /** 4xx statuses positive cases may get, e.g. 404 when a `--param` names nothing on the target. */
  readonly allowStatuses?: readonly number[] | undefined;
  /** Scenarios to replay against the target (e.g. from the scenario catalog's `provoke` entries). */
  readonly scenarios?: readonly ScenarioProbe[] | undefined;
  /** Print the values of credential headers in curl lines and reports (default: replaced by `[redacted]`). */
  readonly showSecrets?: boolean | undefined;
  /**
   * Fail the run on checks whose expectation rests only on an assumption (`x-assumed` in the spec, or an HTTP
   * convention the spec does not state). By default they are reported as warnings.
   */
  readonly strictAssumptions?: boolean | undefined;
  /** Called after each request, for progress output. */
  readonly onResult?: ((result: CaseResult) => void) | undefined;
}

export interface CaseResult {
  readonly case: ContractCase;
  readonly curl: string;
  readonly response: WireResponse | undefined;
  /** Why no response arrived (connection refused, timeout...). */
  readonly error: string | undefined;
  readonly outcomes: readonly CheckOutcome[];
  /** No check failed (warnings do not count unless assumptions are strict). */
  readonly passed: boolean;
  /** A check failed on an assumption only, and assumptions are not strict. */
  readonly warned: boolean;
}

export interface ScenarioResult {
  readonly probe: ScenarioProbe;
  readonly verdict: ScenarioVerdict;
  readonly reason: string;
  /** Set when a drift rests only on an assumption: a warning unless assumptions are strict. */
  readonly assumption?: string | undefined;
  readonly request: WireRequest | undefined;
  readonly curl: string | undefined;
  readonly response: WireResponse | undefined;
}

export interface ContractReport {
  readonly spec: {
    readonly name: string;
    readonly title: string;
    readonly version: OpenApiVersion;
    readonly source: string;
  };
  readonly target: string;
  readonly seed: number;
  readonly safe: boolean;
  readonly stateless: boolean;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly operations: readonly { readonly id: string; readonly method: string; readonly path: string }[];
  readonly cases: readonly CaseResult[];
  readonly scenarios: readonly ScenarioResult[];
  /** What was not planned, and why. */
  readonly notes: readonly string[];
  /** The answers show a set-up mistake (wrong target, no credentials...), so they were not judged as drift. */
  readonly setupProblem?: SetupProblem | undefined;
  /** Whether checks resting only on assumptions count as failures (else they are warnings). */
  readonly strictAssumptions: boolean;
  /** Failed checks and drifted scenarios that rest only on assumptions, reported as warnings. */
  readonly warnings: number;
  /** No set-up problem, every check held (warnings aside) and no scenario drifted on a documented fact. */
  readonly passed: boolean;
}

export const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Runs the contract derived from a spec against a live target: plans positive and negative cases, sends each,
 * checks every answer against the spec, and replays the given scenarios. Throws `MockgramError` for a bad spec or
 * bad options; a target that breaks the contract is reported, not thrown.
 */
export async function runContract(options: ContractOptions): Promise<ContractReport> {
  const target = checkTarget(options.target);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0)
    throw new MockgramError(
      'INVALID_OPTION',
      `the timeout must be a positive number of ms (got ${timeoutMs})`,
    );
  const spec = indexOperations(await loadSpecDocument(options.spec));
  const compiled = compileSpecValidators(spec);
  const selected = selectOperations(spec, options.operations);
  const params = checkParams(spec, selected, options.params ?? {});
  const seed = options.seed ?? randomInt(0, 2 ** 31 - 1);
  const faker = new Faker({ locale: [en, base] });
  faker.seed(seed);
  const now = new Date(Date.UTC(2026, 0, 1) + (seed % 180) * 86_400_000);
  const shared = { target, headers: options.headers ?? [], params, faker, now };
  const safe = options.safe ?? false;
  const stateless = options.stateless ?? false;
  const allowedStatuses = options.allowStatuses ?? [];
  const strict = options.strictAssumptions ?? false;
  const plan = planCases(spec, compiled.operations, {
    ...shared,
    safe,
    allowedStatuses,
    operations: selected.map((o) => o.id),
  });
  const model = inferResources([spec], new Map([[spec.name, options.resources ?? []]]));
  const stateful = planStatefulCases(spec, model, compiled.operations, {
    ...shared,
    safe,
    stateless,
    selected: new Set(selected),
  });
  const ids = createIdBinder(spec, model, { target, params, stateless, safe });

  const startedAt = new Date();
  const started = performance.now();
  const cases: CaseResult[] = [];
  for (const planned of ids.order(plan.cases)) {
    const bound = ids.bind(planned);
    if (bound === undefined) continue;
    const result = await runCase(bound, compiled.operations.get(bound.operation), timeoutMs, spec, strict);
    ids.observe(bound, result.response);
    cases.push(result);
    options.onResult?.(result);
    if (stopsTheRun(sentCases(cases))) break;
  }
  const setupProblem = await detectSetupProblem(
    { spec, target, headers: shared.headers, operations: selected, params, timeoutMs },
    sentCases(cases),
  );
  const scenarios: ScenarioResult[] = [];
  for (const probe of options.scenarios ?? []) {
    const operation = spec.operations.find((o) => o.id === probe.operationId);
    if (operation && !selected.includes(operation)) continue;
    const existing = operation ? ids.pathParams(operation) : {};
    scenarios.push(
      setupProblem
        ? unreplayedScenario(probe, setupProblem, sentCases(cases))
        : await runScenario(spec, operation, probe, compiled.operations, { ...shared, timeoutMs, existing }),
    );
  }
  // Stateful checks judge what the target keeps: pointless when it is not the API, or not reachable.
  const checked = setupProblem
    ? { results: [], notes: ['stateful checks not run: the set-up problem above comes first'] }
    : await runStatefulChecks(spec, stateful, compiled.operations, {
        target,
        timeoutMs,
        allowedStatuses,
        strictAssumptions: strict,
        onResult: options.onResult,
      });
  cases.push(...checked.results);
  const secrets = options.showSecrets === true ? [] : secretValues(options.headers ?? []);
  const scenarioFails = (s: ScenarioResult): boolean =>
    s.verdict === 'drifted' && (strict || s.assumption === undefined);
  const warnings =
    cases.reduce((n, c) => n + c.outcomes.filter((o) => outcomeState(o, strict) === 'warned').length, 0) +
    scenarios.filter((s) => s.verdict === 'drifted' && !scenarioFails(s)).length;
  return {
    spec: { name: spec.name, title: spec.title, version: spec.version, source: spec.source },
    target,
    seed,
    safe,
    stateless,
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(performance.now() - started),
    operations: selected.map((o) => ({ id: o.id, method: o.method.toUpperCase(), path: o.path })),
    cases: cases.map((result) => withoutSecrets(result, secrets)),
    scenarios: scenarios.map((result) => withoutSecrets(result, secrets)),
    notes: [...plan.notes, ...ids.notes, ...stateful.notes, ...checked.notes],
    setupProblem,
    strictAssumptions: strict,
    warnings,
    passed: setupProblem === undefined && cases.every((c) => c.passed) && !scenarios.some(scenarioFails),
  };
}

async function runCase(
  planned: ContractCase,
  validators: OperationValidators | undefined,
  timeoutMs: number,
  spec: SpecIndex,
  strict: boolean,
): Promise<CaseResult> {
  const curl = formatCurl(planned.request);
  const sent = await sendRequest(planned.request, timeoutMs);
  if (!sent.ok) {
    return {
      case: planned,
      curl,
      response: undefined,
      error: sent.error,
      outcomes: [{ check: 'responds', passed: false, reason: sent.error }],
      passed: false,
      warned: false,
    };
  }
  const outcomes: CheckOutcome[] = [
    { check: 'responds', passed: true },
    ...checkResponse(planned, sent.response, validators, spec.document),
  ];
  const states = outcomes.map((o) => outcomeState(o, strict));
  return {
    case: planned,
    curl,
    response: sent.response,
    error: undefined,
    outcomes,
    passed: !states.includes('failed'),
    warned: states.includes('warned'),
  };
}

async function runScenario(
  spec: SpecIndex,
  operation: OperationSpec | undefined,
  probe: ScenarioProbe,
  validators: ReadonlyMap<OperationSpec, OperationValidators>,
  options: Pick<PlanOptions, 'target' | 'headers' | 'params' | 'faker' | 'now'> & {
    readonly timeoutMs: number;
    /** Path parameters naming objects the run created, used unless the scenario sets them itself. */
    readonly existing: Readonly<Record<string, string>>;
  },
): Promise<ScenarioResult> {
  const unverifiable = (reason: string, request?: WireRequest): ScenarioResult => ({
    probe,
    verdict: 'unverifiable',
    reason,
    request,
    curl: request && formatCurl(request),
    response: undefined,
  });
  const compiled = operation && validators.get(operation);
  if (!operation || !compiled) return unverifiable(`${spec.name} has no operation ${probe.operationId}`);
  const baseline = buildBaseline(spec, operation, compiled, options);
  const parts = { ...baseline.parts, pathParams: { ...baseline.parts.pathParams, ...options.existing } };
  const provoked = provokeScenario(spec, parts, probe.provoke, options);
  if (!provoked.ok) return unverifiable(provoked.reason);
  const sent = await sendRequest(provoked.request, options.timeoutMs);
  if (!sent.ok) return unverifiable(`no answer: ${sent.error}`, provoked.request);
  const { verdict, reason, assumption } = judgeScenario(
    operation,
    probe.expectedStatus,
    provoked.request,
    sent.response,
    compiled,
    spec.document,
  );
  return {
    probe,
    verdict,
    reason,
    assumption,
    request: provoked.request,
    curl: formatCurl(provoked.request),
    response: sent.response,
  };
}

/** A result whose request and curl line show no credential the operator passed. */
function withoutSecrets<T extends CaseResult | ScenarioResult>(result: T, secrets: readonly string[]): T {
  if (secrets.length === 0) return result;
  if ('case' in result) {
    const request = redactRequest(result.case.request, secrets);
    return { ...result, case: { ...result.case, request }, curl: formatCurl(request) };
  }
  const request = result.request && redactRequest(result.request, secrets);
  return { ...result, request, curl: request && formatCurl(request) };
}

function checkTarget(target: string): string {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new MockgramError('INVALID_OPTION', `--target must be an http(s) URL (got '${target}')`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new MockgramError('INVALID_OPTION', `--target must be an http(s) URL (got '${target}')`);
  if (url.search !== '' || url.hash !== '')
    throw new MockgramError('INVALID_OPTION', `--target must not have a query or fragment (got '${target}')`);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function selectOperations(spec: SpecIndex, wanted: readonly string[] | undefined): OperationSpec[] {
  if (wanted === undefined || wanted.length === 0) return [...spec.operations];
  const known = new Set(spec.operations.map((o) => o.id));
  const unknown = wanted.filter((id) => !known.has(id));
  if (unknown.length > 0)
    throw new MockgramError(
      'INVALID_OPTION',
      `--operation ${unknown.join(', ')}: not in ${spec.name} (operations: ${[...known].join(', ')})`,
    );
  return spec.operations.filter((o) => wanted.includes(o.id));
}

/**
 * Every `--param` must name a parameter or a top-level body property of a selected operation. Header parameters
 * are matched without regard to case (the index keeps them lower-case).
 */
function checkParams(
  spec: SpecIndex,
  operations: readonly OperationSpec[],
  params: Readonly<Record<string, string>>,
): Record<string, string> {
  const names = new Set<string>();
  for (const operation of operations) {
    for (const parameter of operation.parameters) names.add(parameter.name);
    for (const media of operation.requestBody?.content ?? []) {
      for (const name of Object.keys(objectProperties(spec.document, media.schema?.schema).properties))
        names.add(name);
    }
  }
  const out: Record<string, string> = {};
  const unknown: string[] = [];
  for (const [name, value] of Object.entries(params)) {
    const known = names.has(name) ? name : names.has(name.toLowerCase()) ? name.toLowerCase() : undefined;
    if (known === undefined) unknown.push(name);
    else out[known] = value;
  }
  if (unknown.length > 0)
    throw new MockgramError(
      'INVALID_OPTION',
      `--param ${unknown.join(', ')}: no parameter or body property of that name (known: ${[...names].join(', ')})`,
    );
  return out;
}
