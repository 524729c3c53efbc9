// @ts-check
import { ApiError } from './api.js';
import { byId, h, replace } from './dom.js';
import { statusBadge } from './journalView.js';

/**
 * @typedef {import('./api.js').AdminApi} AdminApi
 * @typedef {import('./api.js').JournalDetail} JournalDetail
 * @typedef {import('./api.js').MessageDetail} MessageDetail
 */

/**
 * The dialog showing one request and its answer in full (secrets redacted by the server).
 * @param {AdminApi} api
 */
export function createDetailView(api) {
  const dialog = byId('detail', HTMLDialogElement);
  const title = byId('detail-title', HTMLElement);
  const content = byId('detail-content', HTMLElement);
  byId('detail-close', HTMLButtonElement).addEventListener('click', () => dialog.close());
  dialog.addEventListener('click', (event) => {
    // A click on the backdrop (outside the dialog's box) closes it.
    if (event.target === dialog) dialog.close();
  });

  /** @param {number} id */
  return async function open(id) {
    title.textContent = `Request ${id}`;
    content.replaceChildren(h('p', {}, 'Loading…'));
    if (!dialog.open) dialog.showModal();
    try {
      const detail = /** @type {JournalDetail} */ (await api.call(`requests/${id}`));
      title.replaceChildren(`${detail.method} ${detail.path} `, statusBadge(detail.status));
      replace(content, render(detail));
    } catch (error) {
      const gone = error instanceof ApiError && error.status === 404;
      content.replaceChildren(
        h('p', { role: 'alert' }, gone ? 'This request is no longer in the journal.' : String(error)),
      );
    }
  };
}

/** @param {JournalDetail} detail */
function render(detail) {
  const { request, response } = detail.exchange;
  return [
    h(
      'dl',
      { class: 'facts' },
      fact('Time', new Date(detail.time).toLocaleString()),
      fact('Operation', detail.operation ?? 'none (no documented operation matched)'),
      fact('Scenario', detail.scenario),
      fact('Session', detail.session ?? 'none'),
      fact('Duration', `${detail.durationMs.toFixed(1)} ms`),
    ),
    detail.problems.length > 0 &&
      h(
        'section',
        { class: 'problem-list', 'aria-label': 'Validation problems' },
        h('h3', {}, 'Validation problems'),
        h('ul', {}, ...detail.problems.map((problem) => h('li', {}, problem))),
      ),
    message('Request', request),
    response
      ? message('Answer', response)
      : h(
          'section',
          {},
          h('h3', {}, 'Answer'),
          h('p', {}, 'None: the scenario reset the connection or never answered.'),
        ),
  ];
}

/**
 * @param {string} term
 * @param {string} value
 */
function fact(term, value) {
  const wrapper = h('div', {}, h('dt', {}, term), h('dd', {}, value));
  return wrapper;
}

/**
 * @param {string} heading
 * @param {MessageDetail} part
 */
function message(heading, part) {
  return h(
    'section',
    { 'aria-label': heading },
    h('h3', {}, heading),
    h(
      'table',
      { class: 'headers' },
      h('caption', { class: 'visually-hidden' }, `${heading} headers`),
      h(
        'tbody',
        {},
        ...part.headers.map(([name, value]) =>
          h('tr', {}, h('th', { scope: 'row' }, name), h('td', {}, value)),
        ),
      ),
    ),
    part.body
      ? [
          h('pre', { class: 'body', tabindex: 0, 'aria-label': `${heading} body` }, part.body.text),
          part.body.truncated &&
            h('p', { class: 'note' }, 'Cut short: the journal keeps the first 16 384 characters of a body.'),
        ]
      : h('p', { class: 'note' }, 'No body.'),
  );
}
