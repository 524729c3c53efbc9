import type { Resource } from '../resources/types.ts';
import type { OperationSpec } from '../spec/types.ts';

/** A path parameter of an operation that must name an existing object of a resource. */
export interface IdSlot {
  readonly resource: Resource;
  /** The operation's own name for it (`bookId` in `/books/{bookId}/loans`, even where the item path says `{id}`). */
  readonly param: string;
  /** Its index among the path template's `/`-separated segments. */
  readonly segment: number;
}

/**
 * The resources whose ids an operation's path needs, outermost first: every resource whose item path the operation's
 * path starts with (`/books/{bookId}` for `GET /books/{bookId}/loans/{loanId}`, then `/books/{bookId}/loans/{loanId}`).
 */
export function idSlotsOf(operation: OperationSpec, resources: readonly Resource[]): IdSlot[] {
  const segments = operation.path.split('/');
  const slots: IdSlot[] = [];
  for (const resource of resources) {
    if (resource.singleton || resource.idParam === undefined) continue;
    const item = resource.itemPath.split('/');
    if (item.length > segments.length || !item.every((part, i) => sameSegment(part, segments[i]))) continue;
    const segment = item.length - 1;
    const param = /^\{([^{}]+)\}$/.exec(segments[segment] ?? '')?.[1];
    if (param !== undefined) slots.push({ resource, param, segment });
  }
  return slots.sort((a, b) => a.segment - b.segment);
}

function sameSegment(a: string, b: string | undefined): boolean {
  return a === b || (b !== undefined && a.startsWith('{') && b.startsWith('{'));
}

/** The path parameters of a URL, read back by the positions of the operation's path template. */
export function pathParamsOf(target: string, operation: OperationSpec, url: string): Record<string, string> {
  const offset = new URL(target).pathname.replace(/\/+$/, '').split('/').length - 1;
  const parts = new URL(url).pathname.split('/');
  const out: Record<string, string> = {};
  operation.path.split('/').forEach((segment, i) => {
    const name = /^\{([^{}]+)\}$/.exec(segment)?.[1];
    const value = parts[offset + i];
    if (name !== undefined && value !== undefined) out[name] = safeDecode(value);
  });
  return out;
}

/** The URL with the path segments of the given parameters replaced (query and everything else kept). */
export function withPathParams(
  target: string,
  operation: OperationSpec,
  url: string,
  values: Readonly<Record<string, string>>,
): string {
  const offset = new URL(target).pathname.replace(/\/+$/, '').split('/').length - 1;
  const parsed = new URL(url);
  const parts = parsed.pathname.split('/');
  operation.path.split('/').forEach((segment, i) => {
    const name = /^\{([^{}]+)\}$/.exec(segment)?.[1];
    const value = name === undefined ? undefined : values[name];
    if (value !== undefined && parts[offset + i] !== undefined) parts[offset + i] = encodeURIComponent(value);
  });
  return `${parsed.origin}${parts.join('/')}${parsed.search}`;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
