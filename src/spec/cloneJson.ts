/**
 * A deep copy of a JSON value (parsed bodies, examples, generated answers, stored objects). Several times faster
 * than `structuredClone` for the small objects the engine copies on every stateful request. Own keys only; a
 * `__proto__` key stays a plain property and never reaches a prototype.
 */
export function cloneJson<T>(value: T): T {
  return copy(value) as T;
}

function copy(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(copy);
  const source = value as Readonly<Record<string, unknown>>;
  const target: Record<string, unknown> = {};
  for (const key of Object.keys(source)) {
    if (key === '__proto__')
      Object.defineProperty(target, key, {
        value: copy(source[key]),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else target[key] = copy(source[key]);
  }
  return target;
}
