import type { SpecIndex } from '../spec/types.ts';
import { credentialHeaderNames, credentialHeaderOf } from './credentialHeaders.ts';
import type { ScenarioProbe } from './provokeScenario.ts';
import type { CaseResult, ScenarioResult } from './runContract.ts';
import { sendRequest } from './sendRequest.ts';
import type { HeaderLine, WireRequest, WireResponse } from './types.ts';

/**
 * A mistake in how the runner was pointed at the target, rather than drift of the target from the contract: the
 * answers then say nothing about the contract, so the run reports this instead of blaming the spec.
 */
export interface SetupProblem {
  readonly kind: 'unreachable' | 'not-found' | 'unauthorized' | 'html';
  /** What the answers showed, e.g. `25 of 25 answers are 404`. */
  readonly seen: string;
  /** What is probably wrong. */
  readonly cause: string;
  /** What to do about it. */
  readonly advice: string;
}

/** One request of the run and what came back (nothing, when the target did not answer). */
export interface SentCase {
  readonly request: WireRequest;
  readonly response: WireResponse | undefined;
  readonly error: string | undefined;
}

export interface SetupContext {
  readonly spec: SpecIndex;
  /** The target as the run used it: origin and path, no trailing slash. */
  readonly target: string;
  readonly headers: readonly HeaderLine[];
  /** Operations run: their security and path parameters shape the advice. */
  readonly operations: SpecIndex['operations'];
  readonly params: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
}

/** "Most answers" for the 404 and 401/403 checks: a correct set-up gets these only from a few negative cases. */
const MOST = 0.8;

/** Network failures that mean nothing answers at the target, so further requests cannot tell anything either. */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
]);

/**
 * Whether the run should stop before sending more: the first request found nothing listening (refused, unknown
 * host, TLS to a plain HTTP server...), or the first two got no answer at all.
 */
export function stopsTheRun(sent: readonly SentCase[]): boolean {
  const [first, second] = sent;
  if (first === undefined || first.response !== undefined) return false;
  if (isConnectionFailure(first.error)) return true;
  return sent.length === 2 && second !== undefined && second.response === undefined;
}

/**
 * Looks at every answer of the run for the signs of a set-up mistake: nothing answers, most answers are 404 (a
 * missing base path), most are 401/403 (missing or refused credentials), or every answer is an HTML page. A 404
 * pattern against a target without the spec's base path is confirmed by sending one request with it.
 */
export async function detectSetupProblem(
  context: SetupContext,
  sent: readonly SentCase[],
): Promise<SetupProblem | undefined> {
  if (sent.length === 0) return undefined;
  const answered = sent.filter((s): s is SentCase & { response: WireResponse } => s.response !== undefined);
  const silent = sent.length - answered.length;
  if (answered.length === 0 || (silent / sent.length >= MOST && silent >= 2))
    return unreachable(context, sent, silent);

  const share = (test: (response: WireResponse) => boolean): number =>
    answered.filter((s) => test(s.response)).length;
  const notFound = share((r) => r.status === 404);
  if (answered.length >= 3 && notFound / answered.length >= MOST)
    return missingRoutes(context, answered, notFound);
  const refused = share((r) => r.status === 401 || r.status === 403);
  if (answered.length >= 3 && refused / answered.length >= MOST)
    return missingCredentials(context, answered.length, refused);
  const html = share((r) => /^text\/html\b/i.test(r.headers['content-type'] ?? ''));
  if (answered.length >= 2 && html === answered.length && !documentsHtml(context))
    return {
      kind: 'html',
      seen: `every answer (${html} of ${answered.length}) is an HTML page`,
      cause:
        'the target is not this API: probably a web site, a front-end dev server or a login page of a proxy',
      advice: `point --target at the API itself (now ${context.target})`,
    };
  return undefined;
}

/** What the set-up checks read of each case result. */
export function sentCases(results: readonly CaseResult[]): SentCase[] {
  return results.map((result) => ({
    request: result.case.request,
    response: result.response,
    error: result.error,
  }));
}

/**
 * A scenario not replayed because of a set-up problem: unverifiable, with the target's own failure when nothing
 * answered.
 */
export function unreplayedScenario(
  probe: ScenarioProbe,
  problem: SetupProblem,
  sent: readonly SentCase[],
): ScenarioResult {
  const error = sent.find((s) => s.response === undefined)?.error;
  const reason =
    problem.kind === 'unreachable' && error !== undefined
      ? `no answer: ${error}`
      : `not replayed, set-up problem: ${problem.cause}`;
  return { probe, verdict: 'unverifiable', reason, request: undefined, curl: undefined, response: undefined };
}

function unreachable(context: SetupContext, sent: readonly SentCase[], silent: number): SetupProblem {
  const error = sent.find((s) => s.response === undefined)?.error ?? 'no answer';
  const { host, origin } = new URL(context.target);
  const seen =
    sent.length === 1
      ? `the first request got no answer (${error}), so no other was sent`
      : `${silent} of ${sent.length} requests got no answer (first: ${error})`;
  const code = error.replace(/^answer cut short: /, '');
  if (code === 'ECONNREFUSED')
    return {
      kind: 'unreachable',
      seen,
      cause: `nothing listens at ${origin}`,
      advice: 'start the server, or check the host and port in --target',
    };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return {
      kind: 'unreachable',
      seen,
      cause: `the host name ${host} does not resolve`,
      advice: 'check the host in --target',
    };
  if (/SSL|TLS|CERT|EPROTO/i.test(code))
    return {
      kind: 'unreachable',
      seen,
      cause:
        'the TLS handshake failed: the target may speak plain HTTP, or its certificate is not trusted here',
      advice: 'check http:// versus https:// in --target (NODE_EXTRA_CA_CERTS adds a private CA)',
    };
  if (code.startsWith('no answer within'))
    return {
      kind: 'unreachable',
      seen,
      cause: `the target did not answer within ${context.timeoutMs} ms`,
      advice: 'check that the target is reachable from here (firewall, VPN), or raise --timeout',
    };
  return {
    kind: 'unreachable',
    seen,
    cause: `the connection to ${origin} failed`,
    advice: 'check --target and that the server is running',
  };
}

async function missingRoutes(
  context: SetupContext,
  answered: readonly (SentCase & { response: WireResponse })[],
  notFound: number,
): Promise<SetupProblem> {
  const example = answered.find((s) => s.response.status === 404)?.request;
  const seen =
    `${notFound} of ${answered.length} answers are 404` +
    (example === undefined ? '' : `, e.g. ${example.method} ${example.url}`);
  const { basePath } = context.spec;
  const targetPath = new URL(context.target).pathname.replace(/\/+$/, '');
  if (basePath !== '' && !targetPath.endsWith(basePath)) {
    const suggested = `${context.target}${basePath}`;
    const confirmed = example && (await confirmBasePath(example, context, suggested));
    return {
      kind: 'not-found',
      seen,
      cause:
        `the target lacks the spec's base path ${basePath} (the path of its server URL)` +
        (confirmed === undefined ? '' : `: with it, the same request got ${confirmed}`),
      advice: `run again with --target ${suggested}`,
    };
  }
  const unnamed = [
    ...new Set(
      context.operations.flatMap((o) =>
        o.parameters.filter((p) => p.in === 'path' && !(p.name in context.params)).map((p) => p.name),
      ),
    ),
  ];
  if (unnamed.length > 0)
    return {
      kind: 'not-found',
      seen,
      cause: `the path parameters ${unnamed.join(', ')} were made up by the runner and name nothing on the target`,
      advice:
        `pass --param ${unnamed[0] ?? ''}=<one that exists> (repeatable), or --allow-status 404 if 404 is ` +
        'the right answer there; if the routes themselves are missing, check the path in --target',
    };
  return {
    kind: 'not-found',
    seen,
    cause: `the target does not serve this API's routes under ${context.target}`,
    advice: "check the host, port and path in --target (the spec's paths are appended to it)",
  };
}

/** Sends the request again under the suggested target; the status it got, or `undefined` if that is 404 too. */
async function confirmBasePath(
  example: WireRequest,
  context: SetupContext,
  suggested: string,
): Promise<number | undefined> {
  const url = `${suggested}${example.url.slice(context.target.length)}`;
  const sent = await sendRequest({ ...example, url }, context.timeoutMs);
  return sent.ok && sent.response.status !== 404 ? sent.response.status : undefined;
}

function missingCredentials(context: SetupContext, answered: number, refused: number): SetupProblem {
  const seen = `${refused} of ${answered} answers are 401 or 403`;
  const expected = new Set(context.operations.flatMap((o) => [...credentialHeaderNames(context.spec, o)]));
  const given = context.headers.filter(([name]) => expected.has(name.toLowerCase())).map(([name]) => name);
  if (given.length > 0)
    return {
      kind: 'unauthorized',
      seen,
      cause: `the target refuses the credential given with --header ${given.join(', ')}`,
      advice: 'check its value, and that it is valid for this target (environment, expiry, permissions)',
    };
  return {
    kind: 'unauthorized',
    seen,
    cause: 'no credential was given, and the target requires one',
    advice: `pass it with ${credentialExample(context) ?? "--header 'Name: value'"} (repeatable for several)`,
  };
}

/** `--header` as the spec's first security scheme wants it, e.g. `--header 'Authorization: Bearer <token>'`. */
function credentialExample(context: SetupContext): string | undefined {
  for (const operation of context.operations) {
    for (const key of operation.security.flat()) {
      const scheme = context.spec.securitySchemes.get(key);
      if (!scheme || credentialHeaderOf(scheme) === undefined) continue;
      if (scheme.type === 'apiKey') return `--header '${scheme.parameterName ?? key}: <${key}>'`;
      const kind = scheme.scheme === 'basic' ? 'Basic <base64 user:password>' : 'Bearer <token>';
      return `--header 'Authorization: ${kind}'`;
    }
  }
  return undefined;
}

function documentsHtml(context: SetupContext): boolean {
  return context.operations.some((o) =>
    o.responses.some((r) => r.content.some((m) => m.mediaType.startsWith('text/html'))),
  );
}

function isConnectionFailure(error: string | undefined): boolean {
  if (error === undefined) return false;
  return UNREACHABLE_CODES.has(error) || /SSL|TLS|CERT|EPROTO/i.test(error);
}
