// @ts-check
import { byId, h, replace, slug } from './dom.js';
import {
  array,
  assumed,
  description,
  object,
  resolver,
  schemaSummary,
  schemaTree,
  text,
} from './schemaView.js';

/**
 * @typedef {import('./api.js').AdminApi} AdminApi
 * @typedef {Record<string, unknown>} Json
 * @typedef {{ name: string, title: string, version: string, basePath: string, file: string, document: Json }} SpecAnswer
 */

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

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

/** @typedef {import('./schemaView.js').Resolve} Resolve */

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
