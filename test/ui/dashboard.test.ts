import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type StartedMock } from '../support/startMock.ts';
import {
  SCENARIO_FILES,
  SENSAY,
  SENSAY_SECRET,
  SPECS,
  TELEGRAM_TOKEN,
  TOOLZZ,
} from '../scenarios/scenarioApis.ts';
import {
  callFromPage,
  launchChromium,
  newContext,
  OUTPUT,
  startOtherOrigin,
  watchPage,
  type PageWatch,
} from './browser.ts';

let browser: Browser;
let mock: StartedMock;
let other: Awaited<ReturnType<typeof startOtherOrigin>>;

beforeAll(async () => {
  [browser, mock, other] = await Promise.all([
    launchChromium(),
    startMock({ specs: SPECS, scenarioFiles: SCENARIO_FILES }),
    startOtherOrigin(),
  ]);
  mkdirSync(OUTPUT, { recursive: true });
});

afterAll(async () => {
  await browser.close();
  await Promise.all([mock.close(), other.close()]);
});

afterEach(async () => {
  await fetch(`${mock.url}/__mock/reset`, { method: 'POST' });
});

/** The dashboard, open and live. */
async function openDashboard(page: Page): Promise<PageWatch> {
  const watch = watchPage(page, mock.url);
  await page.goto(`${mock.url}/__mock/ui`);
  await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
  return watch;
}

function journalRows(page: Page) {
  // The second row group: the first holds the column headers.
  return page
    .getByRole('table', { name: /Recent requests/ })
    .getByRole('rowgroup')
    .nth(1)
    .getByRole('row');
}

/** The Sensay call a web app on another origin makes. */
function sensayFromApp(app: Page, headers: Record<string, string> = {}) {
  return callFromPage(app, `${mock.url}${SENSAY.path}`, { ...SENSAY.credentials, ...headers }, SENSAY.body);
}

describe('the dashboard at /__mock/ui, in Chromium', () => {
  it('switches scenarios for the server and per session, shows requests live, resets', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const watch = await openDashboard(page);
    const app = await context.newPage();
    await app.goto(other.url);
    // Side by side, as a developer works: the dashboard stays visible (a hidden tab draws nothing).
    await page.bringToFront();
    expect(await page.evaluate('document.visibilityState')).toBe('visible');

    // Every API and operation, each with a native select labelled with its operationId.
    await page.getByRole('heading', { name: 'Sensay API - replica Telegram integration' }).waitFor();
    const sensay = page.getByLabel(SENSAY.operationId, { exact: true });
    const toolzz = page.getByLabel(TOOLZZ.operationId, { exact: true });
    await page
      .getByRole('combobox', { name: SENSAY.operationId, exact: true })
      .and(page.locator('select'))
      .waitFor();
    expect(await toolzz.locator('option').allTextContents()).toContain('not-found · 404');

    await sensay.selectOption('server-error');
    await page.getByText(`${SENSAY.operationId}: server-error for the whole server`).waitFor();
    expect(await sensayFromApp(app)).toEqual({ status: 500, scenario: 'server-error' });
    // Live, without a reload: the row is there within a second of the answer.
    await journalRows(page)
      .filter({ hasText: 'server-error' })
      .filter({ hasText: '500' })
      .waitFor({ timeout: 1_000 });

    await page.getByLabel('Session', { exact: true }).fill('tab-7');
    expect(await sensay.inputValue()).toBe('');
    expect(await sensay.locator('option').first().textContent()).toBe('as the server: server-error');
    await sensay.selectOption('replica-not-found');
    await page.getByText(`${SENSAY.operationId}: replica-not-found for session tab-7`).waitFor();
    expect(await sensayFromApp(app, { 'X-Mock-Session': 'tab-7' })).toEqual({
      status: 404,
      scenario: 'replica-not-found',
    });
    expect(await sensayFromApp(app, { 'X-Mock-Session': 'tab-8' })).toEqual({
      status: 500,
      scenario: 'server-error',
    });
    const sessionRow = journalRows(page).filter({ hasText: 'tab-7' });
    await sessionRow.filter({ hasText: 'replica-not-found' }).waitFor({ timeout: 1_000 });

    // An invalid request is highlighted with its problem.
    await callFromPage(app, `${mock.url}${TOOLZZ.path}`, TOOLZZ.credentials, TOOLZZ.invalidBody);
    await journalRows(page).filter({ hasText: TOOLZZ.invalidBodyMessage }).waitFor({ timeout: 1_000 });

    // The filters narrow the table.
    const rows = () => journalRows(page).count();
    await expect.poll(rows).toBe(4);
    await page.getByLabel('Filter by status').selectOption('4xx');
    await expect.poll(rows).toBe(2);
    await page.getByLabel('Filter by session').fill('tab-7');
    await expect.poll(rows).toBe(1);
    await page.getByLabel('Filter by session').fill('');
    await page.getByLabel('Filter by status').selectOption('');
    await page.getByLabel('Filter by operation').selectOption(TOOLZZ.operationId);
    await expect.poll(rows).toBe(1);
    await page.getByLabel('Filter by operation').selectOption('');
    await expect.poll(rows).toBe(4);

    // A click opens the request and the answer in full, secrets redacted.
    await sessionRow.click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('region', { name: 'Answer' }).waitFor();
    const shown = (await dialog.textContent()) ?? '';
    expect(shown).toContain('x-mock-session');
    expect(shown).toContain('[redacted]');
    expect(shown).toContain(`Replica ${SENSAY.path.split('/')[3] ?? ''} not found`);
    expect(shown).not.toContain(SENSAY_SECRET);
    expect(shown).not.toContain(TELEGRAM_TOKEN);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    await page.screenshot({ path: resolve(OUTPUT, 'dashboard.png'), fullPage: true });

    await page.getByRole('button', { name: 'Reset' }).click();
    await page.getByText('No requests yet.').waitFor();
    expect(await sensay.inputValue()).toBe('');
    await page.getByLabel('Session', { exact: true }).fill('');
    expect(await sensay.inputValue()).toBe('');
    expect(await sensayFromApp(app, { 'X-Mock-Session': 'tab-7' })).toEqual({
      status: 200,
      scenario: 'success',
    });

    // Every control is named; this mock has state and coverage, so their panels show.
    expect(await unnamedControls(page)).toEqual([]);
    expect(await page.getByRole('heading', { name: 'Coverage' }).isVisible()).toBe(true);
    expect(watch.errors).toEqual([]);
    expect(watch.foreignRequests).toEqual([]);
    await context.close();
  });

  it('two open dashboards agree; the specs are rendered readably', async () => {
    const context = await newContext(browser);
    const [first, second] = [await context.newPage(), await context.newPage()];
    const [watch] = await Promise.all([openDashboard(first), openDashboard(second)]);
    await first.getByLabel(TOOLZZ.operationId, { exact: true }).selectOption('server-error');
    await second
      .getByLabel(TOOLZZ.operationId, { exact: true })
      .and(second.locator('select:has(option[value="server-error"]:checked)'))
      .waitFor({ timeout: 2_000 });
    await second.getByRole('switch', { name: 'strict-telegram-tokens' }).check();
    await first
      .getByRole('switch', { name: 'strict-telegram-tokens', checked: true })
      .waitFor({ timeout: 2_000 });

    const page = first;
    await page.bringToFront();
    await page
      .getByRole('region', { name: 'Sensay API - replica Telegram integration' })
      .getByRole('link', { name: 'Read the spec' })
      .click();
    const spec = page.getByRole('region', { name: 'Specification' });
    await spec
      .getByRole('heading', { name: 'POST /v1/replicas/{replicaUUID}/integrations/telegram' })
      .waitFor();
    await spec
      .getByRole('rowheader', { name: /replicaUUID/ })
      .first()
      .waitFor();
    expect(await spec.getByText('telegram_token', { exact: true }).count()).toBeGreaterThan(0);
    await spec.getByText('Source: sensay.yaml').click();
    await spec.getByText('openapi: 3.1').first().waitFor();
    await spec.getByRole('link', { name: '← Back to the dashboard' }).click();
    await page.getByRole('heading', { name: 'Requests' }).waitFor();
    expect(watch.errors).toEqual([]);
    expect(watch.foreignRequests).toEqual([]);
    await context.close();
  });
});

describe('the dashboard off loopback (admin token required)', () => {
  it('asks for the token and sends it in a header, never in a URL', async () => {
    const guarded = await startMock({
      specs: SPECS,
      scenarioFiles: SCENARIO_FILES,
      adminToken: 'tok-5f3a9b',
    });
    const context = await newContext(browser);
    const page = await context.newPage();
    const watch = watchPage(page, guarded.url);
    await page.goto(`${guarded.url}/__mock/ui`);
    const dialog = page.getByRole('dialog', { name: 'Admin token' });
    await dialog.getByLabel('Admin token').fill('tok-5f3a9b');
    await dialog.getByRole('button', { name: 'Connect' }).click();
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
    await page.getByLabel(SENSAY.operationId, { exact: true }).selectOption('unauthorized');
    await page.getByText(`${SENSAY.operationId}: unauthorized for the whole server`).waitFor();

    const apiCalls = watch.requests.filter(({ url }) => !new URL(url).pathname.startsWith('/__mock/ui'));
    expect(apiCalls.length).toBeGreaterThanOrEqual(4);
    for (const call of apiCalls) expect(call.headers['x-mock-admin-token']).toBe('tok-5f3a9b');
    expect(watch.requests.filter(({ url }) => url.includes('tok-5f3a9b'))).toEqual([]);
    expect(watch.errors).toEqual([]);
    await context.close();
    await guarded.close();
  });
});

describe('without the event stream; with state and coverage', () => {
  it('polls for requests, and shows the state and coverage panels when the mock has them', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.route('**/__mock/events*', (route) => route.fulfill({ status: 503, body: '' }));
    await page.goto(`${mock.url}/__mock/ui`);
    await page.getByRole('status').filter({ hasText: 'Polling' }).waitFor();
    await fetch(`${mock.url}${SENSAY.path}`, {
      method: 'POST',
      headers: { ...SENSAY.credentials, 'Content-Type': 'application/json', 'X-Mock-Session': 'polled' },
      body: JSON.stringify(SENSAY.body),
    });
    await journalRows(page).filter({ hasText: 'polled' }).waitFor({ timeout: 3_000 });
    await fetch(`${mock.url}${SENSAY.path}`, {
      method: 'POST',
      headers: { ...SENSAY.credentials, 'Content-Type': 'application/json' },
      body: JSON.stringify(SENSAY.body),
    });
    await fetch(`${mock.url}/v1/nothing`);

    // The mock's own state and coverage, as they are: the session's stored objects, and what was exercised.
    const state = page.getByRole('region', { name: 'State' });
    await state.getByText('telegram-integration').waitFor();
    await expect.poll(async () => state.textContent()).toContain('1 object');
    const coverage = page.getByRole('region', { name: 'Coverage' });
    await coverage.getByRole('rowheader', { name: SENSAY.operationId }).waitFor();
    expect(
      await coverage.getByRole('row').filter({ hasText: TOOLZZ.operationId }).first().getAttribute('class'),
    ).toBe('uncovered');
    await expect.poll(async () => coverage.textContent()).toContain('Operations: 1/6');
    expect(await coverage.textContent()).toContain('200 ×2');
    await coverage.getByText('1 requests matched no operation').waitFor();
    await page.getByLabel('Session', { exact: true }).fill('polled');
    await state.getByText('session polled').waitFor();
    expect(await state.textContent()).toContain('1 object');
    await context.close();
  });
});

/** Inputs, selects and buttons with no accessible name (label, aria-label or text). */
async function unnamedControls(page: Page): Promise<unknown> {
  // A string, so the browser-side code needs no DOM types in this Node project.
  return page.evaluate(`[...document.querySelectorAll('input, select, button, textarea')]
    .filter((element) => (element.labels?.length ?? 0) === 0
      && !element.getAttribute('aria-label') && !element.getAttribute('aria-labelledby')
      && element.textContent.trim() === '')
    .map((element) => element.outerHTML.slice(0, 80))`);
}
