// @ts-check
import { byId, h, replace, slug } from './dom.js';

/**
 * @typedef {import('./api.js').AdminApi} AdminApi
 * @typedef {Record<string, unknown>} Json
 * @typedef {{ name: string, title: string, version: string, basePath: string, file: string, document: Json }} SpecAnswer
 */

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
/** Nested schemas deeper than this are summarised, so a recursive schema cannot grow the page without end. */
const MAX_DEPTH = 8;

/**
 * A loaded OpenAPI document rendered for reading: info, servers, security, then each operation with its parameters,
 * request body and responses, schemas as nested property lists, and the source file on demand.
 * @param {AdminApi} api
 */
export function createSpecView(api) {
  const view = byId('spec-view', HTMLElement);
  const content = byId('spec-content', HTMLElement);

  /** @type {string | undefined} */
  let shown;

  /**
   * @param {string} name
   * @param {string} [anchor] the id of an operation's section to scroll to
   */
  return async function show(name, anchor) {
    if (shown === name) {
      reveal(anchor);
      return;
    }
    shown = name;
    content.replaceChildren(h('p', {}, 'Loading…'));
    try {
      const spec = /** @type {SpecAnswer} */ (await api.call(`specs/${encodeURIComponent(name)}`));
      document.title = `${spec.title} · mockgram`;
      replace(content, renderDocument(spec, api));
    } catch (error) {
      content.replaceChildren(
        h('p', { role: 'alert' }, error instanceof Error ? error.message : String(error)),
      );
    }
    reveal(anchor);
  };

  /** @param {string | undefined} anchor */
  function reveal(anchor) {
    const target = anchor ? document.getElementById(anchor) : view.querySelector('h2');
    if (!target) return;
    target.scrollIntoView();
    if (target.tabIndex < 0 && !target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
    target.focus({ preventScroll: true });
  }
}

/**
 * @param {SpecAnswer} spec
 * @param {AdminApi} api
 */
function renderDocument(spec, api) {
  const doc = spec.document;
  const info = object(doc['info']);
  const resolve = resolver(doc);
  const source = h(
    'pre',
    { class: 'body source', tabindex: 0, 'aria-label': `${spec.file} source` },
    'Loading…',
  );
  const sourceBox = h('details', { class: 'source-box' }, h('summary', {}, `Source: ${spec.file}`), source);
  sourceBox.addEventListener(
    'toggle',
    async () => {
      try {
        const response = await api.fetch(`specs/${encodeURIComponent(spec.name)}/source`);
        source.textContent = response.ok
          ? await response.text()
          : `could not load the source (${response.status})`;
      } catch (error) {
        source.textContent = String(error);
      }
    },
    { once: true },
  );
  const operations = [];
  for (const [path, item] of Object.entries(object(doc['paths']))) {
    const pathItem = object(resolve(item));
    for (const method of METHODS) {
      if (pathItem[method] !== undefined) operations.push(renderOperation(path, method, pathItem, resolve));
    }
  }
  const schemes = object(object(doc['components'])['securitySchemes']);
  return [
    h(
      'header',
      { class: 'spec-header' },
      h('h2', { tabindex: -1 }, text(info['title']) || spec.name),
      h(
        'p',
        { class: 'note' },
        `Version ${text(info['version'])} · OpenAPI ${text(doc['openapi'])} · served at ${spec.basePath}`,
      ),
      description(info['description']),
      assumed(info),
    ),
    h(
      'nav',
      { 'aria-label': 'Operations' },
      h(
        'ul',
        { class: 'toc' },
        ...operations.map((o) =>
          h('li', {}, h('a', { href: `#spec/${encodeURIComponent(spec.name)}/${o.id}` }, o.label)),
        ),
      ),
    ),
    array(doc['servers']).length > 0 &&
      h(
        'section',
        {},
        h('h3', {}, 'Servers'),
        h(
          'ul',
          {},
          ...array(doc['servers']).map((server) =>
            h('li', {}, h('code', {}, text(object(server)['url'])), ' ', text(object(server)['description'])),
          ),
        ),
      ),
    Object.keys(schemes).length > 0 &&
      h(
        'section',
        {},
        h('h3', {}, 'Security'),
        h(
          'dl',
          { class: 'facts' },
          ...Object.entries(schemes).map(([name, raw]) => {
            const scheme = object(resolve(raw));
            const where =
              scheme['type'] === 'apiKey'
                ? `${text(scheme['in'])} ${text(scheme['name'])}`
                : `${text(scheme['type'])} ${text(scheme['scheme'])}`;
            return h('div', {}, h('dt', {}, name), h('dd', {}, where, description(scheme['description'])));
          }),
        ),
      ),
    ...operations.map((o) => o.node),
    sourceBox,
  ];
}

/** @typedef {(value: unknown) => unknown} Resolve */

/**
 * @param {string} path
 * @param {string} method
 * @param {Json} pathItem
 * @param {Resolve} resolve
 */
function renderOperation(path, method, pathItem, resolve) {
  const operation = object(resolve(pathItem[method]));
  const id = `operation-${slug(text(operation['operationId']) || `${method}-${path}`)}`;
  const parameters = [...array(pathItem['parameters']), ...array(operation['parameters'])].map((p) =>
    object(resolve(p)),
  );
  const body = object(resolve(operation['requestBody']));
  const responses = object(operation['responses']);
  const label = `${method.toUpperCase()} ${path}`;
  const node = h(
    'section',
    { class: 'spec-operation', id, 'aria-labelledby': `${id}-title` },
    h(
      'h3',
      { id: `${id}-title` },
      h('span', { class: `method method-${method}` }, method.toUpperCase()),
      ' ',
      h('code', {}, path),
    ),
    h(
      'p',
      { class: 'note' },
      text(operation['operationId']),
      operation['deprecated'] === true && ' · deprecated',
    ),
    text(operation['summary']) && h('p', { class: 'summary' }, text(operation['summary'])),
    description(operation['description']),
    assumed(operation),
    parameters.length > 0 &&
      h(
        'section',
        {},
        h('h4', {}, 'Parameters'),
        h(
          'table',
          { class: 'params' },
          h(
            'thead',
            {},
            h('tr', {}, ...['Name', 'In', 'Schema', 'Description'].map((n) => h('th', { scope: 'col' }, n))),
          ),
          h(
            'tbody',
            {},
            ...parameters.map((p) =>
              h(
                'tr',
                {},
                h(
                  'th',
                  { scope: 'row' },
                  h('code', {}, text(p['name'])),
                  p['required'] === true && h('span', { class: 'required', title: 'required' }, ' required'),
                ),
                h('td', {}, text(p['in'])),
                h('td', {}, schemaSummary(object(resolve(p['schema'])), resolve)),
                h('td', {}, text(p['description']), assumed(p)),
              ),
            ),
          ),
        ),
      ),
    Object.keys(body).length > 0 &&
      h(
        'section',
        {},
        h('h4', {}, `Request body${body['required'] === true ? ' (required)' : ''}`),
        description(body['description']),
        ...content(object(body['content']), resolve),
      ),
    h(
      'section',
      {},
      h('h4', {}, 'Responses'),
      ...Object.entries(responses).map(([status, raw]) => {
        const response = object(resolve(raw));
        const headers = object(response['headers']);
        return h(
          'details',
          { class: 'response' },
          h(
            'summary',
            {},
            h('span', { class: `status status-${status[0]}` }, status),
            ' ',
            text(response['description']).split('\n')[0] ?? '',
          ),
          description(response['description']),
          assumed(response),
          Object.keys(headers).length > 0 &&
            h(
              'dl',
              { class: 'facts' },
              ...Object.entries(headers).map(([name, header]) => {
                const resolved = object(resolve(header));
                return h(
                  'div',
                  {},
                  h('dt', {}, name),
                  h(
                    'dd',
                    {},
                    schemaSummary(object(resolve(resolved['schema'])), resolve),
                    ' ',
                    text(resolved['description']),
                  ),
                );
              }),
            ),
          ...content(object(response['content']), resolve),
        );
      }),
    ),
  );
  return { id, label, node };
}

/**
 * @param {Json} media
 * @param {Resolve} resolve
 */
function content(media, resolve) {
  return Object.entries(media).map(([type, raw]) => {
    const entry = object(resolve(raw));
    const examples = Object.entries(object(entry['examples'])).map(([name, example]) => [
      name,
      object(resolve(example))['value'],
    ]);
    if (entry['example'] !== undefined) examples.unshift(['example', entry['example']]);
    return h(
      'div',
      { class: 'media' },
      h('p', {}, h('code', {}, type)),
      entry['schema'] !== undefined && schemaTree(entry['schema'], resolve, 0, new Set()),
      ...examples.map(([name, value]) =>
        h(
          'details',
          { class: 'example' },
          h('summary', {}, `Example: ${String(name)}`),
          h('pre', { class: 'body', tabindex: 0 }, JSON.stringify(value, null, 2)),
        ),
      ),
    );
  });
}

/**
 * A schema as a nested list: each property with its type, constraints and description.
 * @param {unknown} raw
 * @param {Resolve} resolve
 * @param {number} depth
 * @param {Set<unknown>} seen the schemas on the way here (a `$ref` cycle stops at the second visit)
 * @returns {HTMLElement}
 */
function schemaTree(raw, resolve, depth, seen) {
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
function schemaSummary(schema, resolve) {
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
function resolver(doc) {
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
function description(value) {
  const words = text(value);
  return words && h('p', { class: 'description' }, words);
}

/**
 * The project's transcription marks: `x-assumed` (not in the vendor's docs) and `x-source-note`.
 * @param {Json} node
 */
function assumed(node) {
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
function object(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? /** @type {Json} */ (value)
    : {};
}

/**
 * @param {unknown} value
 * @returns {unknown[]}
 */
function array(value) {
  return Array.isArray(value) ? value : [];
}

/** @param {unknown} value */
function text(value) {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}
