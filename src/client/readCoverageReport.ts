import type { CoverageReport } from '../coverage/createCoverage.ts';

/**
 * Checks that a parsed answer has the shape of `GET /__mock/coverage` and returns it typed; otherwise says where it
 * differs (the first difference, as a JSON Pointer), so a URL that is not a mockgram mock fails clearly.
 */
export function readCoverageReport(
  value: unknown,
): { readonly report: CoverageReport; readonly problem?: never } | { readonly problem: string } {
  const problem = findProblem(value, '');
  return problem === undefined ? { report: value as CoverageReport } : { problem };
}

type Check = (value: unknown, at: string) => string | undefined;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const count: Check = (value, at) =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0
    ? undefined
    : `${at} must be a whole number`;

const text: Check = (value, at) => (typeof value === 'string' ? undefined : `${at} must be a string`);

function shape(fields: Readonly<Record<string, Check>>): Check {
  return (value, at) => {
    if (!isObject(value)) return `${at || '/'} must be an object`;
    for (const [name, check] of Object.entries(fields)) {
      const problem = check(value[name], `${at}/${name}`);
      if (problem !== undefined) return problem;
    }
    return undefined;
  };
}

function list(item: Check): Check {
  return (value, at) => {
    if (!Array.isArray(value)) return `${at} must be an array`;
    for (const [index, entry] of value.entries()) {
      const problem = item(entry, `${at}/${index}`);
      if (problem !== undefined) return problem;
    }
    return undefined;
  };
}

const counts: Check = (value, at) => {
  if (!isObject(value)) return `${at} must be an object`;
  for (const [name, entry] of Object.entries(value)) {
    const problem = count(entry, `${at}/${name}`);
    if (problem !== undefined) return problem;
  }
  return undefined;
};

const totals = shape({ covered: count, total: count });

const findProblem = shape({
  requests: count,
  operations: list(
    shape({
      operationId: text,
      spec: text,
      method: text,
      path: text,
      hits: count,
      statuses: counts,
      scenarios: counts,
    }),
  ),
  unmatched: list(shape({ method: text, path: text, status: count, reason: text, hits: count })),
  totals: shape({ operations: totals, statuses: totals, scenarios: totals }),
});
