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

  /**
   * Types a query and runs it. GraphiQL takes the editor's text into its state in a debounced
   * change handler (100 ms), which writes `graphiql:query` to localStorage and then updates the
   * active tab; clicking run before that runs the previous document. So wait until GraphiQL's
   * own store holds the text (a condition that proves the state, not a fixed pause).
   */
  async function run(query: string): Promise<void> {
    const editor = page.locator('.graphiql-query-editor .view-lines').first();
    await editor.waitFor({ state: 'visible', timeout: 30_000 });
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(query);
    await page.waitForFunction((text) => window.localStorage.getItem('graphiql:query') === text, query, { timeout: 10_000 });
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
    // The subscription is live once a push arrives. Until the server has registered it, an event
    // can commit unseen, so start consultations until one of them shows (each a real event),
    // rather than guessing how long the browser and the server need.
    const pushed = (streamId: string) =>
      page
        .waitForFunction((id) => document.querySelector('.graphiql-response')?.textContent?.includes(id), streamId, { timeout: 2_000 })
        .then(() => true, () => false);
    let shown: string | null = null;
    for (let attempt = 0; attempt < 15 && !shown; attempt++) {
      const response = await fetch(`http://127.0.0.1:${server.port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: 'mutation { startConsultation(input: { heightCm: 175 }) { id } }' }),
      });
      expect(response.status).toBe(200);
      const streamId = `consultation-${(await response.json()).data.startConsultation.id}`;
      if (await pushed(streamId)) shown = streamId;
    }
    expect(shown).not.toBeNull();
    const text = await result().textContent();
    expect(text).toContain('ConsultationStarted');
    expect(text).toContain(shown);
  });
});
