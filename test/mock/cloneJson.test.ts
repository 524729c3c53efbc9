import { describe, expect, it } from 'vitest';
import { cloneJson } from '../../src/spec/cloneJson.ts';

describe('cloneJson', () => {
  it('copies nested objects and arrays, so changing the copy leaves the original', () => {
    const original = { id: 'a', tags: ['x', { deep: [1, null, true] }], nested: { title: 'Support', n: 0 } };
    const copy = cloneJson(original);
    expect(copy).toStrictEqual(original);
    copy.nested.title = 'Sales';
    (copy.tags[1] as { deep: unknown[] }).deep.push(2);
    expect(original.nested.title).toBe('Support');
    expect(original.tags[1]).toStrictEqual({ deep: [1, null, true] });
  });

  it('keeps a __proto__ key as a plain property, never as the prototype', () => {
    const parsed = JSON.parse('{"__proto__": {"polluted": true}, "ok": 1}') as Record<string, unknown>;
    const copy = cloneJson(parsed);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toStrictEqual(['__proto__', 'ok']);
    expect(JSON.stringify(copy)).toBe('{"__proto__":{"polluted":true},"ok":1}');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('returns primitives as they are', () => {
    expect(cloneJson('text')).toBe('text');
    expect(cloneJson(3)).toBe(3);
    expect(cloneJson(null)).toBeNull();
  });
});
