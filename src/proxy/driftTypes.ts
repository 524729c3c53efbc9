/** Which side of an exchange broke the spec: the client's request, or the API's answer. */
export type DriftSide = 'request' | 'response';

/**
 * Where in the exchange a problem is: for a request the diagnostic's location (`credentials`, `content-type`, `path`,
 * `query`, `header`, `cookie`, `body`); for a response `status`, `content-type`, `body` or `header`.
 */
export interface DriftProblem {
  readonly location: string;
  readonly message: string;
}

/** One side of one exchange that broke the spec, with every problem found on that side. */
export interface DriftViolation {
  readonly side: DriftSide;
  readonly spec: string;
  readonly operationId: string;
  readonly method: string;
  /** Path and query as requested, secrets redacted. */
  readonly path: string;
  /** The status the API answered (0 when it did not answer). */
  readonly status: number;
  readonly problems: readonly DriftProblem[];
}

/** A request that reached no documented operation (forwarded all the same). */
export interface UndocumentedRequest {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly reason: string;
}

/** What `GET /__mock/drift` answers and the exit reports are made from. */
export interface DriftReport {
  /** Exchanges seen (documented or not, answered or failed upstream). */
  readonly exchanges: number;
  readonly violations: readonly DriftViolation[];
  /** Problems that rest only on `x-assumed` marks: shown, never counted as drift. */
  readonly warnings: readonly DriftViolation[];
  readonly undocumented: readonly UndocumentedRequest[];
  /** Entries not kept because a list was full (they are still counted in `exchanges`). */
  readonly dropped: { readonly violations: number; readonly warnings: number; readonly undocumented: number };
  /** Documented operations and how many exchanges each saw, for reports that list every operation. */
  readonly operations: readonly OperationTally[];
}

export interface OperationTally {
  readonly spec: string;
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  readonly exchanges: number;
  readonly requestViolations: number;
  readonly responseViolations: number;
}
