import { isRecord, type JsonObject } from '../spec/isRecord.ts';

const REMOVE = Symbol('remove');

/** A copy of `root` with the value at `tokens` replaced; missing parents become objects. */
export function replaceAt(root: unknown, tokens: readonly string[], value: unknown): unknown {
  return edit(root, tokens, value);
}

/** A copy of `root` without the value at `tokens`. */
export function removeAt(root: unknown, tokens: readonly string[]): unknown {
  return edit(root, tokens, REMOVE);
}

/** The value at `tokens`, or `undefined`. */
export function valueAt(root: unknown, tokens: readonly string[]): unknown {
  let current = root;
  for (const token of tokens) {
    if (Array.isArray(current)) current = (current as unknown[])[Number(token)];
    else if (isRecord(current)) current = current[token];
    else return undefined;
  }
  return current;
}

function edit(root: unknown, tokens: readonly string[], value: unknown): unknown {
  const [head, ...rest] = tokens;
  if (head === undefined) return value === REMOVE ? undefined : structuredClone(value);
  if (Array.isArray(root)) {
    const copy = [...(root as unknown[])];
    const index = Number(head);
    if (value === REMOVE && rest.length === 0) copy.splice(index, 1);
    else copy[index] = edit(copy[index], rest, value);
    return copy;
  }
  const copy: JsonObject = isRecord(root) ? { ...root } : {};
  if (value === REMOVE && rest.length === 0) Reflect.deleteProperty(copy, head);
  else copy[head] = edit(copy[head], rest, value);
  return copy;
}
