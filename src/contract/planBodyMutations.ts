import { derefSchema, objectProperties } from '../mock/schemaView.ts';
import { isRecord, type JsonObject } from '../spec/isRecord.ts';
import { escapePointerToken } from '../spec/jsonPointer.ts';
import { invalidValues } from './invalidValues.ts';
import { removeAt, replaceAt, valueAt } from './replaceAt.ts';

/** A valid body with exactly one thing broken. */
export interface BodyMutation {
  /** `body-<rule>:<pointer>`, e.g. `body-missing:/mention`. */
  readonly name: string;
  readonly rule: string;
  /** JSON Pointer of the value changed (`''` for the whole body). */
  readonly pointer: string;
  /** Where in the body the schema holding the broken rule applies: the value itself, or its parent object. */
  readonly constraintAt: readonly string[];
  readonly description: string;
  readonly body: unknown;
}

/** Generates a valid value for a property that the valid body leaves out. */
export type SampleValue = (schema: unknown, name: string) => unknown;

const MAX_DEPTH = 3;
const UNKNOWN_PROPERTY = 'unexpected_property';

/**
 * One mutation per rule the body schema states: each required property removed, each property given the wrong
 * type or a value outside its enum/format/pattern/length/range, an unknown property where the schema forbids
 * them, and the body itself of the wrong type. Nested objects are walked to a small depth.
 */
export function planBodyMutations(
  schema: unknown,
  document: JsonObject,
  valid: unknown,
  sample: SampleValue,
): BodyMutation[] {
  const out: BodyMutation[] = [];
  const seen = new Set<string>();
  const push = (mutation: BodyMutation): void => {
    if (seen.has(mutation.name)) return;
    seen.add(mutation.name);
    out.push(mutation);
  };

  const walk = (nodeSchema: unknown, root: unknown, tokens: readonly string[], depth: number): void => {
    const pointer = tokens.map((t) => `/${escapePointerToken(t)}`).join('');
    const subject = pointer === '' ? 'the body' : `property '${tokens.join('.')}'`;
    const value = valueAt(root, tokens);
    for (const invalid of invalidValues(nodeSchema, document, value)) {
      push({
        name: `body-${invalid.rule}:${pointer || '/'}`,
        rule: invalid.rule,
        pointer,
        constraintAt: tokens,
        description: `${subject} ${invalid.description}`,
        body: replaceAt(root, tokens, invalid.value),
      });
    }
    const resolved = derefSchema(document, nodeSchema);
    if (isRecord(value)) {
      const { properties, required } = objectProperties(document, resolved);
      for (const name of Object.keys(properties)) {
        if (required.has(name) && name in value) {
          push({
            name: `body-missing:${pointer}/${escapePointerToken(name)}`,
            rule: 'required',
            pointer: `${pointer}/${escapePointerToken(name)}`,
            // `required` is the parent's keyword: a mark on the property itself (e.g. on its default) is no reason.
            constraintAt: tokens,
            description: `${subject} without required property '${name}'`,
            body: removeAt(root, [...tokens, name]),
          });
        }
      }
      if (forbidsUnknownProperties(resolved) && !(UNKNOWN_PROPERTY in properties)) {
        push({
          name: `body-additional-property:${pointer || '/'}`,
          rule: 'additionalProperties',
          pointer: `${pointer}/${UNKNOWN_PROPERTY}`,
          constraintAt: tokens,
          description: `${subject} with an unknown property '${UNKNOWN_PROPERTY}' (additionalProperties: false)`,
          body: replaceAt(root, [...tokens, UNKNOWN_PROPERTY], 'unexpected'),
        });
      }
      if (depth < MAX_DEPTH) {
        for (const [name, propertySchema] of Object.entries(properties)) {
          const base =
            name in value ? root : replaceAt(root, [...tokens, name], sample(propertySchema, name));
          walk(propertySchema, base, [...tokens, name], depth + 1);
        }
      }
    } else if (Array.isArray(value) && value.length > 0 && depth < MAX_DEPTH && 'items' in resolved) {
      walk(resolved['items'], root, [...tokens, '0'], depth + 1);
    }
  };

  walk(schema, valid, [], 0);
  return out;
}

function forbidsUnknownProperties(schema: JsonObject): boolean {
  return (
    (schema['additionalProperties'] === false || schema['unevaluatedProperties'] === false) &&
    schema['patternProperties'] === undefined
  );
}
