import { resolve } from 'node:path';
import { startServer, type RunningServer } from '../../src/cli/startServer.ts';
import {
  createProxyServer,
  type ProxyServer,
  type ProxyServerOptions,
} from '../../src/proxy/createProxyServer.ts';
import {
  BOT,
  ORGANIZATION_SECRET,
  REPLICA,
  startReference,
  TOOLZZ_TOKEN,
  UNIT,
} from '../contract/targets.ts';
import type { MutantName, ReferenceServer } from '../reference/index.ts';

const ROOT = resolve(import.meta.dirname, '../..');
export const SPECS = [resolve(ROOT, 'specs/sensay.yaml'), resolve(ROOT, 'specs/toolzz.yaml')];

/** A real-looking BotFather token per API, so a test can grep a recording for them. */
export const SENSAY_BOT_TOKEN = '7701101112:AAHsensayTOKENvalue_abcdefghijklmnopq';
export const TOOLZZ_BOT_TOKEN = '8802202223:AAHtoolzzTOKENvalue_abcdefghijklmnopq';
export { BOT, ORGANIZATION_SECRET, REPLICA, TOOLZZ_TOKEN, UNIT };

export const SENSAY_PATH = `/v1/replicas/${REPLICA}/integrations/telegram`;
export const TOOLZZ_PATH = '/api/v1/telegram/integration';
export const SENSAY_HEADERS = { 'X-ORGANIZATION-SECRET': ORGANIZATION_SECRET } as const;
export const TOOLZZ_HEADERS = { Authorization: `Bearer ${TOOLZZ_TOKEN}` } as const;
export const SENSAY_BODY = { telegram_token: SENSAY_BOT_TOKEN, mention: 'supportbot' } as const;
export const TOOLZZ_BODY = {
  botId: BOT,
  unitId: UNIT,
  title: 'Support',
  scope: 'both',
  botToken: TOOLZZ_BOT_TOKEN,
} as const;

export interface ProxyRun {
  readonly upstream: ReferenceServer;
  readonly proxy: ProxyServer;
  readonly running: RunningServer;
  readonly url: string;
  close(): Promise<void>;
}

/** The reference implementation (or one of its mutants) with the proxy in front of it, both on 127.0.0.1:0. */
export async function startProxyRun(
  options: { mutant?: MutantName | undefined } & Partial<ProxyServerOptions> = {},
): Promise<ProxyRun> {
  const { mutant, ...rest } = options;
  const upstream = await startReference({ mutant });
  const proxy = await createProxyServer({
    specs: SPECS,
    upstreams: [`sensay=${upstream.url}`, `toolzz=${upstream.url}/api`],
    ...rest,
  });
  const running = await startServer(proxy.listener, '127.0.0.1', 0);
  return {
    upstream,
    proxy,
    running,
    url: running.url,
    close: async () => {
      await running.close();
      await upstream.close();
    },
  };
}

/** JSON request helper: sends `body` as JSON when given. */
export function call(
  base: string,
  method: string,
  path: string,
  headers: Readonly<Record<string, string>>,
  body?: unknown,
): Promise<Response> {
  return fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? headers : { 'Content-Type': 'application/json', ...headers },
    ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
}
