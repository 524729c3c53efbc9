import { bodyToSend } from '../engine/bodyToSend.ts';
import type { JournalRecord } from './createRequestJournal.ts';
import type { MockRequest, MockResult } from '../engine/mockResult.ts';
import { redactUrl } from '../http/redactUrl.ts';
import { DEFAULT_SESSION, type Eviction } from '../store/types.ts';

const NO_PROBLEMS: readonly string[] = Object.freeze([]);

/**
 * What the journal keeps of an answered request: its status (0 when no answer was sent), what it did to state, how
 * long it took (the answer's delay included), and the exchange by reference, redacted only when it is read (the
 * response headers are the very object the door sends, so the headers it adds show too).
 */
export function journalEntry(request: MockRequest, result: MockResult, elapsedMs: number): JournalRecord {
  const answered = result.fault === undefined || result.fault === 'malformed';
  const session = request.headers['x-mock-session'];
  return {
    method: request.method.toUpperCase(),
    path: redactUrl(request.url),
    status: answered ? result.status : 0,
    operation: result.operation?.id,
    scenario: result.scenario,
    session: typeof session === 'string' ? session : undefined,
    valid: result.diagnostics.length === 0,
    problems: result.diagnostics.length === 0 ? NO_PROBLEMS : result.diagnostics.map((d) => d.message),
    durationMs: Math.round((elapsedMs + result.delayMs) * 10) / 10,
    state: result.state,
    evicted: result.evictions.length === 0 ? undefined : result.evictions.map(describeEviction),
    requestHeaders: request.headers,
    requestBody: result.requestBody,
    responseHeaders: answered ? result.headers : undefined,
    responseBody: answered ? bodyToSend(result) : undefined,
  };
}

/** `toolzz/TelegramIntegration 3f2c… (session tab-1, least recently used: objects limit)`. */
function describeEviction(eviction: Eviction): string {
  const where = eviction.scope === '' ? '' : ` [${eviction.scope}]`;
  const id = eviction.id === '' ? '' : ` ${eviction.id}`;
  return `${eviction.spec}/${eviction.resource}${id}${where} (session ${eviction.session ?? DEFAULT_SESSION}, least recently used: ${eviction.reason} limit)`;
}
