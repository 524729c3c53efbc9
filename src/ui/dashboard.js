// @ts-check
import { AdminApi, ApiError } from './api.js';
import { createDetailView } from './detailView.js';
import { byId } from './dom.js';
import { createJournalView } from './journalView.js';
import { startLiveFeed } from './liveFeed.js';
import { createPanels } from './panels.js';
import { createScenariosView } from './scenariosView.js';
import { createSpecView } from './specView.js';

/** @typedef {import('./api.js').Catalog} Catalog */

// The page is served at /__mock/ui, so `./` is the admin API's root wherever the mock is mounted.
const api = new AdminApi(new URL('./', location.href));
const sessionField = byId('session', HTMLInputElement);
const connection = byId('connection', HTMLElement);
const notice = byId('notice', HTMLElement);
const main = byId('dashboard', HTMLElement);
const specView = byId('spec-view', HTMLElement);
const tokenDialog = byId('token-dialog', HTMLDialogElement);
const tokenForm = byId('token-form', HTMLFormElement);
const tokenField = byId('token', HTMLInputElement);

const session = () => sessionField.value.trim();

/**
 * @param {string} text
 * @param {boolean} [failed]
 */
const announce = (text, failed = false) => {
  notice.textContent = text;
  notice.classList.toggle('failed', failed);
};

const scenarios = createScenariosView({ api, session, announce });
const openDetail = createDetailView(api);
const journal = createJournalView({ onOpen: (id) => void openDetail(id) });
const showSpec = createSpecView(api);
/** @type {ReturnType<typeof createPanels> | undefined} */
let panels;
/** @type {(() => void) | undefined} */
let stopFeed;

journal.afterDraw.add(() => panels?.follow());

api.onUnauthorized = () => {
  stopFeed?.();
  stopFeed = undefined;
  connection.textContent = 'Needs the admin token';
  if (!tokenDialog.open) tokenDialog.showModal();
};
// Without the token the page can do nothing, so Escape does not dismiss the question.
tokenDialog.addEventListener('cancel', (event) => event.preventDefault());
tokenForm.addEventListener('submit', (event) => {
  event.preventDefault();
  api.setToken(tokenField.value.trim());
  tokenField.value = '';
  tokenDialog.close();
  void start();
});

sessionField.addEventListener('input', () => {
  scenarios.refresh();
  void panels?.refresh();
});

byId('reset', HTMLButtonElement).addEventListener('click', async () => {
  try {
    const answer = /** @type {{ active: Catalog['active'] }} */ (await api.call('reset', { method: 'POST' }));
    journal.clear();
    scenarios.show(answer.active);
    void panels?.refresh();
    announce('Reset: scenarios, sequences, rules and the journal are back to the start.');
  } catch (error) {
    announce(`Reset failed: ${error instanceof Error ? error.message : String(error)}`, true);
  }
});

/** @type {Record<import('./liveFeed.js').FeedMode, string>} */
const MODES = {
  connecting: 'Connecting…',
  live: 'Live',
  polling: 'Polling every second',
  offline: 'Mock unreachable, retrying',
};

async function start() {
  stopFeed?.();
  try {
    const [catalog, health] = /** @type {[Catalog, { endpoints?: string[] }]} */ (
      await Promise.all([api.call('scenarios'), api.call('health')])
    );
    scenarios.render(catalog);
    journal.setOperations(catalog.apis.flatMap((a) => a.operations));
    panels = createPanels({ api, endpoints: health.endpoints ?? [], session });
    void panels.refresh();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return;
    announce(`Could not load the scenarios: ${error instanceof Error ? error.message : String(error)}`, true);
  }
  stopFeed = startLiveFeed(api, {
    onRequests: (entries) => journal.add(entries),
    onCleared: () => journal.clear(),
    onActive: (active) => scenarios.show(active),
    onMode: (mode) => {
      connection.textContent = MODES[mode];
      connection.dataset['mode'] = mode;
    },
    lastId: () => journal.lastId(),
  });
}

function route() {
  const match = /^#spec\/([^/]+)(?:\/(.+))?$/.exec(location.hash);
  main.hidden = match !== null;
  specView.hidden = match === null;
  if (match?.[1]) void showSpec(decodeURIComponent(match[1]), match[2]);
  else document.title = 'mockgram dashboard';
}
window.addEventListener('hashchange', route);
route();

if (document.documentElement.hasAttribute('data-token-required') && api.token === null)
  tokenDialog.showModal();
else void start();
