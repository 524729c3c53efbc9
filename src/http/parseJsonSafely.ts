export type ParsedJson =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly reason: string };

/**
 * Parses request JSON with a nesting limit checked before parsing (so a deeply nested document never reaches
 * the recursive parser or our validators). `JSON.parse` keeps `__proto__` as an own data property, so parsed
 * objects never get a new prototype; code that merges them must still skip such keys (see `isUnsafeKey`).
 */
export function parseJsonSafely(text: string, maxDepth: number): ParsedJson {
  // Each level takes at least two characters, so a short text cannot be too deep and needs no scan.
  if (text.length > 2 * maxDepth && measureDepth(text, maxDepth) > maxDepth)
    return { ok: false, reason: `JSON nested deeper than ${maxDepth} levels` };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, reason: error instanceof SyntaxError ? error.message : 'invalid JSON' };
  }
}

/** Depth of `[`/`{` nesting outside strings; stops counting once past `limit`. */
function measureDepth(text: string, limit: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c) i++;
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) inString = true;
    else if (code === 0x7b || code === 0x5b) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (code === 0x7d || code === 0x5d) depth--;
  }
  return deepest;
}

export function isUnsafeKey(key: string): boolean {
  return key === '__proto__' || key === 'constructor' || key === 'prototype';
}
