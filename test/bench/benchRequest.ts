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
