import type { OperationSpec, SpecIndex } from '../spec/types.ts';
import type { DriftReport, DriftViolation, OperationTally, UndocumentedRequest } from './driftTypes.ts';

/** One judged exchange, as the drift log takes it. */
export interface JudgedExchange {
  readonly spec: SpecIndex | undefined;
  readonly operation: OperationSpec | undefined;
  readonly violations: readonly DriftViolation[];
  readonly warnings: readonly DriftViolation[];
  readonly undocumented?: UndocumentedRequest | undefined;
}

export interface DriftLog {
  record(exchange: JudgedExchange): void;
  report(): DriftReport;
  clear(): void;
}

/** How many entries each list keeps; later ones are counted in `dropped`. */
export const DEFAULT_DRIFT_LIMIT = 1000;

/**
 * The drift seen through the proxy, bounded: each list keeps its first `limit` entries (the earliest drift is the
 * one worth fixing first, and a CI report must not grow without end) and counts the rest.
 */
export function createDriftLog(specs: readonly SpecIndex[], limit: number = DEFAULT_DRIFT_LIMIT): DriftLog {
  let exchanges = 0;
  let violations: DriftViolation[] = [];
  let warnings: DriftViolation[] = [];
  let undocumented: UndocumentedRequest[] = [];
  const dropped = { violations: 0, warnings: 0, undocumented: 0 };
  const tallies = new Map<OperationSpec, { exchanges: number; request: number; response: number }>();

  const keep = <T>(list: T[], items: readonly T[], key: keyof typeof dropped): void => {
    for (const item of items) {
      if (list.length < limit) list.push(item);
      else dropped[key]++;
    }
  };

  return {
    record(exchange) {
      exchanges++;
      keep(violations, exchange.violations, 'violations');
      keep(warnings, exchange.warnings, 'warnings');
      if (exchange.undocumented) keep(undocumented, [exchange.undocumented], 'undocumented');
      if (exchange.operation) {
        const tally = tallies.get(exchange.operation) ?? { exchanges: 0, request: 0, response: 0 };
        tally.exchanges++;
        for (const violation of exchange.violations) tally[violation.side]++;
        tallies.set(exchange.operation, tally);
      }
    },
    report() {
      const operations: OperationTally[] = specs.flatMap((spec) =>
        spec.operations.map((operation) => {
          const tally = tallies.get(operation);
          return {
            spec: spec.name,
            operationId: operation.id,
            method: operation.method.toUpperCase(),
            path: operation.routePath,
            exchanges: tally?.exchanges ?? 0,
            requestViolations: tally?.request ?? 0,
            responseViolations: tally?.response ?? 0,
          };
        }),
      );
      return {
        exchanges,
        violations: [...violations],
        warnings: [...warnings],
        undocumented: [...undocumented],
        dropped: { ...dropped },
        operations,
      };
    },
    clear() {
      exchanges = 0;
      violations = [];
      warnings = [];
      undocumented = [];
      dropped.violations = dropped.warnings = dropped.undocumented = 0;
      tallies.clear();
    },
  };
}
