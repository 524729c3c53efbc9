import type autocannon from 'autocannon';

import type { BenchRequest } from './benchRequest.ts';

/**
 * The stateful flow (issue 9): ToolzzAI's create (`POST /api/v1/telegram/integration`), then a read of what it
 * created (`GET /api/v1/telegram/integration/{id}`), both valid calls of specs/toolzz.yaml as `npm start` serves it
 * (under its server URL's `/api` prefix).
 */
const TOOLZZ_COLLECTION = '/api/v1/telegram/integration';

const AUTHORIZATION = 'Bearer bench-token';

const TOOLZZ_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'application/json',
  authorization: AUTHORIZATION,
};

/** A valid create: every field the request schema requires. */
export const TOOLZZ_CREATE_REQUEST: BenchRequest = {
  method: 'POST',
  path: TOOLZZ_COLLECTION,
  headers: TOOLZZ_HEADERS,
  body: JSON.stringify({
    botId: 'c0a7bd49-669a-41af-aa17-ec28f8a764a6',
    unitId: 'e2cc768e-9687-4ecc-8468-908570b6304a',
    title: 'Bench support',
    scope: 'both',
    botToken: '7701101112:AAFx1oPq2Rs3Tu4Vw5Xy6Za7Bc8De9Fg0Hi',
  }),
};

/** Names `X-Mock-Session` values in turn: `bench-0`, `bench-1`, … `bench-<count-1>`, then again. */
export class SessionCycle {
  private readonly count: number;
  private next = 0;

  constructor(count: number) {
    this.count = count;
  }

  take(): string {
    const name = `bench-${this.next % this.count}`;
    this.next += 1;
    return name;
  }
}

interface FlowContext {
  session?: string;
  id?: string;
}

/** autocannon hands every flow its connection's context, a plain object cleared when the flow starts over. */
function flowContext(context: object): FlowContext {
  return context;
}

/**
 * autocannon's `requests` for the create + read flow: each connection creates an integration in the next session of
 * `sessions`, reads the id from the answer, and reads that integration back in the same session. After a create
 * that answered no id the read asks for an id that does not exist, so the failure shows as a second non-2xx.
 */
export function createThenReadRequests(sessions: SessionCycle): autocannon.Request[] {
  return [
    {
      method: 'POST',
      path: TOOLZZ_COLLECTION,
      body: TOOLZZ_CREATE_REQUEST.body,
      setupRequest: (request, context) => {
        const flow = flowContext(context);
        flow.session = sessions.take();
        delete flow.id;
        return { ...request, headers: { ...TOOLZZ_HEADERS, 'x-mock-session': flow.session } };
      },
      onResponse: (status, body, context) => {
        const flow = flowContext(context);
        if (status >= 200 && status < 300) {
          const id = readId(body);
          if (id !== undefined) flow.id = id;
        }
      },
    },
    {
      method: 'GET',
      path: TOOLZZ_COLLECTION,
      setupRequest: (request, context) => {
        const flow = flowContext(context);
        const id = flow.id ?? '00000000-0000-4000-8000-000000000000';
        return {
          ...request,
          path: `${TOOLZZ_COLLECTION}/${encodeURIComponent(id)}`,
          headers: { authorization: AUTHORIZATION, 'x-mock-session': flow.session ?? 'bench-none' },
          body: '',
        };
      },
    },
  ];
}

/** autocannon's `requests` for creates alone, each in the next session of `sessions`. */
export function createOnlyRequests(sessions: SessionCycle): autocannon.Request[] {
  return [
    {
      method: 'POST',
      path: TOOLZZ_COLLECTION,
      body: TOOLZZ_CREATE_REQUEST.body,
      setupRequest: (request) => ({
        ...request,
        headers: { ...TOOLZZ_HEADERS, 'x-mock-session': sessions.take() },
      }),
    },
  ];
}

function readId(body: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === 'object' && parsed !== null && 'id' in parsed && typeof parsed.id === 'string') {
      return parsed.id;
    }
  } catch {
    // not JSON: no id
  }
  return undefined;
}
