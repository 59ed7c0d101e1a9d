// The one-time UI URL in a real Chromium against `ai-gateway serve --ui` (issue 13.6): opening the printed
// URL trades its token for a session cookie page scripts cannot read and leaves no token in the address
// bar, the history or page storage; the same URL in another browser is refused; the API answers only with
// the cookie.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startBackend } from './harness/backend.js';
import type { E2eBackend } from './harness/backend.js';
import { launchBrowser, openSession } from './harness/browser.js';

let backend: E2eBackend;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let problems: string[];
let token: string;
let origin: string;

before(async () => {
  backend = await startBackend({ configured: false });
  token = new URL(backend.url).searchParams.get('token') ?? '';
  origin = new URL(backend.url).origin;
  browser = await launchBrowser();
  ({ context, page, problems } = await openSession(browser, backend.url));
});

after(async () => {
  await context?.close();
  await browser?.close();
  await backend?.close();
});

/** Calls the API from inside a page the way the renderer does, optionally without cookies. */
function apiFromPage(on: Page, credentials: 'same-origin' | 'omit'): Promise<number> {
  return on.evaluate(async (mode) => {
    const response = await fetch('./api/getStatus', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"args":[]}', credentials: mode });
    return response.status;
  }, credentials);
}

test('the printed URL carries a token; opening it leaves no token in the address bar, the history or page storage', async () => {
  assert.ok(token.length >= 40, 'the URL carries a long token');
  assert.doesNotMatch(page.url(), /token/);
  assert.doesNotMatch(await page.evaluate<string>('location.href'), /token/);
  // The browser's own list of history entries (DevTools protocol): the token URL never became one.
  const cdp = await context.newCDPSession(page);
  const { entries } = (await cdp.send('Page.getNavigationHistory')) as { entries: { url: string }[] };
  await cdp.detach();
  assert.ok(entries.length >= 1);
  for (const entry of entries) assert.doesNotMatch(entry.url, /token=/, `history entry ${entry.url}`);
  // The server replaced the URL (a 303 to /), so no script ever saw the token or kept it.
  const kept = await page.evaluate<string>('JSON.stringify({ session: { ...sessionStorage }, local: { ...localStorage }, html: document.documentElement.outerHTML })');
  assert.ok(!kept.includes(token), 'the token is in no page storage and nowhere in the page');
});

test('the session cookie is HttpOnly, SameSite=Strict, for this browser session only, and not the token', async () => {
  assert.equal(await page.evaluate<string>('document.cookie'), '', 'page scripts cannot see the cookie');
  const cookies = await context.cookies(origin);
  assert.equal(cookies.length, 1, JSON.stringify(cookies));
  const cookie = cookies[0]!;
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.sameSite, 'Strict');
  assert.equal(cookie.path, '/');
  assert.equal(cookie.expires, -1, 'a session cookie: it dies with the browser session');
  assert.notEqual(cookie.value, token, 'the cookie holds a separate secret, not the printed token');
});

test('the page works with the cookie: reloads and API calls', async () => {
  await page.reload();
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  assert.equal(await apiFromPage(page, 'same-origin'), 200);
});

test('the API refuses calls without the cookie, even from the page itself', async () => {
  // Its own tab: the refused call's console error must not count against the page's clean console.
  const tab = await context.newPage();
  try {
    await tab.goto(origin);
    assert.equal(await apiFromPage(tab, 'omit'), 401);
  } finally {
    await tab.close();
  }
  const outside = await fetch(`${origin}/api/getStatus`, { method: 'POST', headers: { 'content-type': 'application/json', origin }, body: '{"args":[]}' });
  assert.equal(outside.status, 401);
  const withToken = await fetch(`${origin}/api/getStatus`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin, 'x-session-token': token, cookie: `ai_gateway_session=${token}` },
    body: '{"args":[]}',
  });
  assert.equal(withToken.status, 401, 'the printed token opens nothing but the first page load');
});

test('the same URL in a second browser is refused, naming the session token and the fix', async () => {
  const other = await browser.newContext();
  try {
    const otherPage = await other.newPage();
    const response = await otherPage.goto(backend.url);
    assert.ok(response && response.status() >= 400, `refused, got ${response?.status()}`);
    const text = await otherPage.locator('body').innerText();
    assert.match(text, /session token/);
    assert.match(text, /ai-gateway serve --ui/);
    assert.deepEqual(await other.cookies(origin), [], 'no cookie for the second browser');
    assert.equal(await apiFromPage(otherPage, 'same-origin'), 401);
  } finally {
    await other.close();
  }
});

test('the browser that used the URL may open it again', async () => {
  const again = await context.newPage();
  try {
    await again.goto(backend.url);
    await again.getByRole('heading', { level: 1 }).first().waitFor();
    assert.doesNotMatch(again.url(), /token/);
  } finally {
    await again.close();
  }
});

test('no CSP violations or page errors', () => {
  assert.deepEqual(problems, []);
});
