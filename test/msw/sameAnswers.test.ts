import { setupServer, type SetupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockHandlers, type MockHandlers } from '../../src/msw/node.ts';
import { startMock, type StartedMock } from '../support/startMock.ts';
import { SENSAY_SCENARIOS, SENSAY_SPEC, TOOLZZ_SCENARIOS, TOOLZZ_SPEC } from '../support/paths.ts';
import { VALID_REQUESTS } from '../mock/validRequests.ts';

/** Where each spec's first server URL puts it, for MSW; the HTTP mock serves the same paths on 127.0.0.1. */
const ORIGINS: Readonly<Record<string, string>> = {
  sensay: 'https://api.sensay.io',
  toolzz: 'https://chat.api.toolzz.com.br',
};
const COMPARED_HEADERS = ['content-type', 'x-mock-scenario', 'x-api-version', 'www-authenticate', 'allow'];
const SEED = 'same-answer-everywhere';

let http: StartedMock;
let msw: MockHandlers;
let server: SetupServer;

beforeAll(async () => {
  const options = { seed: SEED, scenarios: [SENSAY_SCENARIOS, TOOLZZ_SCENARIOS] };
  http = await startMock({ specs: [SENSAY_SPEC, TOOLZZ_SPEC], scenarioFiles: options.scenarios, seed: SEED });
  msw = await createMockHandlers({ specs: [SENSAY_SPEC, TOOLZZ_SPEC], ...options });
  server = setupServer(...msw.handlers);
  server.listen({ onUnhandledFrame: 'bypass' });
});

afterAll(async () => {
  server.close();
  await http.close();
});

type Outcome =
  | {
      readonly kind: 'answer';
      readonly status: number;
      readonly headers: Record<string, string | null>;
      readonly text: string;
    }
  | { readonly kind: 'no answer' };

async function send(base: string, operationId: string, scenario: string, session: string): Promise<Outcome> {
  const valid = VALID_REQUESTS[operationId];
  if (!valid) throw new Error(`no valid request for ${operationId}`);
  try {
    const response = await fetch(`${base}${valid.path}`, {
      method: valid.method.toUpperCase(),
      headers: {
        ...valid.headers,
        'X-Mock-Scenario': scenario,
        'X-Mock-Session': session,
        ...(valid.body !== undefined && { 'Content-Type': 'application/json' }),
      },
      ...(valid.body !== undefined && { body: JSON.stringify(valid.body) }),
      signal: AbortSignal.timeout(4_000),
    });
    const text = await response.text();
    const headers = Object.fromEntries(COMPARED_HEADERS.map((name) => [name, response.headers.get(name)]));
    return { kind: 'answer', status: response.status, headers, text };
  } catch {
    return { kind: 'no answer' };
  }
}

const engine = await createMockHandlers({
  specs: [SENSAY_SPEC, TOOLZZ_SPEC],
  scenarios: [SENSAY_SCENARIOS, TOOLZZ_SCENARIOS],
});
const cases = [...engine.engine.catalog.operations.values()].flatMap((entry) =>
  [...entry.scenarios.values()].map((scenario) => ({
    spec: entry.spec.name,
    operationId: entry.operation.id,
    scenario: scenario.name,
    answers: scenario.fault !== 'reset' && scenario.fault !== 'timeout',
  })),
);

describe('the same request gets the same answer through MSW and over HTTP, with the same seed', () => {
  it('covers every scenario of every operation of both APIs', () => {
    expect(new Set(cases.map((c) => c.operationId)).size).toBe(6);
    expect(cases.length).toBeGreaterThan(50);
  });

  it.concurrent.each(cases)(
    '$spec $operationId: $scenario',
    async ({ spec, operationId, scenario, answers }) => {
      const session = `${operationId}-${scenario}`;
      const [overHttp, throughMsw] = await Promise.all([
        send(http.url, operationId, scenario, session),
        send(ORIGINS[spec] ?? '', operationId, scenario, session),
      ]);
      expect(throughMsw).toEqual(overHttp);
      expect(overHttp.kind).toBe(answers ? 'answer' : 'no answer');
      if (overHttp.kind === 'answer') expect(overHttp.headers['x-mock-scenario']).toContain(scenario);
    },
  );
});
