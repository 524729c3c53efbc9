import { isRecord, type JsonObject } from '../../src/spec/isRecord.ts';
import { joinPointer } from '../../src/spec/jsonPointer.ts';

/** A Schema Object that is not inside another schema: the `schema` of a parameter, header or media type, or a component. */
export interface SchemaRoot {
  readonly at: string;
  readonly schema: JsonObject;
}

/** A parameter, header or media type: an object whose `example` or `examples` must match its `schema`. */
export interface ExampleHolder {
  readonly at: string;
  readonly node: JsonObject;
}

export interface OpenApiParts {
  readonly schemaRoots: SchemaRoot[];
  readonly exampleHolders: ExampleHolder[];
}

/** Keys whose values are data or vendor extensions, never OpenAPI structure to descend into. */
function isOpaque(key: string): boolean {
  return key === 'example' || key === 'examples' || key.startsWith('x-');
}

/**
 * Finds every schema root and every example holder of an OpenAPI 3.0 or 3.1 document. Holders are recognised by
 * where they sit (items of `parameters`, values of `headers` and `content`), not by their keys, so a property or
 * component that happens to be named `schema` is not mistaken for one.
 */
export function walkOpenApiDocument(document: JsonObject): OpenApiParts {
  const parts: OpenApiParts = { schemaRoots: [], exampleHolders: [] };
  visitNode(document, '', parts);
  return parts;
}

function visitNode(node: JsonObject, at: string, parts: OpenApiParts): void {
  for (const [key, value] of Object.entries(node)) {
    if (isOpaque(key)) continue;
    const here = joinPointer(at, key);
    if (at === '/components' && key === 'schemas' && isRecord(value)) {
      for (const [name, schema] of Object.entries(value))
        addSchemaRoot(schema, joinPointer(here, name), parts);
    } else if (key === 'parameters' && Array.isArray(value)) {
      value.forEach((item: unknown, index) => {
        visitHolder(item, joinPointer(here, index), parts);
      });
    } else if (isHolderMap(at, key) && isRecord(value)) {
      for (const [name, item] of Object.entries(value)) visitHolder(item, joinPointer(here, name), parts);
    } else if (isRecord(value)) {
      visitNode(value, here, parts);
    } else if (Array.isArray(value)) {
      value.forEach((item: unknown, index) => {
        if (isRecord(item)) visitNode(item, joinPointer(here, index), parts);
      });
    }
  }
}

function isHolderMap(at: string, key: string): boolean {
  return key === 'headers' || key === 'content' || (at === '/components' && key === 'parameters');
}

function visitHolder(node: unknown, at: string, parts: OpenApiParts): void {
  if (!isRecord(node) || '$ref' in node) return;
  if ('schema' in node) {
    parts.exampleHolders.push({ at, node });
    addSchemaRoot(node['schema'], joinPointer(at, 'schema'), parts);
  }
  // The schema is a root of its own; the rest may hold `content` (parameters, headers) with more holders.
  visitNode(Object.fromEntries(Object.entries(node).filter(([key]) => key !== 'schema')), at, parts);
}

function addSchemaRoot(schema: unknown, at: string, parts: OpenApiParts): void {
  if (isRecord(schema)) parts.schemaRoots.push({ at, schema });
}
