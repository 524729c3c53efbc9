import { isDeepStrictEqual } from 'node:util';
import { objectProperties } from '../mock/schemaView.ts';
import { successSchema } from '../resources/listShape.ts';
import type { ListPlan } from '../resources/types.ts';
import { isRecord, type JsonObject } from '../spec/isRecord.ts';
import type { OperationSpec } from '../spec/types.ts';

const MAX_DIFFERENCES = 3;

/**
 * read-after-create: every property the read documents and create answered has the same value in the read's
 * answer. The reason it fails, or `undefined` when it holds.
 */
export function differsFromCreated(
  document: JsonObject,
  read: OperationSpec,
  created: unknown,
  answer: unknown,
): string | undefined {
  if (!isRecord(created)) return undefined;
  if (!isRecord(answer)) return `the read answered ${shown(answer)}, not an object`;
  const names = documentedNames(document, read, answer).filter((name) => name in created);
  const differences = names.flatMap((name) => {
    if (!(name in answer)) return [`${name}: create answered ${shown(created[name])}, the read has none`];
    return isDeepStrictEqual(created[name], answer[name])
      ? []
      : [`${name}: create answered ${shown(created[name])}, the read ${shown(answer[name])}`];
  });
  return joined(differences);
}

/** update-then-read: every property the update sent (and the read documents) reads back as sent; the id is kept. */
export function missesUpdate(
  document: JsonObject,
  read: OperationSpec,
  sent: unknown,
  answer: unknown,
  id: { readonly field: string; readonly value: string } | undefined,
): string | undefined {
  if (!isRecord(answer)) return `the read answered ${shown(answer)}, not an object`;
  const differences: string[] = [];
  if (id && String(answer[id.field]) !== id.value)
    differences.push(
      `${id.field}: the update was sent to ${id.value}, the read answers ${shown(answer[id.field])}`,
    );
  if (isRecord(sent)) {
    const documented = new Set(documentedNames(document, read, answer));
    for (const [name, value] of Object.entries(sent)) {
      if (value === null || !documented.has(name) || isDeepStrictEqual(answer[name], value)) continue;
      differences.push(`${name}: the update sent ${shown(value)}, the read answers ${shown(answer[name])}`);
    }
  }
  return joined(differences);
}

export type ListVerdict =
  { readonly holds: true } | { readonly holds: false; readonly reason: string; readonly conclusive: boolean };

/**
 * list-after-create: the list answer holds the created object (by id, else by its properties). A miss on a page
 * that may continue (as many items as the limit asked for, or a total above the count) is not conclusive.
 */
export function listVerdict(
  plan: ListPlan,
  answer: unknown,
  created: unknown,
  id: { readonly field: string; readonly value: string } | undefined,
  limit: number | undefined,
): ListVerdict {
  const items =
    plan.shape.arrayField === '' ? answer : isRecord(answer) ? answer[plan.shape.arrayField] : undefined;
  const where = plan.shape.arrayField === '' ? 'the answer' : `'${plan.shape.arrayField}'`;
  if (!Array.isArray(items))
    return { holds: false, reason: `${where} is not a list: ${shown(items)}`, conclusive: true };
  const matches = (item: unknown): boolean =>
    id
      ? isRecord(item) && String(item[id.field]) === id.value
      : isRecord(item) &&
        isRecord(created) &&
        Object.entries(created).every(([name, value]) => isDeepStrictEqual(item[name], value));
  if (items.some(matches)) return { holds: true };
  const total = isRecord(answer)
    ? plan.shape.totalFields.map((field) => answer[field]).find((value) => typeof value === 'number')
    : undefined;
  const paged =
    (limit !== undefined && items.length >= limit) || (total !== undefined && total > items.length);
  const what = id ? `no object with ${id.field} ${id.value}` : 'no object like the created one';
  return { holds: false, reason: `${where} holds ${items.length} objects, ${what}`, conclusive: !paged };
}

/** The properties the read's success schema documents; those of the answer when it documents none. */
function documentedNames(document: JsonObject, read: OperationSpec, answer: JsonObject): string[] {
  const schema = successSchema(read)?.schema;
  const names = Object.keys(objectProperties(document, schema).properties);
  return names.length > 0 ? names : Object.keys(answer);
}

function joined(differences: readonly string[]): string | undefined {
  if (differences.length === 0) return undefined;
  const more =
    differences.length > MAX_DIFFERENCES ? ` (and ${differences.length - MAX_DIFFERENCES} more)` : '';
  return `${differences.slice(0, MAX_DIFFERENCES).join('; ')}${more}`;
}

function shown(value: unknown): string {
  const text = value === undefined ? 'nothing' : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
