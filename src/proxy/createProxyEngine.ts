import { createEngine, type MockEngine } from '../engine/createEngine.ts';
import type { MockRequest } from '../engine/mockResult.ts';
import type { ReadBody } from '../engine/readRequestBody.ts';
import { routeRequest, type RoutedRequest } from '../engine/routeRequest.ts';
import { redactUrl } from '../http/redactUrl.ts';
import type { LoadedDocument } from '../spec/readDocument.ts';
import type { ReceivedResponse } from '../validate/checkDocumentedResponse.ts';
import { createDriftLog, type DriftLog } from './createDriftLog.ts';
import { createRecorder, type Recorder } from './createRecorder.ts';
import type { DriftProblem, DriftViolation } from './driftTypes.ts';
import { judgeRequest, type RequestVerdict } from './judgeRequest.ts';
import { judgeResponse } from './judgeResponse.ts';
import { requestSecrets } from './requestSecrets.ts';
import { resolveUpstreams, type Upstreams } from './resolveUpstreams.ts';
import type { UpstreamFailure } from './upstreamFailure.ts';

export interface ProxyEngineOptions {
  /** `URL` or `NAME=URL` values, as `--upstream` takes them. */
  readonly upstreams: readonly string[];
  /** Largest request or response body kept for validation, in bytes (default 1 MiB); larger ones pass unjudged. */
  readonly bodyLimit?: number | undefined;
  /** Write a recording here (see `createRecorder`). */
  readonly recordDirectory?: string | undefined;
  /** How many recent exchanges the journal keeps (default 500). */
  readonly journalSize?: number | undefined;
  /** How many violations, warnings and undocumented requests the drift report keeps each (default 1000). */
  readonly driftLimit?: number | undefined;
}

/** What came back from the upstream, as the door read it. */
export type UpstreamOutcome =
  | {
      readonly kind: 'answered';
      readonly response: ReceivedResponse;
      /** The body was larger than the body limit: `response.text` is its beginning, and is not judged. */
      readonly bodyCut: boolean;
    }
  | { readonly kind: 'failed'; readonly failure: UpstreamFailure };

/** One finished exchange, handed back by the door for judging and record keeping. */
export interface FinishedExchange {
  readonly request: MockRequest;
  readonly verdict: RequestVerdict;
  /** The request body as read for validation (undefined when none was read). */
  readonly requestBody: string | undefined;
  readonly outcome: UpstreamOutcome;
  /** Headers sent back to the client (the journal shows them). */
  readonly sentHeaders: Readonly<Record<string, string | readonly string[]>> | undefined;
  /** The proxy's own answer when the upstream failed. */
  readonly failureBody?: string | undefined;
  readonly durationMs: number;
}

/** The engine side of `mockgram proxy`: judging, drift, journal, coverage and recording. The door only forwards. */
export interface ProxyEngine {
  readonly engine: MockEngine;
  readonly upstreams: Upstreams;
  readonly drift: DriftLog;
  readonly recorder: Recorder | undefined;
  readonly bodyLimit: number;
  route(request: MockRequest): RoutedRequest;
  judgeRequest(routed: RoutedRequest, readBody: ReadBody): Promise<RequestVerdict>;
  /** Judges the answer, then journals, counts, logs drift and records; returns the violations of the exchange. */
  finish(exchange: FinishedExchange): readonly DriftViolation[];
}

const NO_VIOLATIONS: readonly DriftViolation[] = Object.freeze([]);

/**
 * Compiles the specs once (the same engine and validators as the mock, stateless) and wires the drift log, the
 * journal and the recorder around it.
 */
export async function createProxyEngine(
  specs: readonly LoadedDocument[],
  options: ProxyEngineOptions,
): Promise<ProxyEngine> {
  const engine = await createEngine(
    { specs },
    { stateless: true, bodyLimit: options.bodyLimit, journalSize: options.journalSize },
  );
  const indexes = engine.specs.map(({ index }) => index);
  const upstreams = resolveUpstreams(options.upstreams, indexes);
  const drift = createDriftLog(indexes, options.driftLimit);
  const recorder =
    options.recordDirectory === undefined ? undefined : createRecorder(options.recordDirectory, indexes);

  return {
    engine,
    upstreams,
    drift,
    recorder,
    bodyLimit: engine.settings.bodyLimit,
    route: (request) => routeRequest(engine, request),
    judgeRequest: (routed, readBody) => judgeRequest(engine, routed, readBody),
    finish(exchange) {
      const { request, verdict, outcome } = exchange;
      const path = redactUrl(request.url);
      const method = request.method.toUpperCase();
      const status = outcome.kind === 'answered' ? outcome.response.status : outcome.failure.status;
      const session = request.headers['x-mock-session'];
      let violations = NO_VIOLATIONS;
      let warnings = NO_VIOLATIONS;
      let journalProblems: string[];
      if (verdict.kind === 'operation') {
        const { spec, prepared } = verdict;
        const side = (which: DriftViolation['side'], problems: readonly DriftProblem[]): DriftViolation[] =>
          problems.length === 0
            ? []
            : [
                {
                  side: which,
                  spec: spec.name,
                  operationId: prepared.operation.id,
                  method,
                  path,
                  status,
                  problems,
                },
              ];
        const response =
          outcome.kind === 'answered'
            ? judgeResponse(
                verdict,
                outcome.response,
                engine.loadedSpec(spec).validators.operations.get(prepared.operation),
                outcome.bodyCut,
              )
            : { problems: [], warnings: [] };
        violations = [...side('request', verdict.problems), ...side('response', response.problems)];
        warnings = [...side('request', verdict.warnings), ...side('response', response.warnings)];
        journalProblems = violations.flatMap((v) =>
          v.problems.map((p) => `${v.side} ${p.location}: ${p.message}`),
        );
        if (outcome.kind === 'failed') journalProblems.push(outcome.failure.message);
        drift.record({ spec, operation: prepared.operation, violations, warnings });
        if (recorder && outcome.kind === 'answered' && !outcome.bodyCut) {
          const body = verdict.check.body.kind === 'parsed' ? verdict.check.body.value : undefined;
          recorder.record({
            spec,
            operation: prepared.operation,
            method,
            path,
            status,
            headers: outcome.response.headers,
            bodyText: outcome.response.text,
            secrets: requestSecrets(spec, verdict.parsed, body),
            problems: violations.flatMap((v) => v.problems.map((p) => ({ side: v.side, ...p }))),
          });
        }
      } else {
        journalProblems = [verdict.reason];
        drift.record({
          spec: verdict.spec,
          operation: undefined,
          violations,
          warnings,
          undocumented: { method, path, status, reason: verdict.reason },
        });
      }
      engine.journal.record({
        method,
        path,
        status,
        operation: verdict.kind === 'operation' ? verdict.prepared.operation.id : undefined,
        scenario: outcome.kind === 'answered' ? 'proxy' : `proxy: ${outcome.failure.code}`,
        session: typeof session === 'string' ? session : undefined,
        valid: violations.length === 0 && verdict.kind === 'operation',
        problems: journalProblems,
        durationMs: Math.round(exchange.durationMs * 10) / 10,
        requestHeaders: request.headers,
        requestBody: exchange.requestBody,
        responseHeaders: exchange.sentHeaders,
        responseBody: outcome.kind === 'answered' ? outcome.response.text : exchange.failureBody,
      });
      engine.coverage.record({
        method,
        path: path.split('?')[0] ?? path,
        status,
        operation: verdict.kind === 'operation' ? verdict.prepared.operation : undefined,
        session: typeof session === 'string' ? session : undefined,
        scenarios: [],
        refusal: undefined,
      });
      return violations;
    },
  };
}
