import type { RenderedResponse } from '../mock/renderResponse.ts';
import type { Fault } from '../scenarios/types.ts';
import type { OperationSpec, SpecIndex } from '../spec/types.ts';
import type { Diagnostic } from '../validate/diagnostic.ts';
import type { Eviction } from '../store/types.ts';
import type { MockResult, StateOutcome } from './mockResult.ts';

export interface Outcome {
  readonly spec: SpecIndex | undefined;
  readonly operation?: OperationSpec | undefined;
  readonly diagnostics: readonly Diagnostic[];
  readonly scenario: string;
  readonly closeConnection?: boolean;
  readonly delayMs?: number;
  readonly fault?: Fault | undefined;
  readonly state?: StateOutcome | undefined;
  readonly evictions?: readonly Eviction[] | undefined;
  readonly requestBody?: string | undefined;
}

const NO_EVICTIONS: readonly Eviction[] = Object.freeze([]);

/**
 * A rendered response as the engine's result: serialized body, Content-Type, `X-Mock-Scenario` (the door that sends
 * it frames it: Content-Length and the like).
 * The result takes over `rendered.headers` (each rendering makes its own) rather than copying it.
 */
export function finishResult(rendered: RenderedResponse, outcome: Outcome): MockResult {
  const headers = rendered.headers;
  headers['X-Mock-Scenario'] = outcome.scenario;
  let body: string | undefined;
  if (rendered.body !== undefined && rendered.mediaType !== undefined) {
    const json = rendered.mediaType.endsWith('json');
    body = typeof rendered.body === 'string' && !json ? rendered.body : JSON.stringify(rendered.body);
    headers['Content-Type'] = contentType(rendered.mediaType, json);
  }
  return {
    status: rendered.status,
    headers,
    body,
    spec: outcome.spec,
    operation: outcome.operation,
    diagnostics: outcome.diagnostics,
    scenario: outcome.scenario,
    closeConnection: outcome.closeConnection ?? false,
    delayMs: outcome.delayMs ?? 0,
    fault: outcome.fault,
    state: outcome.state,
    evictions: outcome.evictions ?? NO_EVICTIONS,
    requestBody: outcome.requestBody,
  };
}

const contentTypes = new Map<string, string>();

/** The Content-Type sent for a documented media type: JSON and text carry `charset=utf-8`. Cached per type. */
function contentType(mediaType: string, json: boolean): string {
  let value = contentTypes.get(mediaType);
  if (value === undefined) {
    value = json || mediaType.startsWith('text/') ? `${mediaType}; charset=utf-8` : mediaType;
    if (contentTypes.size < 1000) contentTypes.set(mediaType, value);
  }
  return value;
}
