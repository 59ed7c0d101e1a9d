// First run in a real browser against an unconfigured `ai-gateway serve --ui`: bad values are explained next
// to their fields, a secret the token endpoint double rejects is shown where it belongs, and the doubles'
// values land on the token screen. Also: the session token leaves the address bar (session-url.test.ts has the rest).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AI_GATEWAY } from '../agents/agent-harness.js';
import { startBackend } from './harness/backend.js';
import type { E2eBackend } from './harness/backend.js';
import { launchBrowser, openSession } from './harness/browser.js';
import { captureBothSchemes } from './harness/screenshots.js';
import { AppWindow } from './pages/app-window.js';
import { eventually } from './pages/eventually.js';

let backend: E2eBackend;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let problems: string[];
let app: AppWindow;

before(async () => {
  backend = await startBackend({ configured: false });
  browser = await launchBrowser();
  ({ context, page, problems } = await openSession(browser, backend.url));
  app = new AppWindow(page);
});

after(async () => {
  await context?.close();
  await browser?.close();
  await backend?.close();
});

test('the page opens on first run and takes the session token out of the address bar', async () => {
  await app.firstRun.heading().waitFor();
  assert.doesNotMatch(page.url(), /token=/);
  assert.equal(await app.tab('Token').count(), 0, 'no navigation before a gateway is configured');
  assert.equal(await app.demoBanner().count(), 0, 'no demo banner against a real gateway');
});

test('"Try the demo" says why this window cannot switch, and names a command that starts the demo from a terminal here', async () => {
  const text = await app.firstRun.tryDemo();
  assert.match(text, /cannot switch to the demo: it belongs to the running `[^`]+ serve --ui`, which uses your real settings, and the demo is a separate process/);
  // `ai-gateway` is not on this PATH and serve runs outside the checkout: the window names the launcher by its path.
  const command = /Run `([^`]+)` in a terminal/.exec(text)?.[1];
  assert.equal(command, `node ${AI_GATEWAY} demo --ui`);
  // The command works as written (port 0 and --json only so the test neither clashes with other runs nor scrapes text).
  const demo = backend.startInTerminal([...command.split(' '), '--port', '0', '--json']);
  const facts = await firstJsonLine(demo);
  assert.equal(facts.demo, true);
  assert.match(String(facts.ui), /^http:\/\/127\.0\.0\.1:\d+\/\?token=/);
  assert.match(await app.firstRun.heading().textContent() ?? '', /\S/, 'this window stays on its first-run screen');
  assert.equal(await app.demoBanner().count(), 0, 'and does not turn into the demo');
});

/** The first line of `--json` output from a starting `demo`/`serve`. */
function firstJsonLine(child: ChildProcess): Promise<{ demo?: unknown; ui?: unknown }> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`no JSON line in 20 s:\n${out}\n${err}`)), 20_000);
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (!line) return;
      clearTimeout(timer);
      resolve(JSON.parse(line) as { demo?: unknown; ui?: unknown });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited (${String(code)}) before its JSON line:\n${out}\n${err}`));
    });
  });
}

test('bad values are explained next to their fields as the user types', async () => {
  await app.firstRun.fill({
    'Gateway URL': 'http://ai-gateway.example.com',
    'Client ID': '4h2kq8example',
    'Token endpoint': 'https://example.auth.us-east-1.amazoncognito.com',
  });
  // Validation answers once typing pauses; an answer about older values is not shown, so wait for the last one.
  await eventually(async () => {
    assert.match(await app.firstRun.fieldError('Gateway URL'), /https/);
    assert.match(await app.firstRun.fieldError('Token endpoint'), /oauth2\/token/);
  });
  assert.equal(await app.firstRun.isInvalid('Gateway URL'), true);
  assert.equal(await app.firstRun.fieldError('Client ID'), '');
  await app.firstRun.testAndSave();
  await eventually(async () => assert.match(await app.firstRun.fieldError('Client secret'), /not set/));
  await captureBothSchemes(page, 'first-run');
});

test('a token endpoint that refuses the connection is reported at its field as refused', async () => {
  const good = backend.gateway;
  const closed = await backend.freePort();
  await app.firstRun.fill({
    'Gateway URL': good.gatewayUrl,
    'Client ID': good.clientId,
    'Token endpoint': `http://127.0.0.1:${closed}/oauth2/token`,
    'Client secret': good.clientSecret,
  });
  await eventually(async () => assert.equal(await app.firstRun.fieldError('Token endpoint'), ''));
  await app.firstRun.testAndSave();
  await eventually(async () => assert.match(await app.firstRun.fieldError('Token endpoint'), new RegExp(`127\\.0\\.0\\.1:${closed}: the connection was refused`)));
});

test('a rejected secret is reported at the secret field; good values open the token screen', async () => {
  const good = backend.gateway;
  await app.firstRun.fill({
    'Gateway URL': good.gatewayUrl,
    'Client ID': good.clientId,
    'Token endpoint': good.tokenEndpoint,
    'Client secret': 'wrong-secret',
  });
  await eventually(async () => assert.equal(await app.firstRun.fieldError('Gateway URL'), ''));
  const fetches = await backend.tokenFetches();
  await app.firstRun.testAndSave();
  await eventually(async () => assert.match(await app.firstRun.fieldError('Client secret'), /rejected the client credentials/));
  // The form's terms where the form is shown: the fields to check, not the shell's GATEWAY_* names.
  const said = await app.firstRun.fieldError('Client secret');
  assert.match(said, /Check the Client ID and the Client secret, then save again\./);
  assert.doesNotMatch(said, /GATEWAY_/);
  assert.ok((await backend.tokenFetches()) > fetches, 'the secret was tried against the token endpoint');

  await app.firstRun.fill({ 'Client secret': good.clientSecret });
  assert.equal(await app.firstRun.fieldError('Client secret'), '', 'the old error goes once the value changes');
  await app.firstRun.testAndSave();
  await page.getByRole('heading', { level: 1, name: 'Token' }).waitFor();
  await eventually(async () => assert.equal(await app.token.state(), 'Valid'));
});

test('a reload keeps the session (this tab\'s sessionStorage, sent in a header to the api)', async () => {
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Token' }).waitFor();
  await eventually(async () => assert.equal(await app.token.state(), 'Valid'));
});

test('a browser without the token gets a page that says what to open, and no api', async () => {
  const stranger = await browser.newContext();
  try {
    const other = await stranger.newPage();
    await other.goto(backend.url.replace(/\?token=.*/, ''));
    const text = await other.getByRole('alert').innerText();
    assert.match(text, /This page has no session/);
    assert.match(text, /Run `[^`]*ui-link` in a terminal for a new link and open it here \(or restart `[^`]*serve --ui`/);
  } finally {
    await stranger.close();
  }
});

test('no CSP violations or page errors', () => {
  assert.deepEqual(problems, []);
});
