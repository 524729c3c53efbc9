import { isUnsafeKey } from '../http/parseJsonSafely.ts';

const WHOLE = /^\{\{\s*([A-Za-z0-9_.\-[\]]+)\s*\}\}$/;
const INLINE = /\{\{\s*([A-Za-z0-9_.\-[\]]+)\s*\}\}/g;

/**
 * Fills `{{path.to.value}}` placeholders from `context` (no code is evaluated: a placeholder is a property path).
 * A string that is one placeholder takes the value's own type; placeholders inside longer strings are stringified.
 * Unknown paths render as an empty string (or `undefined` for a whole-string placeholder, which drops the field).
 */
export function renderTemplate(value: unknown, context: Readonly<Record<string, unknown>>): unknown {
  if (typeof value === 'string') {
    const whole = WHOLE.exec(value);
    if (whole?.[1] !== undefined) return lookup(context, whole[1]);
    return value.replace(INLINE, (_match, path: string) => stringify(lookup(context, path)));
  }
  if (Array.isArray(value)) return value.map((item) => renderTemplate(item, context));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => !isUnsafeKey(key))
        .map(([key, inner]) => [key, renderTemplate(inner, context)]),
    );
  }
  return value;
}

/** The placeholder paths a value uses, for checking them when the catalog loads. */
export function templatePaths(value: unknown): string[] {
  if (typeof value === 'string') return [...value.matchAll(INLINE)].map((m) => m[1] ?? '');
  if (Array.isArray(value)) return value.flatMap(templatePaths);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(templatePaths);
  return [];
}

function lookup(context: Readonly<Record<string, unknown>>, path: string): unknown {
  let current: unknown = context;
  for (const segment of path.replace(/\[(\d+)\]/g, '.$1').split('.')) {
    if (segment === '' || isUnsafeKey(segment)) return undefined;
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

function stringify(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
