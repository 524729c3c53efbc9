import { isRecord } from '../spec/isRecord.ts';
import type { ListPlan } from '../resources/types.ts';

/** What a list request asks for: its path parameters and query. */
export interface ListRequest {
  readonly pathParams: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
}

/**
 * The objects a list answers: those whose fields equal the request's filter parameters (a list field matches when
 * it contains the value), then the page its limit, offset or page parameters ask for. `total` counts every match.
 */
export function selectListed(
  plan: ListPlan,
  objects: readonly unknown[],
  request: ListRequest,
): { readonly items: unknown[]; readonly total: number } {
  let matching = objects;
  for (const filter of plan.filters) {
    const wanted =
      filter.in === 'path' ? request.pathParams[filter.parameter] : request.query.get(filter.parameter);
    if (wanted === undefined || wanted === null) continue;
    matching = matching.filter((object) => {
      const value = isRecord(object) ? object[filter.field] : undefined;
      return Array.isArray(value) ? value.some((v) => String(v) === wanted) : String(value) === wanted;
    });
  }
  const { limit: limitName, offset: offsetName, page: pageName } = plan.pagination;
  const limit = wholeNumber(limitName && request.query.get(limitName));
  const page = wholeNumber(pageName && request.query.get(pageName));
  const offset =
    wholeNumber(offsetName && request.query.get(offsetName)) ??
    (page !== undefined && limit !== undefined ? Math.max(page - 1, 0) * limit : 0);
  const items = matching.slice(offset, limit === undefined ? undefined : offset + limit);
  return { items, total: matching.length };
}

/** The list answer: the objects themselves for a bare array, else the generated wrapper holding them and the count. */
export function wrapListed(plan: ListPlan, generated: unknown, items: unknown[], total: number): unknown {
  const { arrayField, totalFields } = plan.shape;
  if (arrayField === '') return items;
  const out = isRecord(generated) ? { ...generated } : {};
  out[arrayField] = items;
  for (const field of totalFields) out[field] = total;
  return out;
}

function wholeNumber(raw: string | null | undefined): number | undefined {
  if (raw === undefined || raw === null || !/^\d+$/.test(raw)) return undefined;
  return Number(raw);
}
