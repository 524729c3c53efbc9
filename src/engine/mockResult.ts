import type { IncomingHttpHeaders } from 'node:http';
import type { Fault } from '../scenarios/types.ts';
import type { OperationSpec, SpecIndex } from '../spec/types.ts';
import type { Eviction } from '../store/types.ts';
import type { Diagnostic } from '../validate/diagnostic.ts';

export interface MockRequest {
  readonly method: string;
  /** Path and query, as on the request line. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
}

/** What a request did to the stored objects of the resource it addressed. */
export type StateOutcome = 'created' | 'read' | 'replaced' | 'merged' | 'removed' | 'listed' | 'not-found';

export interface MockResult {
  readonly status: number;
  /** Owned by the receiver, which may add to it before sending. */
  readonly headers: Record<string, string>;
  readonly body: string | undefined;
  readonly spec: SpecIndex | undefined;
  readonly operation: OperationSpec | undefined;
  readonly diagnostics: readonly Diagnostic[];
  /** Which scenario answered (also sent as `X-Mock-Scenario`). */
  readonly scenario: string;
  /** The body was not read to the end: the connection must close after this answer. */
  readonly closeConnection: boolean;
  /** Wait this long before answering. */
  readonly delayMs: number;
  readonly fault: Fault | undefined;
  /** What the request did to stored state, when it addressed a resource. */
  readonly state: StateOutcome | undefined;
  /** Objects evicted to make room for this request's. */
  readonly evictions: readonly Eviction[];
  /** The request body as read (text, even when it did not parse), for the journal; undefined when none was read. */
  readonly requestBody: string | undefined;
}
