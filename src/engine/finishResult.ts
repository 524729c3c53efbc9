import type { RenderedResponse } from '../mock/renderResponse.ts';
import type { Fault } from '../scenarios/types.ts';
import type { OperationSpec, SpecIndex } from '../spec/types.ts';
import type { Diagnostic } from '../validate/diagnostic.ts';
import type { MockResult } from './handleMockRequest.ts';

export interface Outcome {
  readonly spec: SpecIndex | undefined;
  readonly operation?: OperationSpec | undefined;
  readonly diagnostics: readonly Diagnostic[];
  readonly scenario: string;
  readonly closeConnection?: boolean;
  readonly delayMs?: number;
  readonly fault?: Fault | undefined;
  readonly requestBody?: string | undefined;
}

/**
 * A rendered response as the engine's result: serialized body, Content-Type and Content-Length, `X-Mock-Scenario`.
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
  headers['Content-Length'] = String(body === undefined ? 0 : Buffer.byteLength(body));
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
