// `ai-gateway demo --ui` in a real browser: the banner on every screen, a valid token, connectivity all green
// against the built-in demo gateway, and the activity list filling with the demo's sample requests.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, openSession } from './harness/browser.js';
import { startDemoUi, type DemoProcess } from './harness/demo-process.js';
import { AppWindow, type ScreenName } from './pages/app-window.js';
import { eventually } from './pages/eventually.js';

let demo: DemoProcess;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let problems: string[];
let app: AppWindow;

before(async () => {
  demo = await startDemoUi();
  browser = await launchBrowser();
  ({ context, page, problems } = await openSession(browser, demo.url));
  app = new AppWindow(page);
});

after(async () => {
  await context?.close();
  await browser?.close();
  await demo?.close();
});

test('every screen shows the demo banner, with live data from the demo gateway', async () => {
  for (const screen of ['Token', 'Agents', 'Connectivity', 'Activity', 'Usage', 'Settings'] as ScreenName[]) {
    await app.openScreen(screen);
    assert.equal(await app.demoBanner().count(), 1, `no demo banner on ${screen}`);
  }
});

test('connectivity is green for all four providers', async () => {
  await app.openScreen('Connectivity');
  assert.match(await app.connectivity.testAll(), /All 4 providers answered/);
  for (const provider of ['Anthropic', 'OpenAI', 'Google', 'Azure OpenAI']) assert.equal((await app.connectivity.probe(provider)).tone, 'ok', provider);
});

test('the demo\'s sample requests are hidden by default, labelled, and shown on request', async () => {
  await app.openScreen('Activity');
  await eventually(async () => {
    assert.equal((await app.activity.rows()).length, 0, 'no sample row before asking');
    assert.match((await app.activity.noMatchText()) ?? '', /The demo sends \d+ sample requests of its own; they are hidden/);
  }, 15_000);
  await app.activity.showSamples(true);
  await eventually(async () => {
    const rows = await app.activity.rows();
    assert.ok(rows.length >= 4, `only ${rows.length} rows`);
    assert.ok(rows.every((r) => r.agent === 'Demo sample' && r.status.includes('200')), JSON.stringify(rows));
  }, 15_000);
  assert.deepEqual(problems, []);
});

test('in the demo the Usage screen shows the demo\'s requests from the start (they are all the demo has)', async () => {
  await app.openScreen('Usage');
  assert.equal(await app.usage.includesDemo(), true);
  await eventually(async () => {
    assert.equal(await page.getByTestId('usage-empty').count(), 0, 'the screen says "No requests" while the demo sends them');
    assert.ok(Number((await app.usage.summary()).Requests?.replace(/,/g, '') ?? 0) > 0);
  }, 15_000);
});

test('Settings names the port the demo proxy really uses, next to the port setting', async () => {
  await app.openScreen('Settings');
  const port = new URL(demo.proxyUrl).port;
  await eventually(async () => assert.equal(await page.getByText(new RegExp(`In use now: port ${port} \\(the demo always uses its own port`)).count(), 1));
});

test('the demo wrote nothing outside its own folder', async () => {
  assert.deepEqual(await readdir(demo.home), ['app-data']);
  assert.deepEqual(await readdir(join(demo.home, 'app-data')), ['demo']);
});
