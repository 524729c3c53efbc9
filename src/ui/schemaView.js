// @ts-check
import { h } from './dom.js';

/**
 * @typedef {Record<string, unknown>} Json
 * @typedef {(value: unknown) => unknown} Resolve
 */

/** Nested schemas deeper than this are summarised, so a recursive schema cannot grow the page without end. */
const MAX_DEPTH = 8;

/**
 * A schema as a nested list: each property with its type, constraints and description.
 * @param {unknown} raw
 * @param {Resolve} resolve
 * @param {number} depth
 * @param {Set<unknown>} seen the schemas on the way here (a `$ref` cycle stops at the second visit)
 * @returns {HTMLElement}
 */
export function schemaTree(raw, resolve, depth, seen) {
  const schema = object(resolve(raw));
  if (seen.has(schema) || depth > MAX_DEPTH)
    return h('p', { class: 'note' }, `${schemaSummary(schema, resolve)} (shown above)`);
  const inner = new Set(seen).add(schema);
  const properties = object(schema['properties']);
  const required = new Set(array(schema['required']).map(String));
  const parts = [];
  for (const keyword of ['allOf', 'oneOf', 'anyOf']) {
    const options = array(schema[keyword]);
    if (options.length > 0)
      parts.push(
        h(
          'p',
          { class: 'note' },
          keyword === 'allOf' ? 'All of:' : keyword === 'oneOf' ? 'Exactly one of:' : 'Any of:',
        ),
        h(
          'ol',
          { class: 'alternatives' },
          ...options.map((option) => h('li', {}, schemaTree(option, resolve, depth + 1, inner))),
        ),
      );
  }
  if (Object.keys(properties).length > 0) {
    parts.push(
      h(
        'ul',
        { class: 'schema' },
        ...Object.entries(properties).map(([name, property]) => {
          const resolved = object(resolve(property));
          const nested = hasStructure(resolved, resolve);
          return h(
            'li',
            {},
            h('code', { class: 'prop' }, name),
            required.has(name) && h('span', { class: 'required' }, ' required'),
            ' ',
            h('span', { class: 'type' }, schemaSummary(resolved, resolve)),
            text(resolved['description']) &&
              h('span', { class: 'desc' }, ` — ${text(resolved['description'])}`),
            assumed(resolved),
            nested &&
              schemaTree(
                resolved['type'] === 'array' ? resolved['items'] : resolved,
                resolve,
                depth + 1,
                inner,
              ),
          );
        }),
      ),
    );
  } else if (schema['type'] === 'array' && hasStructure(object(resolve(schema['items'])), resolve)) {
    parts.push(
      h('p', { class: 'note' }, 'Array of:'),
      schemaTree(schema['items'], resolve, depth + 1, inner),
    );
  }
  if (parts.length === 0)
    parts.push(
      h(
        'p',
        {},
        h('span', { class: 'type' }, schemaSummary(schema, resolve)),
        text(schema['description']) && ` — ${text(schema['description'])}`,
      ),
    );
  return h('div', { class: 'schema-tree' }, ...parts);
}

/**
 * @param {Json} schema
 * @param {Resolve} resolve
 * @returns {boolean}
 */
function hasStructure(schema, resolve) {
  if (Object.keys(object(schema['properties'])).length > 0) return true;
  if (['allOf', 'oneOf', 'anyOf'].some((k) => array(schema[k]).length > 0)) return true;
  return schema['type'] === 'array' && hasStructure(object(resolve(schema['items'])), resolve);
}

/**
 * One line: type, format and constraints, e.g. `string (uuid) · pattern ^[0-9]+$ · max length 64`.
 * @param {Json} schema
 * @param {Resolve} resolve
 * @returns {string}
 */
export function schemaSummary(schema, resolve) {
  const type = Array.isArray(schema['type']) ? schema['type'].join(' | ') : text(schema['type']);
  const items =
    schema['type'] === 'array' ? ` of ${schemaSummary(object(resolve(schema['items'])), resolve)}` : '';
  const facts = [
    `${type || (schema['properties'] ? 'object' : 'any')}${schema['format'] ? ` (${text(schema['format'])})` : ''}${items}`,
  ];
  /** @type {[string, string][]} */
  const constraints = [
    ['enum', 'one of'],
    ['const', 'always'],
    ['pattern', 'pattern'],
    ['minLength', 'min length'],
    ['maxLength', 'max length'],
    ['minimum', 'min'],
    ['maximum', 'max'],
    ['exclusiveMinimum', 'more than'],
    ['exclusiveMaximum', 'less than'],
    ['minItems', 'min items'],
    ['maxItems', 'max items'],
    ['default', 'default'],
  ];
  for (const [keyword, name] of constraints) {
    const value = schema[keyword];
    if (value === undefined || typeof value === 'boolean') continue;
    facts.push(
      `${name} ${Array.isArray(value) ? value.map((v) => JSON.stringify(v)).join(', ') : typeof value === 'string' && keyword !== 'pattern' ? JSON.stringify(value) : String(value)}`,
    );
  }
  if (schema['nullable'] === true) facts.push('nullable');
  if (schema['additionalProperties'] === false) facts.push('no other properties');
  return facts.join(' · ');
}

/**
 * Follows local `$ref`s (`#/components/...`); the document is bundled, so there are no others.
 * @param {Json} doc
 * @returns {Resolve}
 */
export function resolver(doc) {
  return (value) => {
    let current = value;
    for (let hops = 0; hops < 20; hops++) {
      const ref = object(current)['$ref'];
      if (typeof ref !== 'string' || !ref.startsWith('#')) return current;
      /** @type {unknown} */
      let target = doc;
      for (const token of ref.slice(2).split('/')) {
        if (token === '') continue;
        target = object(target)[decodeURIComponent(token).replaceAll('~1', '/').replaceAll('~0', '~')];
      }
      current = target;
    }
    return current;
  };
}

/** @param {unknown} value */
export function description(value) {
  const words = text(value);
  return words && h('p', { class: 'description' }, words);
}

/**
 * The project's transcription marks: `x-assumed` (not in the vendor's docs) and `x-source-note`.
 * @param {Json} node
 */
export function assumed(node) {
  const note = text(node['x-source-note']);
  return [
    node['x-assumed'] === true &&
      h('span', { class: 'badge assumed', title: 'Not stated in the vendor documentation' }, 'assumed'),
    note && h('span', { class: 'source-note' }, ` ${note}`),
  ].filter((part) => part !== false && part !== '');
}

/**
 * @param {unknown} value
 * @returns {Json}
 */
export function object(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? /** @type {Json} */ (value)
    : {};
}

/**
 * @param {unknown} value
 * @returns {unknown[]}
 */
export function array(value) {
  return Array.isArray(value) ? value : [];
}

/** @param {unknown} value */
export function text(value) {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}
