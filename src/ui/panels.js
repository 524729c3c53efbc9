// @ts-check
import { ApiError } from './api.js';
import { byId, h, replace } from './dom.js';

/**
 * @typedef {import('./api.js').AdminApi} AdminApi
 * @typedef {{ session: string, resources: { name: string, spec: string, path: string, objects: unknown[] }[] }} StateAnswer
 * @typedef {{ operationId: string, method: string, path: string, hits: number, statuses: Record<string, number>, scenarios: Record<string, number> }} CoveredOperation
 * @typedef {{ covered: number, total: number }} Ratio
 * @typedef {{ operations: CoveredOperation[], unmatched: { method: string, path: string, status: number, reason: string }[], totals: { operations: Ratio, statuses: Ratio, scenarios: Ratio } }} CoverageAnswer
 */

/** Panels follow the traffic, but fetch at most this often. */
const REFRESH_MS = 1000;

/**
 * The state and coverage panels, each shown only when this mock has its endpoint (`GET state`, `GET coverage`).
 * @param {{ api: AdminApi, endpoints: string[], session: () => string }} options
 */
export function createPanels({ api, endpoints, session }) {
  const state = byId('state', HTMLElement);
  const coverage = byId('coverage', HTMLElement);
  const hasState = endpoints.includes('GET /state');
  const hasCoverage = endpoints.includes('GET /coverage');
  state.hidden = !hasState;
  coverage.hidden = !hasCoverage;
  let last = 0;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  let running = false;

  const query = () => {
    const id = session();
    return id === '' ? '' : `?${new URLSearchParams({ session: id })}`;
  };

  const refresh = async () => {
    if (running) return;
    running = true;
    last = Date.now();
    try {
      await Promise.all([
        hasState &&
          load(`state${query()}`, state, (answer) => renderState(/** @type {StateAnswer} */ (answer))),
        hasCoverage &&
          load(`coverage${query()}`, coverage, (answer) =>
            renderCoverage(/** @type {CoverageAnswer} */ (answer)),
          ),
      ]);
    } finally {
      running = false;
    }
  };

  /**
   * @param {string} path
   * @param {HTMLElement} panel
   * @param {(answer: unknown) => import('./dom.js').Child[]} render
   */
  const load = async (path, panel, render) => {
    const content = panel.querySelector('.panel-content');
    if (!content) return;
    try {
      replace(content, render(await api.call(path)));
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) panel.hidden = true;
      else
        content.replaceChildren(
          h('p', { role: 'alert' }, String(error instanceof Error ? error.message : error)),
        );
    }
  };

  return {
    refresh,
    /** Called after the journal changed: refreshes now, or once the last refresh is a second old. */
    follow() {
      if (!hasState && !hasCoverage) return;
      if (timer !== undefined) return;
      const wait = Math.max(0, REFRESH_MS - (Date.now() - last));
      timer = setTimeout(() => {
        timer = undefined;
        void refresh();
      }, wait);
    },
  };
}

/** @param {StateAnswer} answer */
function renderState(answer) {
  if (answer.resources.length === 0)
    return [h('p', { class: 'note' }, `Nothing stored for ${label(answer.session)} yet.`)];
  return [
    h('p', { class: 'note' }, `What ${label(answer.session)} has created:`),
    ...answer.resources.map((resource) =>
      h(
        'details',
        { class: 'resource' },
        h(
          'summary',
          {},
          h('strong', {}, resource.name),
          ` · ${resource.spec} · `,
          h('code', {}, resource.path),
          ` · ${resource.objects.length} ${resource.objects.length === 1 ? 'object' : 'objects'}`,
        ),
        h('pre', { class: 'body', tabindex: 0 }, JSON.stringify(resource.objects, null, 2)),
      ),
    ),
  ];
}

/** @param {string} session */
function label(session) {
  return session === '' ? 'requests without a session' : `session ${session}`;
}

/** @param {CoverageAnswer} answer */
function renderCoverage(answer) {
  const { totals } = answer;
  /** @param {Record<string, number>} counts */
  const chips = (counts) =>
    Object.entries(counts).map(([name, hits]) =>
      h('span', { class: hits > 0 ? 'chip' : 'chip chip-missed' }, `${name} ×${hits}`),
    );
  return [
    h(
      'p',
      { class: 'totals' },
      ratio('Operations', totals.operations),
      ratio('Statuses', totals.statuses),
      ratio('Scenarios', totals.scenarios),
    ),
    h(
      'table',
      { class: 'coverage' },
      h('caption', { class: 'visually-hidden' }, 'Coverage per operation'),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...['Operation', 'Route', 'Hits', 'Statuses', 'Scenarios'].map((name) =>
            h('th', { scope: 'col' }, name),
          ),
        ),
      ),
      h(
        'tbody',
        {},
        ...answer.operations.map((operation) =>
          h(
            'tr',
            { class: operation.hits === 0 ? 'uncovered' : undefined },
            h('th', { scope: 'row' }, operation.operationId),
            h(
              'td',
              {},
              h(
                'span',
                { class: `method method-${operation.method.toLowerCase()}` },
                operation.method.toUpperCase(),
              ),
              ' ',
              h('code', {}, operation.path),
            ),
            h('td', { class: 'num' }, operation.hits),
            h('td', {}, ...chips(operation.statuses)),
            h('td', {}, ...chips(operation.scenarios)),
          ),
        ),
      ),
    ),
    answer.unmatched.length > 0 &&
      h(
        'details',
        {},
        h('summary', {}, `${answer.unmatched.length} requests matched no operation`),
        h(
          'ul',
          { class: 'unmatched' },
          ...answer.unmatched.map((miss) =>
            h('li', {}, h('code', {}, `${miss.method} ${miss.path}`), ` → ${miss.status}: ${miss.reason}`),
          ),
        ),
      ),
  ];
}

/**
 * @param {string} name
 * @param {Ratio} value
 */
function ratio(name, value) {
  const percent = value.total === 0 ? 100 : Math.round((value.covered / value.total) * 100);
  return h(
    'span',
    { class: 'ratio' },
    `${name}: ${value.covered}/${value.total} `,
    h('meter', {
      min: 0,
      max: Math.max(1, value.total),
      value: value.covered,
      'aria-label': `${name} covered`,
    }),
    ` ${percent}%`,
  );
}
