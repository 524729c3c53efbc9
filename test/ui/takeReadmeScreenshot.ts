/**
 * Regenerates docs/dashboard.png, the README's picture of the dashboard: `node test/ui/takeReadmeScreenshot.ts`.
 * A mock with a little traffic of every kind, one scenario chosen for a session, the light colour scheme.
 */
import { resolve } from 'node:path';
import { ROOT } from '../support/paths.ts';
import { startMock } from '../support/startMock.ts';
import { SCENARIO_FILES, SENSAY, SPECS, TOOLZZ } from '../scenarios/scenarioApis.ts';
import { launchChromium } from './browser.ts';

const mock = await startMock({ specs: SPECS, scenarioFiles: SCENARIO_FILES });
const send = (api: typeof SENSAY, headers: Record<string, string> = {}, body: unknown = api.body) =>
  fetch(`${mock.url}${api.path}`, {
    method: 'POST',
    headers: { ...api.credentials, 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width: 1200, height: 620 }, colorScheme: 'light' });
await page.goto(`${mock.url}/__mock/ui`);
await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
await page.getByLabel('Session', { exact: true }).fill('checkout-tab');
await page.getByLabel(SENSAY.operationId, { exact: true }).selectOption('replica-not-found');
await page.getByText(`${SENSAY.operationId}: replica-not-found for session checkout-tab`).waitFor();

await send(SENSAY);
await send(TOOLZZ);
await send(SENSAY, { 'X-Mock-Session': 'checkout-tab' });
await send(TOOLZZ, {}, TOOLZZ.invalidBody);
await send(SENSAY, { 'X-Mock-Scenario': 'server-error' });
await fetch(`${mock.url}/v1/replicas`, { method: 'GET' });
await send(SENSAY, { 'X-Mock-Session': 'checkout-tab' });
await send(TOOLZZ, { 'X-Mock-Session': 'checkout-tab' });
await page.getByText('8 shown of 8 kept').waitFor();
await page.getByLabel('Session', { exact: true }).blur();

const file = resolve(ROOT, 'docs/dashboard.png');
await page.screenshot({ path: file });
console.log(`wrote ${file}`);
await browser.close();
await mock.close();
