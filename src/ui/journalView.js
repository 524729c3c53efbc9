// @ts-check
import { breakablePath, byId, h } from './dom.js';

/**
 * @typedef {import('./api.js').JournalEntry} JournalEntry
 * @typedef {{ session: string, operation: string, status: string }} JournalFilter
 */

/** Entries kept in the page: as many as the journal holds. */
const KEPT = 500;
/** Rows in the table at most; older matching entries stay reachable through the filters. */
const MAX_ROWS = 200;

/**
 * The live request table. Entries arrive in batches from the feed; the table is updated at most once per animation
 * frame, with only the new rows built, so a burst of 1,000 requests a second costs a few rows per frame.
 * @param {{ onOpen: (id: number) => void }} options
 */
export function createJournalView({ onOpen }) {
  const body = byId('journal-rows', HTMLTableSectionElement);
  const count = byId('journal-count', HTMLElement);
  const pause = byId('journal-pause', HTMLButtonElement);
  const filterSession = byId('filter-session', HTMLInputElement);
  const filterOperation = byId('filter-operation', HTMLSelectElement);
  const filterStatus = byId('filter-status', HTMLSelectElement);
  const empty = byId('journal-empty', HTMLElement);

  /** @type {JournalEntry[]} oldest first */
  let entries = [];
  /** @type {JournalEntry[]} received, not yet drawn; oldest first */
  let fresh = [];
  let rebuild = true;
  let scheduled = false;
  let paused = false;
  let unseen = 0;
  /** @type {Set<() => void>} */
  const afterDraw = new Set();

  /** @returns {JournalFilter} */
  const filter = () => ({
    session: filterSession.value.trim(),
    operation: filterOperation.value,
    status: filterStatus.value,
  });

  /**
   * @param {JournalEntry} entry
   * @param {JournalFilter} wanted
   */
  const matches = (entry, wanted) =>
    (wanted.session === '' || entry.session === wanted.session) &&
    (wanted.operation === '' ||
      (wanted.operation === '-' ? entry.operation === undefined : entry.operation === wanted.operation)) &&
    (wanted.status === '' ||
      (wanted.status === 'problems'
        ? !entry.valid
        : wanted.status.endsWith('xx')
          ? String(entry.status)[0] === wanted.status[0]
          : String(entry.status) === wanted.status));

  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(draw);
  };

  const draw = () => {
    scheduled = false;
    if (paused) {
      pause.textContent = unseen > 0 ? `Resume (${unseen} new)` : 'Resume';
      return;
    }
    const wanted = filter();
    if (rebuild) {
      const rows = [];
      for (let i = entries.length - 1; i >= 0 && rows.length < MAX_ROWS; i--) {
        const entry = entries[i];
        if (entry && matches(entry, wanted)) rows.push(row(entry));
      }
      body.replaceChildren(...rows);
      rebuild = false;
    } else if (fresh.length > 0) {
      const rows = document.createDocumentFragment();
      for (let i = fresh.length - 1; i >= 0 && rows.childNodes.length < MAX_ROWS; i--) {
        const entry = fresh[i];
        if (entry && matches(entry, wanted)) rows.append(row(entry));
      }
      body.prepend(rows);
      while (body.rows.length > MAX_ROWS) body.lastElementChild?.remove();
    }
    fresh = [];
    unseen = 0;
    const shown = body.rows.length;
    count.textContent =
      entries.length === 0
        ? 'no requests yet'
        : `${shown} shown of ${entries.length} kept${shown === MAX_ROWS ? ` (newest ${MAX_ROWS})` : ''}`;
    empty.hidden = shown > 0;
    for (const callback of afterDraw) callback();
  };

  body.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target.closest('tr') : null;
    const id = Number(target?.getAttribute('data-id'));
    if (id > 0) onOpen(id);
  });
  pause.addEventListener('click', () => {
    paused = !paused;
    pause.setAttribute('aria-pressed', String(paused));
    pause.textContent = paused ? 'Resume' : 'Pause';
    rebuild = true;
    schedule();
  });
  for (const control of [filterSession, filterOperation, filterStatus]) {
    control.addEventListener('input', () => {
      rebuild = true;
      schedule();
    });
  }

  return {
    /** @param {JournalEntry[]} batch oldest first */
    add(batch) {
      if (batch.length === 0) return;
      entries.push(...batch);
      if (entries.length > KEPT) entries = entries.slice(-KEPT);
      fresh.push(...batch);
      if (fresh.length > MAX_ROWS) fresh = fresh.slice(-MAX_ROWS);
      if (paused) unseen += batch.length;
      schedule();
    },
    clear() {
      entries = [];
      fresh = [];
      rebuild = true;
      schedule();
    },
    lastId() {
      return entries.at(-1)?.id ?? 0;
    },
    /** @param {{ operationId: string }[]} operations */
    setOperations(operations) {
      const kept = filterOperation.value;
      filterOperation.replaceChildren(
        h('option', { value: '' }, 'All operations'),
        ...operations.map(({ operationId }) => h('option', { value: operationId }, operationId)),
        h('option', { value: '-' }, 'No operation (404, 405)'),
      );
      filterOperation.value = kept;
    },
    /** Runs after every table update (for panels that follow the traffic). */
    afterDraw,
  };
}

/** @param {JournalEntry} entry */
function row(entry) {
  const problems = entry.problems.length > 0;
  return h(
    'tr',
    { 'data-id': entry.id, class: problems ? 'has-problems' : undefined },
    h('td', { class: 'time' }, h('time', { datetime: entry.time }, clock(entry.time))),
    h('td', {}, h('span', { class: `method method-${entry.method.toLowerCase()}` }, entry.method)),
    h(
      'td',
      { class: 'path' },
      h('button', { type: 'button', class: 'link', title: 'Show the request and the answer' }, breakablePath(entry.path)),
      problems &&
        h(
          'div',
          { class: 'problems' },
          entry.problems[0],
          entry.problems.length > 1 && ` (+${entry.problems.length - 1} more)`,
        ),
    ),
    h('td', {}, statusBadge(entry.status)),
    h('td', { class: 'scenario' }, entry.scenario),
    h('td', { class: 'num' }, entry.durationMs.toFixed(1)),
    h('td', { class: 'session' }, entry.session ?? ''),
  );
}

/** @param {number} status */
export function statusBadge(status) {
  return status === 0
    ? h('span', { class: 'status status-0', title: 'no answer was sent (fault)' }, 'none')
    : h('span', { class: `status status-${String(status)[0]}` }, status);
}

/** @param {string} iso */
function clock(iso) {
  const date = new Date(iso);
  const pad = (/** @type {number} */ n, width = 2) => String(n).padStart(width, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}
