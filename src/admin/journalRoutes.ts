import express, { type Router } from 'express';
import type {
  JournalEntry,
  JournalFilter,
  RequestJournal,
  StatusClass,
} from '../journal/createRequestJournal.ts';
import { sendProblem } from './sendProblem.ts';

/**
 * `GET /requests[?limit&since&session&operation&status]`, `GET /requests/{id}` (the exchange in full, secrets
 * redacted) and `DELETE /requests`.
 */
export function journalRoutes(journal: RequestJournal): Router {
  const router = express.Router({ caseSensitive: true });

  router.get('/requests', (request, response) => {
    const query = (name: string): string | undefined => {
      const value = request.query[name];
      return typeof value === 'string' && value !== '' ? value : undefined;
    };
    const limit = Number(query('limit') ?? journal.capacity);
    const since = query('since');
    const status = query('status');
    if (
      (since !== undefined && !/^\d+$/.test(since)) ||
      (status !== undefined && !STATUS_FILTER.test(status))
    ) {
      sendProblem(response, 400, 'since must be a request id; status a code (404) or a class (4xx)');
      return;
    }
    const filter: JournalFilter = {
      since: since === undefined ? undefined : Number(since),
      session: query('session'),
      operation: query('operation'),
      status: status === undefined ? undefined : /x/i.test(status) ? statusClass(status) : Number(status),
    };
    response.json({
      capacity: journal.capacity,
      requests: journal
        .list(Number.isInteger(limit) && limit > 0 ? limit : journal.capacity, filter)
        .map(withIsoTime),
    });
  });

  router.get('/requests/:id', (request, response) => {
    const id = request.params['id'];
    const detail = /^\d+$/.test(id) ? journal.get(Number(id)) : undefined;
    if (!detail) {
      sendProblem(response, 404, `no request ${id} in the journal (it keeps the last ${journal.capacity})`);
      return;
    }
    response.json(withIsoTime(detail));
  });

  router.delete('/requests', (_request, response) => {
    journal.clear();
    response.status(204).end();
  });
  return router;
}

const STATUS_FILTER = /^(?:\d{1,3}|[1-5]xx)$/i;

function statusClass(text: string): StatusClass {
  const digit = text[0];
  return digit === '1' || digit === '2' || digit === '3' || digit === '4' ? `${digit}xx` : '5xx';
}

/** The entry as the admin API sends it: `time` in ISO 8601. */
export function withIsoTime<T extends JournalEntry>(entry: T): Omit<T, 'time'> & { time: string } {
  return { ...entry, time: new Date(entry.time).toISOString() };
}
