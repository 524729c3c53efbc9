import { Server } from 'node:net';
import express, { type Request, type Response, type Router } from 'express';
import type { JournalEntry, JournalEvent, RequestJournal } from '../journal/createRequestJournal.ts';
import { withIsoTime } from './journalRoutes.ts';
import { sendProblem } from './sendProblem.ts';

export interface EventsOptions {
  readonly journal: RequestJournal;
  /** The scenario choices and rules in force, sent on connect and after every change made through the admin API. */
  readonly active: () => Promise<unknown>;
  /** Streams open at once; more get 503 (the dashboard then polls). Default 16. */
  readonly maxStreams?: number | undefined;
}

/** New journal entries are sent together at most this often, so 1,000 requests/s make 20 writes/s per stream. */
const BATCH_MS = 50;
/** A stream whose reader is this far behind is closed; its client reconnects and catches up from the journal. */
const MAX_BUFFERED_BYTES = 1024 * 1024;
const TICK_MS = 500;
const HEARTBEAT_TICKS = 30;

/**
 * `GET /events`: server-sent events for dashboards. `requests` carries new journal entries (oldest first, batched),
 * `cleared` says the journal was emptied, `active` carries the scenario choices after any change through the admin
 * API, so two open dashboards agree. On connect the stream sends `active`, then the journal's entries after `?since=`
 * (default: all). The router also watches every other admin call, so it must be mounted before them.
 */
export function eventsRoute({ journal, active, maxStreams = 16 }: EventsOptions): Router {
  const streams = new Set<{ readonly request: Request; readonly response: Response }>();
  let pending: JournalEntry[] = [];
  let flushTimer: NodeJS.Timeout | undefined;
  let tickTimer: NodeJS.Timeout | undefined;
  let ticks = 0;
  let unsubscribe: (() => void) | undefined;

  const send = (chunk: string): void => {
    for (const stream of streams) {
      if (stream.response.writableLength > MAX_BUFFERED_BYTES) stream.response.destroy();
      else stream.response.write(chunk);
    }
  };
  const flush = (): void => {
    flushTimer = undefined;
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    send(frame('requests', batch.map(withIsoTime)));
  };
  const onJournal = (event: JournalEvent): void => {
    if (event.kind === 'cleared') {
      pending = [];
      send(frame('cleared', {}));
      return;
    }
    if (pending.push(event.entry) > journal.capacity) pending.shift();
    flushTimer ??= setTimeout(flush, BATCH_MS);
  };
  const tick = (): void => {
    ticks++;
    for (const stream of streams) {
      // A stream never ends by itself, so it would hold up `server.close()`: end it once the server stops listening.
      if (isClosing(stream.request)) {
        stream.response.end();
        // Its connection would otherwise idle on in keep-alive until the server's forced close.
        stream.request.socket.destroySoon();
      } else if (ticks % HEARTBEAT_TICKS === 0) stream.response.write(': keep-alive\n\n');
    }
  };
  const open = (stream: { request: Request; response: Response }): void => {
    streams.add(stream);
    unsubscribe ??= journal.subscribe(onJournal);
    tickTimer ??= setInterval(tick, TICK_MS).unref();
  };
  const close = (stream: { request: Request; response: Response }): void => {
    streams.delete(stream);
    if (streams.size > 0) return;
    unsubscribe?.();
    unsubscribe = undefined;
    clearInterval(tickTimer);
    clearTimeout(flushTimer);
    tickTimer = flushTimer = undefined;
    pending = [];
  };

  const router = express.Router({ caseSensitive: true });
  router.get('/events', (request, response) => {
    if (streams.size >= maxStreams) {
      response.set('Retry-After', '10');
      sendProblem(response, 503, `${maxStreams} event streams are open already; poll GET /__mock/requests`);
      return;
    }
    const since = Number(request.query['since'] ?? 0);
    response.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Accel-Buffering': 'no',
    });
    const stream = { request, response };
    open(stream);
    response.once('close', () => {
      close(stream);
    });
    // Subscribed before reading the journal, in the same turn: nothing is missed or sent twice.
    const backlog = journal.list(journal.capacity, { since: Number.isSafeInteger(since) ? since : 0 });
    // The choices come from the store (a promise); newer entries wait in `pending` for the next batch meanwhile.
    void active().then((choices) => {
      if (!streams.has(stream)) return;
      response.write(frame('active', choices));
      response.write(frame('requests', backlog.reverse().map(withIsoTime)));
    });
  });
  router.use((request, response, next) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.once('finish', () => {
        if (response.statusCode < 400 && streams.size > 0)
          void active().then((choices) => {
            send(frame('active', choices));
          });
      });
    }
    next();
  });
  return router;
}

function frame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

function isClosing(request: Request): boolean {
  // Node sets `server` on every socket a server accepts; it is not in the type definitions.
  const server: unknown = Reflect.get(request.socket, 'server');
  return server instanceof Server && !server.listening;
}
