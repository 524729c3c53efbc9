import { isUnsafeKey } from '../http/parseJsonSafely.ts';
import { isRecord } from '../spec/isRecord.ts';

/**
 * Overrides merged into a base: objects merge key by key, anything else (arrays included) replaces; an `undefined`
 * override leaves the base alone. Keys that could reach a prototype are skipped.
 */
export function deepMerge(base: unknown, override: unknown): unknown {
  if (override === undefined) return base;
  if (!isRecord(base) || !isRecord(override)) return override;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (isUnsafeKey(key)) continue;
    const merged = deepMerge(base[key], value);
    if (merged === undefined) Reflect.deleteProperty(out, key);
    else out[key] = merged;
  }
  return out;
}
