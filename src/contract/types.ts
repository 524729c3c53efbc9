import type { OperationSpec } from '../spec/types.ts';

/** One header as sent on the wire, name spelled as given. */
export type HeaderLine = readonly [name: string, value: string];

/** Exactly what goes on the wire; `formatCurl` prints the same thing. */
export interface WireRequest {
  readonly method: string;
  /** Absolute URL: the target with the operation's path (parameters filled in) and query. */
  readonly url: string;
  readonly headers: readonly HeaderLine[];
  /** Sent as is (it may be malformed on purpose); `undefined` sends no body at all. */
  readonly body: string | undefined;
}

export interface WireResponse {
  readonly status: number;
  /** Lower-case names; repeated headers joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  readonly text: string;
  readonly durationMs: number;
}

/** What a case must get back. */
export type Expectation =
  /** Positive: no 5xx, and no 4xx other than those listed. */
  | { readonly kind: 'accept'; readonly allowedStatuses: readonly number[] }
  /**
   * Negative: one of these statuses (any 4xx when empty), never a 2xx or a 5xx. `statusAssumption` says why the
   * exact status rests on an assumption (an `x-assumed` response, or an HTTP convention the spec does not state):
   * then any other 4xx is only a warning.
   */
  | {
      readonly kind: 'reject';
      readonly statuses: readonly number[];
      readonly statusAssumption?: string | undefined;
    };

/** `stateful`: one request of a create, read, update, list, delete sequence, judged against what came before. */
export type CaseKind = 'positive' | 'negative' | 'stateful';

/** One planned request and what it must get. Plain data: planned without a server. */
export interface ContractCase {
  /** `<operationId> <name>`, unique in a run. */
  readonly id: string;
  readonly operation: OperationSpec;
  readonly kind: CaseKind;
  /** Short and stable, e.g. `body-missing:/mention`, `wrong-credentials`, `example:default`. */
  readonly name: string;
  /** One line for people: what was changed and why it must fail (or pass). */
  readonly description: string;
  readonly request: WireRequest;
  readonly expect: Expectation;
  /**
   * Whether the answer is judged against the operation's documented responses. Off for an undocumented method:
   * no operation documents what such a request gets.
   */
  readonly documented: boolean;
  /**
   * Why the case's expectation rests on an assumption rather than on the API's documentation (e.g. the constraint
   * it breaks is marked `x-assumed`): its failed status checks are warnings unless assumptions are strict.
   */
  readonly assumption?: string | undefined;
}

/** Every check the runner makes, with what it asserts. Ids are stable: reports and CI filters use them. */
export const CHECKS = {
  responds: 'the target answers within the timeout',
  'no-5xx': 'no 5xx unless the case expects it',
  'status-expected':
    'positive cases are not rejected (no 4xx but those allowed); negative cases get the documented rejection status',
  'status-documented': 'the status is documented for the operation',
  'content-type': 'the Content-Type is documented for that status',
  'response-body-schema': "the body is valid against that status's schema",
  'response-headers': 'required response headers are present and valid',
  'allow-header': 'a 405 carries Allow',
  'read-after-create': 'a read of a created object returns what create answered',
  'update-then-read': 'a read after an update shows the update',
  'list-after-create': 'a list that should hold a created object holds it',
  'delete-then-read': 'a read of a deleted object gets the documented 404',
  'delete-twice': 'a second delete of the same object gets the documented 404',
  'unknown-id': 'a well-formed id that names nothing gets the documented 404',
  scenario: 'a scenario replayed against the target gets its status and body shape',
} as const;

export type CheckId = keyof typeof CHECKS;

/** The checks that judge a sequence of requests (skipped with `--stateless`, and partly with `--safe`). */
export const STATEFUL_CHECKS: readonly CheckId[] = [
  'read-after-create',
  'update-then-read',
  'list-after-create',
  'delete-then-read',
  'delete-twice',
  'unknown-id',
];

export interface CheckOutcome {
  readonly check: CheckId;
  readonly passed: boolean;
  /** One line; set when the check failed. */
  readonly reason?: string;
  /**
   * Set on a failed check whose expectation rests only on an assumption: a warning, not a failure, unless the run
   * asked for strict assumptions.
   */
  readonly assumption?: string | undefined;
}

export type OutcomeState = 'passed' | 'failed' | 'warned';

/** How an outcome counts in a run: a failed check resting on an assumption is a warning unless `strict`. */
export function outcomeState(outcome: CheckOutcome, strict: boolean): OutcomeState {
  if (outcome.passed) return 'passed';
  return outcome.assumption !== undefined && !strict ? 'warned' : 'failed';
}
