import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { TOOLZZ_SCENARIOS, TOOLZZ_SPEC } from '../support/paths.ts';
import { startMock, type StartedMock } from '../support/startMock.ts';
import { runLoad } from './load.ts';
import {
  createOnlyRequests,
  createThenReadRequests,
  SessionCycle,
  TOOLZZ_CREATE_REQUEST,
} from './statefulFlow.ts';

let mock: StartedMock;

beforeAll(async () => {
  mock = await startMock({
    specs: [TOOLZZ_SPEC],
    scenarioFiles: [TOOLZZ_SCENARIOS],
    storeLimits: { maxSessions: 3, maxObjects: 4 },
    journalSize: 1000,
  });
});

afterAll(async () => {
  await mock.close();
});

const port = (): number => Number(new URL(mock.url).port);

const evictedFor = (limit: string): number =>
  mock.app.mockgram.journal
    .list()
    .filter((entry) => (entry.evicted ?? []).some((line) => line.includes(`${limit} limit`))).length;

describe("the bench's stateful flow", () => {
  it('names sessions in turn and starts over after the last', () => {
    const sessions = new SessionCycle(2);
    expect([sessions.take(), sessions.take(), sessions.take()]).toEqual(['bench-0', 'bench-1', 'bench-0']);
  });

  it('reads back, in its own session, the object each create made, while sessions are evicted', async () => {
    await mock.app.mockgram.engine().reset();
    const load = await runLoad({
      port: port(),
      request: TOOLZZ_CREATE_REQUEST,
      durationS: 60,
      connections: 2,
      requests: createThenReadRequests(new SessionCycle(5)),
      amount: 40,
    });
    expect(load.non2xx).toBe(0);
    expect(load.responses).toBe(40);

    const entries = mock.app.mockgram.journal.list();
    expect(entries).toHaveLength(40);
    expect(entries.filter((entry) => entry.state === 'created')).toHaveLength(20);
    const reads = entries.filter((entry) => entry.state === 'read');
    expect(reads).toHaveLength(20);
    expect(reads.every((entry) => entry.status === 200 && entry.method === 'GET')).toBe(true);
    // Each read asked for a different id: the one its own create returned.
    expect(new Set(reads.map((entry) => entry.path)).size).toBe(20);
    // Five sessions in turn against a store that keeps three: sessions were evicted along the way.
    expect(evictedFor('sessions')).toBeGreaterThan(0);
  });

  it('spreads creates over the sessions given, which fill up and then evict their oldest objects', async () => {
    await mock.app.mockgram.engine().reset();
    const load = await runLoad({
      port: port(),
      request: TOOLZZ_CREATE_REQUEST,
      durationS: 60,
      connections: 2,
      requests: createOnlyRequests(new SessionCycle(3)),
      amount: 30,
    });
    expect(load.non2xx).toBe(0);
    // Ten creates went to each session; each keeps its four most recent objects.
    const state = await fetch(`${mock.url}/__mock/state?session=bench-1`);
    expect(await state.json()).toMatchObject({
      session: 'bench-1',
      resources: [{ objects: [{}, {}, {}, {}] }],
    });
    expect(evictedFor('objects')).toBe(30 - 3 * 4);
    expect(evictedFor('sessions')).toBe(0);
  });
});
