import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import type { Browser, Page } from 'playwright-core';
import { loadConfig } from '../../src/config';
import { Database } from '../../src/core/db/database';
import { openTestDatabase } from '../../src/core/testing/testDatabase';
import { testServices } from '../../src/core/testing/testServices';
import { RunningServer, startServer } from '../../src/server/app';
import { mintToken } from '../../src/server/auth';

/**
 * GraphiQL in a real browser (Debian's chromium driven by playwright-core): the page loads
 * offline, runs a query with the token in its headers, and shows a subscription's pushes.
 * Skipped when no Chromium is installed, unless REQUIRE_BROWSER=1 (CI sets it).
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const required = process.env.REQUIRE_BROWSER === '1';
if (!CHROMIUM && !required) console.warn('browser test skipped: no Chromium found (apt-get install chromium, or set CHROMIUM_PATH)');
const describeBrowser = CHROMIUM || required ? describe : describe.skip;

jest.setTimeout(90_000);
const SECRET = 'browser-test-secret-long-enough-0123456789';

describeBrowser('GraphiQL in headless Chromium', () => {
  let db: Database;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const userId = randomUUID();
  let token: string;

  beforeAll(async () => {
    if (!CHROMIUM) throw new Error('REQUIRE_BROWSER=1 but no Chromium at /usr/bin/chromium (set CHROMIUM_PATH)');
    db = await openTestDatabase();
    token = await mintToken(SECRET, userId);
    const config = loadConfig({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', JWT_SECRET: SECRET, LOG_LEVEL: 'silent' });
    server = await startServer(config, testServices(db), pino({ level: 'silent' }), { graphiqlToken: token });
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage();
    // Offline: any request off this machine fails the test.
    const outside: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (!['127.0.0.1', 'localhost'].includes(url.hostname) && !['data:', 'blob:'].includes(url.protocol)) outside.push(request.url());
    });
    await page.goto(`http://127.0.0.1:${server.port}/graphql`);
    await page.waitForSelector('.graphiql-container', { timeout: 30_000 });
    expect(outside).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await db?.close();
  });

  async function run(query: string): Promise<void> {
    const editor = page.locator('.graphiql-query-editor .view-lines').first();
    await editor.waitFor({ state: 'visible', timeout: 30_000 });
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(query);
    // Monaco shows non-breaking spaces: compare without spacing.
    const compact = query.replace(/\s/g, '');
    await page.waitForFunction(
      (text) => (document.querySelector('.graphiql-query-editor .view-lines')?.textContent ?? '').replace(/\s/g, '') === text,
      compact,
      { timeout: 10_000 },
    );
    await page.locator('.graphiql-execute-button').first().click();
  }

  const result = () => page.locator('.graphiql-response').first();

  it('runs a query with the token from its Headers tab', async () => {
    await run('{ me { id } }');
    await page.waitForFunction((id) => document.querySelector('.graphiql-response')?.textContent?.includes(id), userId, { timeout: 20_000 });
    expect(await result().textContent()).toContain(userId);
  });

  it('shows subscription pushes over graphql-ws', async () => {
    await run('subscription { planChanged { type streamId } }');
    await page.waitForTimeout(1000);
    const response = await fetch(`http://127.0.0.1:${server.port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: 'mutation { startConsultation(input: { heightCm: 175 }) { id } }' }),
    });
    expect(response.status).toBe(200);
    await page.waitForFunction(() => document.querySelector('.graphiql-response')?.textContent?.includes('ConsultationStarted'), undefined, {
      timeout: 20_000,
    });
    expect(await result().textContent()).toContain('ConsultationStarted');
  });
});
