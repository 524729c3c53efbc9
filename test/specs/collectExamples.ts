import { isRecord, type JsonObject } from '../../src/spec/isRecord.ts';
import { joinPointer, resolvePointer } from '../../src/spec/jsonPointer.ts';
import { listSubschemas } from './schemaKeywords.ts';
import { walkOpenApiDocument, type ExampleHolder } from './walkOpenApiDocument.ts';

/** One value the document claims is valid, and the schema it must be valid against. */
export interface ExampleCase {
  /** JSON pointer of the value, or of the referenced Example Object's `value` when it is shared. */
  readonly at: string;
  /** JSON pointer of the schema that must accept the value. */
  readonly schemaAt: string;
  readonly value: unknown;
}

/**
 * Every example and default of a document: `example` and `examples` of parameters, headers and media types
 * (following local `$ref`s to shared Example Objects), and `example`, `examples` and `default` of every schema.
 */
export function collectExamples(document: JsonObject): ExampleCase[] {
  const { schemaRoots, exampleHolders } = walkOpenApiDocument(document);
  return [
    ...exampleHolders.flatMap((holder) => holderExamples(document, holder)),
    ...schemaRoots.flatMap((root) => schemaExamples(root.schema, root.at)),
  ];
}

function holderExamples(document: JsonObject, holder: ExampleHolder): ExampleCase[] {
  const schemaAt = joinPointer(holder.at, 'schema');
  const cases: ExampleCase[] = [];
  if ('example' in holder.node) {
    cases.push({ at: joinPointer(holder.at, 'example'), schemaAt, value: holder.node['example'] });
  }
  const examples = holder.node['examples'];
  if (!isRecord(examples)) return cases;
  for (const [name, entry] of Object.entries(examples)) {
    const { node, at } = followExampleRef(document, entry, joinPointer(holder.at, 'examples', name));
    if ('value' in node) cases.push({ at: joinPointer(at, 'value'), schemaAt, value: node['value'] });
  }
  return cases;
}

function followExampleRef(
  document: JsonObject,
  entry: unknown,
  at: string,
): { node: JsonObject; at: string } {
  const seen = new Set<string>();
  let current: unknown = entry;
  let pointer = at;
  while (isRecord(current) && typeof current['$ref'] === 'string') {
    const ref = current['$ref'];
    if (!ref.startsWith('#') || seen.has(ref)) throw new TypeError(`${pointer}: cannot follow $ref '${ref}'`);
    seen.add(ref);
    current = resolvePointer(document, ref);
    pointer = ref.slice(1);
  }
  if (!isRecord(current)) throw new TypeError(`${pointer}: an Example Object must be an object`);
  return { node: current, at: pointer };
}

function schemaExamples(schema: JsonObject, at: string): ExampleCase[] {
  const cases: ExampleCase[] = [];
  for (const keyword of ['example', 'default']) {
    if (keyword in schema) cases.push({ at: joinPointer(at, keyword), schemaAt: at, value: schema[keyword] });
  }
  const examples = schema['examples'];
  if (Array.isArray(examples)) {
    examples.forEach((value: unknown, index) => {
      cases.push({ at: joinPointer(at, 'examples', index), schemaAt: at, value });
    });
  }
  for (const sub of listSubschemas(schema))
    cases.push(...schemaExamples(sub.schema, joinPointer(at, ...sub.tokens)));
  return cases;
}
