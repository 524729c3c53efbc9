// @ts-check
import { byId, h } from './dom.js';

/**
 * @typedef {import('./api.js').JournalEntry} JournalEntry
 * @typedef {{ session: string, operation: string, status: string }} JournalFilter
 */

/** Entries kept in the page: as many as the journal holds. */
const KEPT = 500;
/** Rows in the table at most; older matching entries stay reachable through the filters. */
const MAX_ROWS = 200;
/**
 * When more new rows than this arrive between two updates, the table shows only the newest this many: a table
 * replaced four times a second cannot be read anyway (Pause can), and a short one keeps each update cheap.
 */
const BURST_ROWS = 30;
/**
 * The table changes at most this often, and half as often during a burst. Nobody reads 1,000 rows a second, and each
 * change costs a layout of the table; a lone request still shows at once.
 */
const MIN_DRAW_INTERVAL_MS = 250;

/**
 * The live request table. Entries arrive in batches from the feed; the table is updated in an animation frame at most
 * every `MIN_DRAW_INTERVAL_MS`, with only the new rows built, so 1,000 requests a second cost a few small updates.
 * @param {{ onOpen: (id: number) => void }} options
 */
export function createJournalView({ onOpen }) {
  const body = byId('journal-rows', HTMLElement);
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
  let lastDraw = 0;
  let bursting = false;
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
    const wait = lastDraw + MIN_DRAW_INTERVAL_MS * (bursting ? 2 : 1) - performance.now();
    if (wait <= 0) requestAnimationFrame(draw);
    else setTimeout(() => requestAnimationFrame(draw), wait);
  };

  const draw = () => {
    scheduled = false;
    lastDraw = performance.now();
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
      bursting = false;
    } else if (fresh.length > 0) {
      /** @type {JournalEntry[]} newest first */
      const incoming = [];
      for (let i = fresh.length - 1; i >= 0 && incoming.length <= BURST_ROWS; i--) {
        const entry = fresh[i];
        if (entry && matches(entry, wanted)) incoming.push(entry);
      }
      bursting = incoming.length > BURST_ROWS;
      if (bursting) incoming.length = BURST_ROWS;
      const keep = bursting ? 0 : MAX_ROWS - incoming.length;
      // Rows that would fall off the bottom are refilled and moved to the top instead of built anew.
      let spare = Math.max(0, body.childElementCount - keep);
      const rows = document.createDocumentFragment();
      for (const entry of incoming) {
        const recycled = spare-- > 0 ? body.lastElementChild : null;
        rows.append(recycled instanceof HTMLElement ? fill(recycled, entry) : row(entry));
      }
      while (body.childElementCount > keep) body.lastElementChild?.remove();
      body.prepend(rows);
    }
    fresh = [];
    unseen = 0;
    const shown = body.childElementCount;
    count.textContent =
      entries.length === 0
        ? 'no requests yet'
        : `${shown} shown of ${entries.length} kept${bursting ? ' (the newest, while requests pour in; Pause shows more)' : ''}`;
    empty.hidden = shown > 0;
    for (const callback of afterDraw) callback();
  };

  body.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target.closest('[data-id]') : null;
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

/**
 * One row of the table, cloned from a prototype and filled in: at 1,000 requests a second the table is rebuilt a few
 * times a second, and cloning costs a fraction of building each element with its attributes.
 */
const ROW = h(
  'div',
  { role: 'row', class: 'journal-row' },
  h('span', { role: 'cell', class: 'time' }, h('time')),
  h('span', { role: 'cell' }, h('span', { class: 'method' })),
  h(
    'span',
    { role: 'cell', class: 'path' },
    h('button', { type: 'button', class: 'link', title: 'Show the request and the answer' }),
  ),
  h('span', { role: 'cell' }, h('span', { class: 'status' })),
  h('span', { role: 'cell', class: 'scenario' }),
  h('span', { role: 'cell', class: 'num' }),
  h('span', { role: 'cell', class: 'session' }),
);

/** @param {JournalEntry} entry */
function row(entry) {
  return fill(/** @type {HTMLElement} */ (ROW.cloneNode(true)), entry);
}

/**
 * Writes an entry into a row made from the prototype, replacing whatever it showed.
 * @param {HTMLElement} element
 * @param {JournalEntry} entry
 */
function fill(element, entry) {
  const cells = /** @type {HTMLCollectionOf<HTMLElement>} */ (element.children);
  // The prototype above fixes the structure: cell i, and the element inside it.
  const cell = (/** @type {number} */ i) => /** @type {HTMLElement} */ (cells[i]);
  const inside = (/** @type {number} */ i) => /** @type {HTMLElement} */ (cell(i).firstElementChild);
  element.dataset['id'] = String(entry.id);
  inside(0).setAttribute('datetime', entry.time);
  inside(0).textContent = clock(entry.time);
  inside(1).className = `method method-${entry.method.toLowerCase()}`;
  inside(1).textContent = entry.method;
  inside(2).textContent = entry.path;
  element.className = entry.problems.length > 0 ? 'journal-row has-problems' : 'journal-row';
  cell(2).querySelector('.problems')?.remove();
  if (entry.problems.length > 0) {
    const more = entry.problems.length > 1 ? ` (+${entry.problems.length - 1} more)` : '';
    cell(2).append(h('span', { class: 'problems' }, `${entry.problems[0] ?? ''}${more}`));
  }
  const badge = inside(3);
  badge.className = `status status-${entry.status === 0 ? 0 : String(entry.status)[0]}`;
  badge.textContent = entry.status === 0 ? 'none' : String(entry.status);
  badge.title = entry.status === 0 ? 'no answer was sent (fault)' : '';
  cell(4).textContent = entry.scenario;
  cell(5).textContent = entry.durationMs.toFixed(1);
  cell(6).textContent = entry.session ?? '';
  return element;
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
