import { afterEach, describe, expect, it } from 'vitest';
import { startMock, type StartedMock } from '../support/startMock.ts';
import { SCENARIO_FILES, SENSAY, SPECS, TOOLZZ } from '../scenarios/scenarioApis.ts';

interface ServerEvent {
  readonly event: string;
  readonly data: unknown;
}

/** A reader of `GET /__mock/events` that hands out one parsed event at a time. */
async function openEvents(
  base: string,
  query = '',
): Promise<{ next: () => Promise<ServerEvent>; ended: () => Promise<boolean>; cancel: () => Promise<void> }> {
  const response = await fetch(`${base}/__mock/events${query}`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  if (!response.body) throw new Error('no body');
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const next = async (): Promise<ServerEvent> => {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (block.startsWith(':')) continue;
        const event = /^event: (.+)$/m.exec(block)?.[1] ?? 'message';
        const data = /^data: (.+)$/m.exec(block)?.[1] ?? 'null';
        return { event, data: JSON.parse(data) as unknown };
      }
      const { value, done } = await reader.read();
      if (done) throw new Error('stream ended');
      buffer += value;
    }
  };
  return {
    next,
    ended: async () => {
      for (;;) {
        const { done } = await reader.read();
        if (done) return true;
      }
    },
    cancel: () => reader.cancel(),
  };
}

function post(base: string, api: typeof SENSAY, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${base}${api.path}`, {
    method: 'POST',
    headers: { ...api.credentials, 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(api.body),
  });
}

describe('GET /__mock/events', () => {
  let mock: StartedMock | undefined;
  afterEach(async () => {
    await mock?.close();
    mock = undefined;
  });

  it('sends the active choices and the backlog, then new requests, clears and admin changes', async () => {
    mock = await startMock({ specs: SPECS, scenarioFiles: SCENARIO_FILES });
    await post(mock.url, SENSAY);
    const events = await openEvents(mock.url);
    expect(await events.next()).toEqual({
      event: 'active',
      data: { global: {}, sessions: {}, enabledRules: [] },
    });
    const backlog = await events.next();
    expect(backlog.event).toBe('requests');
    expect(backlog.data).toMatchObject([{ id: 1, path: SENSAY.path, status: 200 }]);

    await post(mock.url, TOOLZZ, { 'X-Mock-Session': 'tab-2' });
    await post(mock.url, SENSAY, { 'X-Mock-Scenario': 'server-error' });
    const live: unknown[] = [];
    while (live.length < 2) {
      const next = await events.next();
      expect(next.event).toBe('requests');
      live.push(...(next.data as unknown[]));
    }
    expect(live).toMatchObject([
      { id: 2, session: 'tab-2', operation: TOOLZZ.operationId, status: 200 },
      { id: 3, scenario: 'server-error', status: 500 },
    ]);
    expect((live[0] as Record<string, unknown>)['time']).toMatch(/Z$/);

    await fetch(`${mock.url}/__mock/scenarios/active`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ scenario: 'server-error', operation: SENSAY.operationId, session: 'S' }),
    });
    expect(await events.next()).toEqual({
      event: 'active',
      data: { global: {}, sessions: { S: { [SENSAY.operationId]: 'server-error' } }, enabledRules: [] },
    });
    await fetch(`${mock.url}/__mock/reset`, { method: 'POST' });
    expect(await events.next()).toEqual({ event: 'cleared', data: {} });
    expect(await events.next()).toMatchObject({ event: 'active', data: { sessions: {} } });
    await events.cancel();
  });

  it('?since= sends only the entries after that id', async () => {
    mock = await startMock({ specs: SPECS, scenarioFiles: SCENARIO_FILES });
    for (let i = 0; i < 3; i++) await post(mock.url, SENSAY);
    const events = await openEvents(mock.url, '?since=2');
    await events.next();
    expect(await events.next()).toMatchObject({ event: 'requests', data: [{ id: 3 }] });
    await events.cancel();
  });

  it('bounds open streams: the 17th gets 503 until one closes', async () => {
    mock = await startMock({ specs: SPECS, scenarioFiles: SCENARIO_FILES });
    const open = await Promise.all(Array.from({ length: 16 }, () => openEvents(mock?.url ?? '')));
    const refused = await fetch(`${mock.url}/__mock/events`);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('10');
    await open[0]?.cancel();
    let again: Response | undefined;
    // The server learns of the closed stream asynchronously; ask until it has.
    for (let attempt = 0; attempt < 50 && again?.status !== 200; attempt++) {
      await again?.body?.cancel();
      again = await fetch(`${mock.url}/__mock/events`);
    }
    expect(again?.status).toBe(200);
    await again?.body?.cancel();
    await Promise.all(open.slice(1).map((events) => events.cancel()));
  });

  it('an open stream ends cleanly when the server closes, and close() finishes', async () => {
    mock = await startMock({ specs: SPECS, scenarioFiles: SCENARIO_FILES });
    const events = await openEvents(mock.url);
    await events.next();
    const closing = mock.close();
    mock = undefined;
    // Ended by the server (a clean end of stream), not cut by the 5 s forced close (which would be an error).
    await expect(events.ended()).resolves.toBe(true);
    await closing;
  });

  it('needs the admin token when one is set', async () => {
    mock = await startMock({ specs: SPECS, scenarioFiles: SCENARIO_FILES, adminToken: 'tok' });
    expect((await fetch(`${mock.url}/__mock/events`)).status).toBe(401);
    const allowed = await fetch(`${mock.url}/__mock/events`, { headers: { 'X-Mock-Admin-Token': 'tok' } });
    expect(allowed.status).toBe(200);
    await allowed.body?.cancel();
  });
});
