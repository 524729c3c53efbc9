import type { UnmatchedRequest } from '../coverage/createCoverage.ts';
import { DEFAULT_SESSION } from '../store/types.ts';

/** Whose requests a report counts, in words. */
export function describeSession(session: string | undefined): string {
  if (session === undefined) return 'every session';
  return session === DEFAULT_SESSION ? 'requests without a session' : `session ${session}`;
}

/** One line per unmatched request: `2× POST /api/v1/x → 404: no documented path`. */
export function describeUnmatched(unmatched: readonly UnmatchedRequest[]): string[] {
  return unmatched.map(
    (entry) =>
      `${String(entry.hits)}× ${entry.method} ${entry.path} → ${String(entry.status)}: ${entry.reason}`,
  );
}
