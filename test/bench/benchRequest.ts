/**
 * The single request every peer is measured with. It must be a valid call of
 * `POST /v1/replicas/{replicaUUID}/integrations/telegram` in specs/sensay.yaml,
 * so a non-2xx answer means the peer is broken, not slow.
 */

export const BENCH_HOST = '127.0.0.1';

export const BENCH_METHOD = 'POST';

export const BENCH_PATH = '/v1/replicas/03db5651-cb61-4bdf-9ef0-89561f7c9c53/integrations/telegram';

export const BENCH_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'application/json',
  'x-organization-secret': 'bench-secret',
  'x-api-version': '2025-03-25',
};

/** Bot id digits, a colon, then exactly 35 characters of [A-Za-z0-9_-]. */
const TELEGRAM_TOKEN = '7701101112:AAFx1oPq2Rs3Tu4Vw5Xy6Za7Bc8De9Fg0Hi';

if (!/^[0-9]+:[A-Za-z0-9_-]{35}$/.test(TELEGRAM_TOKEN)) {
  throw new Error(`bench telegram token is malformed: ${TELEGRAM_TOKEN}`);
}

export const BENCH_BODY = JSON.stringify({
  telegram_token: TELEGRAM_TOKEN,
  mention: 'acme_support_bot',
});

export function benchUrl(port: number): string {
  return `http://${BENCH_HOST}:${port}${BENCH_PATH}`;
}

/** One request a peer is driven with: a valid call of an operation of the spec(s) it serves. */
export interface BenchRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export const SENSAY_REQUEST: BenchRequest = {
  method: BENCH_METHOD,
  path: BENCH_PATH,
  headers: BENCH_HEADERS,
  body: BENCH_BODY,
};

/**
 * A validated write on GitHub's REST description with a small body and a small answer, like the Sensay request:
 * `PUT /repos/{owner}/{repo}/subscription` (activity/set-repo-subscription), found among 1,223 operations.
 */
export const GITHUB_REQUEST: BenchRequest = {
  method: 'PUT',
  path: '/repos/octo-org/hello-world/subscription',
  headers: { 'content-type': 'application/json', authorization: 'Bearer bench-token' },
  body: JSON.stringify({ subscribed: true, ignored: false }),
};

export const GITHUB_SPEC = 'node_modules/@octokit/openapi/generated/api.github.com.json';
