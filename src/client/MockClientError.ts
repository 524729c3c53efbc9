import { MockgramError } from '../errors.ts';

export interface MockClientErrorDetails {
  readonly method: string;
  readonly url: string;
  /** The HTTP status the mock answered; absent when it could not be reached. */
  readonly status?: number | undefined;
  /** The mock's own explanation (`detail` of its problem+json), or the start of whatever else it answered. */
  readonly detail?: string | undefined;
  /** The parsed error body, when it was JSON. */
  readonly problem?: unknown;
  readonly cause?: unknown;
}

/**
 * An admin call that failed: `MOCK_UNREACHABLE` (nothing answered at the URL, or not in time) or `MOCK_ADMIN_ERROR`
 * (the mock refused the call, or answered something that is not its admin API). The message names the method, the
 * URL and the mock's detail.
 */
export class MockClientError extends MockgramError {
  readonly method: string;
  readonly url: string;
  readonly status: number | undefined;
  readonly detail: string | undefined;
  readonly problem: unknown;

  constructor(
    code: 'MOCK_UNREACHABLE' | 'MOCK_ADMIN_ERROR',
    message: string,
    details: MockClientErrorDetails,
  ) {
    super(code, message, details.cause === undefined ? undefined : { cause: details.cause });
    this.method = details.method;
    this.url = details.url;
    this.status = details.status;
    this.detail = details.detail;
    this.problem = details.problem;
  }
}
