import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ROOT } from '../support/paths.ts';

/** Debian's package; `.ci/run` installs it when it is missing. */
export const CHROMIUM = '/usr/bin/chromium';
/** Screenshots for people to look at (gitignored). */
export const OUTPUT = resolve(ROOT, 'test-results/ui');

/** Headless Chromium with the project's flags; Playwright gives every launch a fresh profile directory. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `${CHROMIUM} is missing: the browser tests drive Debian's chromium package (apt-get install chromium; .ci/run installs it)`,
    );
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** What a page did that a test may forbid: console errors, uncaught exceptions, requests to other origins. */
export interface PageWatch {
  readonly errors: string[];
  readonly foreignRequests: string[];
  readonly requests: { url: string; headers: Record<string, string> }[];
}

export function watchPage(page: Page, origin: string): PageWatch {
  const watch: PageWatch = { errors: [], foreignRequests: [], requests: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') watch.errors.push(message.text());
  });
  page.on('pageerror', (error) => {
    watch.errors.push(error.message);
  });
  page.on('request', (request) => {
    const url = request.url();
    watch.requests.push({ url, headers: request.headers() });
    if (new URL(url).origin !== origin) watch.foreignRequests.push(url);
  });
  return watch;
}

export async function newContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  context.setDefaultTimeout(5_000);
  return context;
}

/** A second origin on loopback: a blank page from which a test calls the mock with fetch, as a web app would. */
export async function startOtherOrigin(): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((_request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    response.end('<!doctype html><title>app</title><p>another origin</p>');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((done) => {
        server.close(() => {
          done();
        });
        server.closeAllConnections();
      }),
  };
}

export interface CallResult {
  readonly status: number;
  readonly scenario: string | null;
}

/** A cross-origin POST made by the page itself (CORS applies), answered by the mock. */
export function callFromPage(
  page: Page,
  url: string,
  headers: Record<string, string>,
  body: unknown,
): Promise<CallResult> {
  return page.evaluate(
    async ({ url, headers, body }) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
      return { status: response.status, scenario: response.headers.get('X-Mock-Scenario') };
    },
    { url, headers, body },
  );
}
