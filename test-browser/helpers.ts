// Browser-test helpers: the real server (test harness, in-memory PGlite) listening on a free
// port with its job worker running, and Debian's chromium driven by playwright-core.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { createTestContext, PASSWORD, type TestContext } from '../test/harness.ts';

export { PASSWORD };
export const SHOTS = process.env.PARLEY_SHOTS_DIR ?? '/tmp/parley-shots';
const webIndex = path.join(process.env.PARLEY_WEB_DIST ?? path.join(import.meta.dirname, '../web/dist'), 'index.html');

export interface BrowserApp {
  ctx: TestContext;
  baseURL: string;
  browser: Browser;
  /** a fresh browser context (own cookies) with one page */
  newPage(): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
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

/** Starts the app (jobs worker running unless `startJobs` is false) and a browser. */
export async function startBrowserApp(env: Record<string, string> = {}, opts: { startJobs?: boolean } = {}): Promise<BrowserApp> {
  if (!fs.existsSync(webIndex)) throw new Error('web/dist is missing: run `npm run build:web` first (npm run test:browser does)');
  const webDist = process.env.PARLEY_WEB_DIST;
  const [ctx, browser] = await Promise.all([createTestContext({ ...(webDist ? { PARLEY_WEB_DIST: webDist } : {}), ...env }), launchBrowser()]);
  // the browser judges cookie expiry by the real date: put the harness's manual clock on it
  ctx.clock.set(new Date());
  await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = ctx.app.server.address() as AddressInfo;
  if (opts.startJobs !== false) await ctx.jobs.start();
  const baseURL = `http://127.0.0.1:${port}`;
  fs.mkdirSync(SHOTS, { recursive: true });
  return {
    ctx,
    baseURL,
    browser,
    async newPage() {
      const context = await browser.newContext({ baseURL, viewport: { width: 1440, height: 900 }, locale: 'en-GB', acceptDownloads: true });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      page.on('pageerror', (err) => console.error('page error:', err.message));
      return { context, page };
    },
    async close() {
      await browser.close();
      await ctx.jobs.stop();
      await ctx.close();
    },
  };
}

export async function login(page: Page, username: string, password = PASSWORD) {
  await page.goto('/');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main menu' }).waitFor();
}

export async function shot(page: Page, name: string) {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/** Waits until the locator's text matches. */
export async function waitForText(locator: Locator, expected: string | RegExp, timeout = 15_000) {
  const deadline = Date.now() + timeout;
  let last = '';
  while (Date.now() < deadline) {
    last = (
      (await locator
        .first()
        .textContent({ timeout: Math.max(1, deadline - Date.now()) })
        .catch(() => '')) ?? ''
    )
      .replace(/\s+/g, ' ')
      .trim();
    if (typeof expected === 'string' ? last.includes(expected) : expected.test(last)) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`expected text ${expected} in ${locator}, last seen: "${last}"`);
}
