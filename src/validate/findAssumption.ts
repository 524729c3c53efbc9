import { isAssumed } from '../spec/indexOperations.ts';
import { isRecord, type JsonObject } from '../spec/isRecord.ts';
import { escapePointerToken, resolvePointer } from '../spec/jsonPointer.ts';
import type { OperationSpec, ResponseSpec } from '../spec/types.ts';

const MAX_REF_HOPS = 32;
const BRANCH_KEYWORDS = ['allOf', 'oneOf', 'anyOf'] as const;

/**
 * Why the constraint that a schema places on the value at `tokens` (a path of property names and array indices
 * inside the value) rests on an assumption: a schema on the way to it, `$ref`s included, is marked `x-assumed`.
 * `undefined` when every schema on the way is taken from the documentation. `subject` names the value in the
 * reason, e.g. `body` or `query parameter 'limit'`.
 */
export function schemaAssumption(
  document: JsonObject,
  schema: unknown,
  tokens: readonly string[],
  subject: string,
): string | undefined {
  let current: unknown = schema;
  for (let depth = 0; depth <= tokens.length; depth++) {
    const resolved = resolveMarked(document, current);
    if (resolved.assumed) return `${describeAt(subject, tokens.slice(0, depth))} is marked x-assumed`;
    const token = tokens[depth];
    if (token === undefined) return undefined;
    const next = childSchema(document, resolved.schema, token);
    if (next.assumed) return `${describeAt(subject, tokens.slice(0, depth + 1))} is marked x-assumed`;
    if (next.schema === undefined) return undefined;
    current = next.schema;
  }
  return undefined;
}

/** Why an undocumented status is only a warning: every response documented in its class (2xx, 4xx...) is assumed. */
export function statusClassAssumption(operation: OperationSpec, status: number): string | undefined {
  const digit = String(Math.floor(status / 100));
  const sameClass = operation.responses.filter((r) => r.status.startsWith(digit));
  if (sameClass.length === 0 || !sameClass.every((r) => r.assumed)) return undefined;
  return `the ${digit}xx statuses ${operation.id} documents (${sameClass.map((r) => r.status).join(', ')}) are marked x-assumed`;
}

export function responseAssumption(response: ResponseSpec): string | undefined {
  return response.assumed ? `the ${response.status} response is marked x-assumed` : undefined;
}

interface Marked {
  readonly schema: unknown;
  readonly assumed: boolean;
}

/** Follows `$ref`s, noting whether any hop (or the target) is marked. */
function resolveMarked(document: JsonObject, schema: unknown): Marked {
  let current = schema;
  let assumed = false;
  for (let hops = 0; hops < MAX_REF_HOPS && isRecord(current); hops++) {
    assumed ||= isAssumed(current);
    const ref = current['$ref'];
    if (typeof ref !== 'string' || !ref.startsWith('#')) break;
    current = resolvePointer(document, ref);
  }
  return { schema: current, assumed };
}

/** The schema of one property or item, looking through `allOf`/`oneOf`/`anyOf` branches (whose marks count too). */
function childSchema(document: JsonObject, schema: unknown, token: string): Marked {
  if (!isRecord(schema)) return { schema: undefined, assumed: false };
  const properties = schema['properties'];
  if (isRecord(properties) && Object.hasOwn(properties, token))
    return { schema: properties[token], assumed: false };
  if (/^\d+$/.test(token)) {
    const prefix = schema['prefixItems'];
    const positional: unknown = Array.isArray(prefix) ? (prefix as unknown[])[Number(token)] : undefined;
    if (positional !== undefined) return { schema: positional, assumed: false };
    if (isRecord(schema['items'])) return { schema: schema['items'], assumed: false };
  }
  for (const keyword of BRANCH_KEYWORDS) {
    const branches = schema[keyword];
    if (!Array.isArray(branches)) continue;
    for (const branch of branches as unknown[]) {
      const resolved = resolveMarked(document, branch);
      const inner = childSchema(document, resolved.schema, token);
      if (inner.schema !== undefined)
        return { schema: inner.schema, assumed: resolved.assumed || inner.assumed };
    }
  }
  const extra = schema['additionalProperties'];
  return isRecord(extra) ? { schema: extra, assumed: false } : { schema: undefined, assumed: false };
}

function describeAt(subject: string, tokens: readonly string[]): string {
  return tokens.length === 0 ? subject : `${subject} /${tokens.map(escapePointerToken).join('/')}`;
}
