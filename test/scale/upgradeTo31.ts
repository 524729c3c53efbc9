import { isRecord, type JsonObject } from '../../src/spec/isRecord.ts';

/**
 * An OpenAPI 3.0 document rewritten as 3.1, for the scale test: `@octokit/openapi` ships GitHub's description as
 * 3.0.3 only. Schemas get 3.1's forms of what 3.0 spells its own way: `nullable: true` becomes a `'null'` type (or an
 * `anyOf` with `{type: 'null'}` where no type is named), boolean `exclusiveMinimum`/`exclusiveMaximum` become numbers.
 * Examples and extensions are data and stay as they are.
 */
export function upgradeTo31(document: JsonObject): JsonObject {
  const upgraded = rewrite(document);
  return isRecord(upgraded) ? { ...upgraded, openapi: '3.1.0' } : document;
}

function rewrite(node: unknown): unknown {
  if (Array.isArray(node)) return (node as unknown[]).map(rewrite);
  if (!isRecord(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] = key === 'example' || key === 'examples' || key.startsWith('x-') ? value : rewrite(value);
  }
  for (const [flag, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (typeof out[flag] !== 'boolean') continue;
    if (out[flag] && typeof out[bound] === 'number') {
      out[flag] = out[bound];
      Reflect.deleteProperty(out, bound);
    } else Reflect.deleteProperty(out, flag);
  }
  if (out['nullable'] !== true) {
    Reflect.deleteProperty(out, 'nullable');
    return out;
  }
  Reflect.deleteProperty(out, 'nullable');
  const type = out['type'];
  if (Array.isArray(out['enum']) && !(out['enum'] as unknown[]).includes(null))
    out['enum'] = [...(out['enum'] as unknown[]), null];
  if (typeof type === 'string') return { ...out, type: [type, 'null'] };
  const { description, ...rest } = out;
  return { ...(description === undefined ? {} : { description }), anyOf: [{ type: 'null' }, rest] };
}
