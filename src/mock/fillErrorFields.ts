import { statusText } from '../http/statusText.ts';
import { isRecord, type JsonObject } from '../spec/isRecord.ts';
import type { Diagnostic } from '../validate/diagnostic.ts';
import { allowsType, derefSchema, objectProperties, schemaTypes } from './schemaView.ts';

const STATUS_FIELDS = ['statusCode', 'status_code', 'status', 'code'];
const TEXT_FIELDS = ['message', 'error', 'detail', 'error_description', 'description', 'title'];
const VALIDATED_LOCATIONS: ReadonlySet<Diagnostic['location']> = new Set([
  'path',
  'query',
  'header',
  'cookie',
  'body',
]);
/** Problems with the bytes rather than the values: frameworks report these as one sentence, not per field. */
const UNREADABLE_BODY: ReadonlySet<string> = new Set(['malformed', 'aborted']);
/** More entries than this become one last "and N more" entry, so a huge invalid body cannot make a huge answer. */
const MAX_LISTED_PROBLEMS = 20;

/**
 * Puts a validation message into a generated error body, wherever the API's own error shape keeps it: a numeric
 * status field gets the status; `message` (or the first text field) gets the message; when the shape has both
 * `message` and `error`, `error` gets the reason phrase (`Bad Request`). Fields with an enum or pattern are left alone.
 * A validation error (a 400 listing what is wrong with parameters or body values) goes into a field that allows an
 * array of strings as one entry per problem, as NestJS's validation pipe answers; every other error stays a string.
 */
export function fillErrorFields(
  document: JsonObject,
  schema: unknown,
  body: unknown,
  status: number,
  message: string,
  diagnostics: readonly Diagnostic[] = [],
): unknown {
  if (!isRecord(body)) return body;
  const { properties } = objectProperties(document, schema);
  const writable = (name: string, type: string): boolean => {
    if (!(name in properties)) return false;
    const property = derefSchema(document, properties[name]);
    return (
      allowsType(document, property, type) &&
      !('enum' in property) &&
      !('pattern' in property) &&
      !('const' in property)
    );
  };
  const out = { ...body };
  const statusField = STATUS_FIELDS.find((name) => writable(name, 'integer'));
  if (statusField) out[statusField] = status;
  const listLimits = new Map<string, number>();
  for (const name of TEXT_FIELDS) {
    const limit = name in properties ? stringListLimit(document, properties[name]) : undefined;
    if (limit !== undefined) listLimits.set(name, limit);
  }
  const textFields = TEXT_FIELDS.filter((name) => name !== statusField && writable(name, 'string'));
  const primary = TEXT_FIELDS.find(
    (name) => name !== statusField && (textFields.includes(name) || listLimits.has(name)),
  );
  if (primary === undefined) return out;
  const listLimit = listLimits.get(primary);
  if (listLimit === undefined) out[primary] = message;
  else if (isValidationError(status, diagnostics))
    out[primary] = listProblems(
      diagnostics.map((d) => d.message),
      listLimit,
    );
  else out[primary] = textFields.includes(primary) ? message : [message];
  const reasonField = ['error', 'title'].find((name) => name !== primary && textFields.includes(name));
  if (reasonField !== undefined) out[reasonField] = statusText(status);
  return out;
}

function isValidationError(status: number, diagnostics: readonly Diagnostic[]): boolean {
  return (
    status === 400 &&
    diagnostics.length > 0 &&
    diagnostics.every((d) => VALIDATED_LOCATIONS.has(d.location) && !UNREADABLE_BODY.has(d.code))
  );
}

/**
 * How many strings the schema lets an array hold when one of its alternatives is explicitly an array of plain
 * strings; `undefined` when none is (an untyped field stays a string, as before).
 */
function stringListLimit(document: JsonObject, schema: unknown): number | undefined {
  const resolved = derefSchema(document, schema);
  const alternatives = [resolved['oneOf'], resolved['anyOf']].filter(Array.isArray).flat();
  if (alternatives.length > 0) {
    for (const alternative of alternatives) {
      const limit = stringListLimit(document, alternative);
      if (limit !== undefined) return limit;
    }
    return undefined;
  }
  if (!schemaTypes(resolved).includes('array')) return undefined;
  const items = derefSchema(document, resolved['items']);
  if (!allowsType(document, items, 'string') || 'enum' in items || 'const' in items || 'pattern' in items)
    return undefined;
  const maxItems = resolved['maxItems'];
  const limit = typeof maxItems === 'number' ? Math.min(maxItems, MAX_LISTED_PROBLEMS) : MAX_LISTED_PROBLEMS;
  return limit >= 1 ? limit : undefined;
}

function listProblems(messages: readonly string[], limit: number): string[] {
  if (messages.length <= limit) return [...messages];
  const shown = messages.slice(0, Math.max(1, limit - 1));
  return limit === 1 ? shown : [...shown, `and ${messages.length - shown.length} more`];
}
