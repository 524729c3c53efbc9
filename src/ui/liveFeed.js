// @ts-check
import { ApiError } from './api.js';

/**
 * @typedef {import('./api.js').AdminApi} AdminApi
 * @typedef {import('./api.js').JournalEntry} JournalEntry
 * @typedef {import('./api.js').ActiveSnapshot} ActiveSnapshot
 * @typedef {'connecting' | 'live' | 'polling' | 'offline'} FeedMode
 * @typedef {{
 *   onRequests: (entries: JournalEntry[]) => void,
 *   onCleared: () => void,
 *   onActive: (active: ActiveSnapshot) => void,
 *   onMode: (mode: FeedMode) => void,
 *   lastId: () => number,
 * }} FeedHandlers
 */

const POLL_MS = 1000;
/** While polling, try the stream again this often. */
const RETRY_STREAM_MS = 10_000;

/**
 * Follows the journal and the scenario choices: `GET events` read as a stream with `fetch` (so the admin token goes in
 * a header, which EventSource cannot send), or, when the stream fails, `GET requests?since=` every second.
 * @param {AdminApi} api
 * @param {FeedHandlers} handlers
 * @returns {() => void} stops the feed
 */
export function startLiveFeed(api, handlers) {
  let stopped = false;
  const controller = new AbortController();
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;

  /** @param {string} block one event, without the blank line that ends it */
  const dispatch = (block) => {
    let event = 'message';
    const data = [];
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
    if (data.length === 0) return;
    const value = JSON.parse(data.join('\n'));
    if (event === 'requests') handlers.onRequests(value);
    else if (event === 'cleared') handlers.onCleared();
    else if (event === 'active') handlers.onActive(value);
  };

  const stream = async () => {
    handlers.onMode('connecting');
    try {
      const response = await api.fetch(`events?since=${handlers.lastId()}`, { signal: controller.signal });
      if (response.status === 401) {
        api.onUnauthorized();
        return;
      }
      if (!response.ok || !response.body) throw new Error(`events answered ${response.status}`);
      handlers.onMode('live');
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end;
        while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
          dispatch(block);
        }
      }
    } catch (error) {
      if (stopped) return;
      if (!(error instanceof Error)) throw error;
    }
    if (!stopped) poll(Date.now());
  };

  /** @param {number} since when polling started */
  const poll = async (since) => {
    if (stopped) return;
    if (Date.now() - since >= RETRY_STREAM_MS) {
      void stream();
      return;
    }
    try {
      const answer = /** @type {{ requests: JournalEntry[] }} */ (
        await api.call(`requests?since=${handlers.lastId()}`, { signal: controller.signal })
      );
      handlers.onMode('polling');
      if (answer.requests.length > 0) handlers.onRequests(answer.requests.reverse());
      const catalog = /** @type {{ active: ActiveSnapshot }} */ (
        await api.call('scenarios', { signal: controller.signal })
      );
      handlers.onActive(catalog.active);
    } catch (error) {
      if (stopped) return;
      if (error instanceof ApiError && error.status === 401) return;
      handlers.onMode('offline');
    }
    timer = setTimeout(() => void poll(since), POLL_MS);
  };

  void stream();
  return () => {
    stopped = true;
    clearTimeout(timer);
    controller.abort();
  };
}
