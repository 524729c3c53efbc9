import { formatLikeExample } from '../mock/formatTimestamp.ts';
import { echoed } from '../mock/generateValue.ts';
import type { PropertyFacts } from '../mock/schemaFacts.ts';
import { isUnsafeKey } from '../http/parseJsonSafely.ts';
import { isRecord, type JsonObject } from '../spec/isRecord.ts';
import type { StatePlan } from './planStateActions.ts';

/** The request's time, as generated answers use it. */
export interface ChangeTime {
  readonly now: Date;
  readonly microseconds: number;
}

/**
 * PUT: the stored object with every writable field taken from the request (secrets masked) and writable optional
 * fields the request leaves out removed; the id, read-only and server-set fields stay; `updatedAt`-like fields move
 * forward.
 */
export function replaceObject(
  plan: StatePlan,
  stored: JsonObject,
  body: unknown,
  time: ChangeTime,
): JsonObject {
  const sent = isRecord(body) ? body : {};
  const out: JsonObject = { ...stored };
  for (const property of plan.writable) {
    if (Object.hasOwn(sent, property.name)) setField(out, property, sent[property.name]);
    else if (!property.required) Reflect.deleteProperty(out, property.name);
  }
  return touch(plan, out, stored, time);
}

/**
 * PATCH, as JSON Merge Patch (RFC 7396): fields the request names change, objects merge key by key, `null` removes
 * an optional field (or sets null where the schema allows it); everything else stays.
 */
export function mergeObject(
  plan: StatePlan,
  stored: JsonObject,
  body: unknown,
  time: ChangeTime,
): JsonObject {
  const sent = isRecord(body) ? body : {};
  const out: JsonObject = { ...stored };
  for (const property of plan.writable) {
    if (!Object.hasOwn(sent, property.name)) continue;
    const value = sent[property.name];
    const current = out[property.name];
    if (isRecord(value) && isRecord(current)) out[property.name] = mergePatch(current, value);
    else setField(out, property, value);
  }
  return touch(plan, out, stored, time);
}

function setField(out: JsonObject, property: PropertyFacts, value: unknown): void {
  if (value === null) {
    if (property.facts.types.includes('null')) out[property.name] = null;
    else if (!property.required) Reflect.deleteProperty(out, property.name);
    return;
  }
  const kept = echoed(property, value);
  if (kept !== undefined) out[property.name] = kept;
}

function mergePatch(target: JsonObject, patch: JsonObject): JsonObject {
  const out: JsonObject = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    if (isUnsafeKey(key)) continue;
    const current = out[key];
    if (value === null) Reflect.deleteProperty(out, key);
    else out[key] = isRecord(value) && isRecord(current) ? mergePatch(current, value) : value;
  }
  return out;
}

/** `updatedAt`-like fields take the request's time, in the stored value's layout, always later than before. */
function touch(plan: StatePlan, out: JsonObject, stored: JsonObject, time: ChangeTime): JsonObject {
  for (const name of plan.touched) out[name] = laterTimestamp(stored[name], time);
  return out;
}

export function laterTimestamp(previous: unknown, { now, microseconds }: ChangeTime): unknown {
  if (typeof previous === 'number') {
    // Epoch milliseconds or seconds, whichever the stored value uses.
    const current = previous > 1e11 ? now.getTime() : Math.floor(now.getTime() / 1000);
    return Math.max(previous + 1, current);
  }
  if (typeof previous !== 'string') return now.toISOString();
  const candidate = formatLikeExample(previous, now, microseconds) ?? now.toISOString();
  if (candidate > previous) return candidate;
  const before = Date.parse(
    /[zZ]|[+-]\d{2}:?\d{2}$/.test(previous) ? previous : `${previous.replace(' ', 'T')}Z`,
  );
  if (Number.isNaN(before)) return candidate;
  const later = new Date(before + 1);
  return formatLikeExample(previous, later, 0) ?? later.toISOString();
}
