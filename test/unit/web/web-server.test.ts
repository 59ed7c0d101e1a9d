import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWebUi } from '../../../app/web/server.js';
import type { WebUi } from '../../../app/web/server.js';
import { CONTENT_SECURITY_POLICY, META_CONTENT_SECURITY_POLICY } from '../../../app/web/security-headers.js';
import { createFakeApi } from './fake-api.js';
import { SESSION_HEADER } from '../../../app/contract/web-session.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

// node:http rather than fetch: fetch refuses to set Host and other forbidden headers the tests need.
function send(port: number, path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: { host: `127.0.0.1:${port}`, ...options.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

let root: string;
let staticDir: string;
let ui: WebUi;
let token: string;
/** The session secret the first trade of the printed token answered. */
let secret: string;
const api = createFakeApi();
const internalErrors: string[] = [];

/** `POST /api/session` as the page makes it: JSON `{token}` with the page's Origin. */
function trade(port: number, candidate: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  return send(port, '/api/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: `http://127.0.0.1:${port}`, ...headers },
    body: JSON.stringify({ token: candidate }),
  });
}

/** Trades the printed URL's token once, as the page's script does, and returns the session secret. */
async function signIn(server: WebUi): Promise<string> {
  const answer = await trade(server.port, new URL(server.url).searchParams.get('token'));
  assert.equal(answer.status, 200, answer.body);
  assert.equal(answer.headers['set-cookie'], undefined, 'no cookie, ever');
  return (JSON.parse(answer.body) as { value: { session: string } }).value.session;
}

/** An API call as the page makes it: the session header, and the Origin of the Host it is sent to. */
function callApi(method: string, args: unknown[] = [], headers: Record<string, string> = {}): Promise<Answer> {
  const host = headers.host ?? `127.0.0.1:${ui.port}`;
  return send(ui.port, `/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [SESSION_HEADER]: secret, origin: `http://${host}`, ...headers },
    body: JSON.stringify({ args }),
  });
}

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'web-ui-test-'));
  staticDir = join(root, 'renderer');
  await mkdir(join(staticDir, 'assets'), { recursive: true });
  await writeFile(join(staticDir, 'index.html'), '<!doctype html><p>app</p>');
  await writeFile(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(staticDir, 'assets', 'app.css'), 'body{}');
  await writeFile(join(root, 'secret.txt'), 'outside');
  await symlink(join(root, 'secret.txt'), join(staticDir, 'link.txt'));
  ui = await startWebUi({ api, staticDir, onInternalError: (method) => internalErrors.push(method) });
  token = new URL(ui.url).searchParams.get('token') ?? '';
  secret = await signIn(ui);
});

after(async () => {
  await ui.close();
  await rm(root, { recursive: true, force: true });
});

test('the URL is loopback with a long random token', () => {
  const url = new URL(ui.url);
  assert.equal(url.hostname, '127.0.0.1');
  assert.equal(Number(url.port), ui.port);
  assert.ok(Buffer.from(token, 'base64url').length >= 32);
});

test('an API call with the session header answers an ApiReply with no-store and the security headers', async () => {
  const answer = await callApi('getStatus');
  assert.equal(answer.status, 200);
  const reply = JSON.parse(answer.body) as { ok: boolean; value: { version: string } };
  assert.equal(reply.ok, true);
  assert.equal(reply.value.version, '0.0.0-test');
  assert.equal(answer.headers['cache-control'], 'no-store');
  assert.equal(answer.headers['x-content-type-options'], 'nosniff');
  assert.equal(answer.headers['referrer-policy'], 'no-referrer');
  assert.equal(answer.headers['x-frame-options'], 'DENY');
  assert.equal(answer.headers['content-security-policy'], CONTENT_SECURITY_POLICY);
});

test('arguments reach the verb and void verbs answer null', async () => {
  const invalid = JSON.parse((await callApi('validateSettings', [{ gatewayUrl: 'http://x' }])).body);
  assert.deepEqual(invalid, { ok: true, value: [{ code: 'settings_invalid', message: 'Use https.', field: 'gatewayUrl' }] });
  const empty = JSON.parse((await callApi('regenerateLocalKey', ['codex'])).body);
  assert.deepEqual(empty, { ok: true, value: null });
});

test('API calls without the session header, with a wrong one, with the printed token or with the secret as a cookie get 401 and never reach the api', async () => {
  const before = api.calls.length;
  const origin = `http://127.0.0.1:${ui.port}`;
  const missing = await send(ui.port, '/api/getStatus', { method: 'POST', headers: { 'content-type': 'application/json', origin }, body: '{}' });
  assert.equal(missing.status, 401);
  assert.equal(JSON.parse(missing.body).error.code, 'unauthorized');
  assert.match(JSON.parse(missing.body).error.message, /^This page has no session\. Run `ai-gateway ui-link` in a terminal for a new link and open it here \(or restart `ai-gateway serve --ui`/);
  const wrong = await callApi('getStatus', [], { [SESSION_HEADER]: `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}` });
  assert.equal(wrong.status, 401);
  const printed = await callApi('getStatus', [], { [SESSION_HEADER]: token });
  assert.equal(printed.status, 401, 'the printed token is not the session secret');
  const twice = await callApi('getStatus', [], { [SESSION_HEADER]: [secret, secret] as unknown as string });
  assert.equal(twice.status, 401, 'a repeated header is no session');
  const asCookie = await send(ui.port, '/api/getStatus', {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin, cookie: `ai_gateway_session=${secret}`, authorization: `Bearer ${secret}` },
    body: '{}',
  });
  assert.equal(asCookie.status, 401, 'only the session header counts: not a cookie, not Authorization');
  assert.equal(api.calls.length, before);
});

test('an API call with the session header but without an Origin is refused', async () => {
  const before = api.calls.length;
  const answer = await send(ui.port, '/api/getStatus', { method: 'POST', headers: { 'content-type': 'application/json', [SESSION_HEADER]: secret }, body: '{"args":[]}' });
  assert.equal(answer.status, 403);
  assert.equal(JSON.parse(answer.body).error.code, 'forbidden_origin');
  assert.match(JSON.parse(answer.body).error.message, /no Origin/);
  assert.equal(api.calls.length, before);
});

test('a foreign Host (DNS rebinding) or another port is refused', async () => {
  for (const host of ['evil.example:' + ui.port, `127.0.0.1:${ui.port + 1}`, '127.0.0.1']) {
    const answer = await callApi('getStatus', [], { host });
    assert.equal(answer.status, 403, host);
    assert.equal(JSON.parse(answer.body).error.code, 'forbidden_host');
    const page = await send(ui.port, `/?token=${token}`, { headers: { host } });
    assert.equal(page.status, 403);
    const traded = await send(ui.port, '/api/session', { method: 'POST', headers: { host, origin: `http://${host}`, 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
    assert.equal(traded.status, 403, `trade via ${host}`);
  }
  for (const host of [`localhost:${ui.port}`, `[::1]:${ui.port}`]) {
    assert.equal((await callApi('getStatus', [], { host })).status, 200, host);
  }
});

test('an Origin other than our own is refused, our own is accepted', async () => {
  const foreign = await callApi('getStatus', [], { origin: 'http://evil.example' });
  assert.equal(foreign.status, 403);
  assert.equal(JSON.parse(foreign.body).error.code, 'forbidden_origin');
  assert.equal((await callApi('getStatus', [], { origin: `http://localhost:${ui.port}` })).status, 403, 'origin must match the Host used');
  assert.equal((await callApi('getStatus', [], { origin: 'null' })).status, 403);
  assert.equal((await callApi('getStatus', [], { 'sec-fetch-site': 'cross-site' })).status, 403);
  assert.equal((await callApi('getStatus', [], { origin: `http://127.0.0.1:${ui.port}`, 'sec-fetch-site': 'same-origin' })).status, 200);
});

test('unknown verbs, prototype names, wrong method, content type or body are refused', async () => {
  for (const name of ['nope', 'constructor', '__proto__', 'toString', 'hasOwnProperty']) {
    const answer = await callApi(name);
    assert.equal(answer.status, 404, name);
    assert.equal(JSON.parse(answer.body).error.code, 'not_found');
  }
  const get = await send(ui.port, '/api/getStatus', { headers: { [SESSION_HEADER]: secret } });
  assert.equal(get.status, 405);
  const form = await send(ui.port, '/api/getStatus', {
    method: 'POST',
    headers: { [SESSION_HEADER]: secret, origin: `http://127.0.0.1:${ui.port}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'args=1',
  });
  assert.equal(form.status, 415);
  const notJson = await send(ui.port, '/api/getStatus', { method: 'POST', headers: { [SESSION_HEADER]: secret, origin: `http://127.0.0.1:${ui.port}`, 'content-type': 'application/json' }, body: '{' });
  assert.equal(notJson.status, 400);
  const argsNotArray = await send(ui.port, '/api/getStatus', {
    method: 'POST',
    headers: { [SESSION_HEADER]: secret, origin: `http://127.0.0.1:${ui.port}`, 'content-type': 'application/json' },
    body: '{"args": {"0": 1}}',
  });
  assert.equal(argsNotArray.status, 400);
  const huge = await send(ui.port, '/api/validateSettings', {
    method: 'POST',
    headers: { [SESSION_HEADER]: secret, origin: `http://127.0.0.1:${ui.port}`, 'content-type': 'application/json' },
    body: JSON.stringify({ args: ['x'.repeat(300_000)] }),
  });
  assert.equal(huge.status, 413);
});

test('coded errors keep code, message and field; anything else becomes internal without its text', async () => {
  const coded = await callApi('saveSettings', [{}]);
  assert.equal(coded.status, 200);
  assert.deepEqual(JSON.parse(coded.body), {
    ok: false,
    error: { code: 'credentials_rejected', message: 'The token endpoint rejected the client ID or secret.', field: 'clientSecret' },
  });
  const uncoded = await callApi('refreshToken');
  assert.equal(uncoded.status, 500);
  const reply = JSON.parse(uncoded.body);
  assert.equal(reply.error.code, 'internal');
  assert.doesNotMatch(uncoded.body, /ECONNRESET|secret\/path|at /);
  assert.deepEqual(internalErrors, ['refreshToken']);
});

test('loading the printed URL (GET or HEAD) serves the page, sets no cookie and burns nothing; the trade works once', async () => {
  const fresh = await startWebUi({ api: createFakeApi(), staticDir });
  try {
    const once = new URL(fresh.url).searchParams.get('token') ?? '';
    for (const method of ['HEAD', 'GET', 'GET']) {
      const load = await send(fresh.port, `/?token=${once}`, { method });
      assert.equal(load.status, 200, `${method} of the printed URL serves the page`);
      assert.equal(load.headers['content-type'], 'text/html; charset=utf-8');
      assert.equal(load.headers['set-cookie'], undefined);
      assert.equal(load.headers['cache-control'], 'no-store');
      assert.equal(load.headers['referrer-policy'], 'no-referrer', 'the token never leaves in a Referer');
      assert.equal(load.headers['content-security-policy'], CONTENT_SECURITY_POLICY);
      assert.doesNotMatch(load.body, new RegExp(once), 'the page never echoes the token');
    }
    assert.equal((await send(fresh.port, '/')).status, 200, 'the page itself needs no session');

    const wrong = await trade(fresh.port, 'wrong');
    assert.equal(wrong.status, 401, 'a wrong token burns nothing');
    assert.match(JSON.parse(wrong.body).error.message, /not one this server printed/);
    assert.equal((await trade(fresh.port, once, { origin: 'http://127.0.0.1:1' })).status, 403, 'another origin cannot trade');
    assert.equal((await trade(fresh.port, once, { 'sec-fetch-site': 'same-site' })).status, 403, 'another port (same site) cannot trade');
    const noOrigin = await send(fresh.port, '/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: once }) });
    assert.equal(noOrigin.status, 403, 'a client without Origin cannot trade');
    assert.equal((await trade(fresh.port, 42)).status, 400);
    const form = await send(fresh.port, '/api/session', { method: 'POST', headers: { origin: `http://127.0.0.1:${fresh.port}`, 'content-type': 'text/plain' }, body: JSON.stringify({ token: once }) });
    assert.equal(form.status, 415, 'a form or text post (no preflight) cannot trade');

    const first = await trade(fresh.port, once);
    assert.equal(first.status, 200);
    assert.equal(first.headers['set-cookie'], undefined);
    assert.equal(first.headers['cache-control'], 'no-store');
    const granted = (JSON.parse(first.body) as { value: { session: string } }).value.session;
    assert.match(granted, /^[A-Za-z0-9_-]{43}$/);
    assert.notEqual(granted, once, 'the session is a separate secret');
    const call = { method: 'POST', headers: { 'content-type': 'application/json', origin: `http://127.0.0.1:${fresh.port}`, [SESSION_HEADER]: granted }, body: '{"args":[]}' };
    assert.equal((await send(fresh.port, '/api/getStatus', call)).status, 200);

    const again = await trade(fresh.port, once);
    assert.equal(again.status, 403, 'a second trade is refused');
    const error = JSON.parse(again.body).error as { code: string; message: string };
    assert.equal(error.code, 'unauthorized');
    assert.match(error.message, /session token was already used/);
    assert.match(error.message, /Run `ai-gateway ui-link` in a terminal for a new link and open it here \(or restart `ai-gateway serve --ui`, which also restarts the proxy\)/);
    assert.doesNotMatch(again.body, new RegExp(granted));
    const reopened = await trade(fresh.port, once, { [SESSION_HEADER]: granted });
    assert.equal(reopened.status, 200, 'the tab holding the secret may reopen the URL');
    assert.equal((JSON.parse(reopened.body) as { value: { session: string } }).value.session, granted);
    assert.equal((await trade(fresh.port, once, { [SESSION_HEADER]: 'x'.repeat(43) })).status, 403, 'a made-up secret is no proof');
  } finally {
    await fresh.close();
  }
});

test('the session texts name the command that printed the URL: demo --ui, or the spelling given', async () => {
  const demo = await startWebUi({ api: createFakeApi(), staticDir, demo: true });
  const spelled = await startWebUi({ api: createFakeApi(), staticDir, command: 'node /opt/aigw/bin/ai-gateway.cjs serve --ui', linkCommand: 'node /opt/aigw/bin/ai-gateway.cjs ui-link' });
  try {
    const once = new URL(demo.url).searchParams.get('token');
    assert.equal((await trade(demo.port, once)).status, 200);
    const used = JSON.parse((await trade(demo.port, once)).body).error.message as string;
    assert.match(used, /Run `ai-gateway ui-link --demo` .*restart `ai-gateway demo --ui`/);
    assert.doesNotMatch(used, /serve/);
    const none = await send(demo.port, '/api/getStatus', { method: 'POST', headers: { 'content-type': 'application/json', origin: `http://127.0.0.1:${demo.port}` }, body: '{}' });
    assert.match(JSON.parse(none.body).error.message, /no session\. Run `ai-gateway ui-link --demo` .*restart `ai-gateway demo --ui`/);
    const wrong = JSON.parse((await trade(spelled.port, 'x')).body).error.message as string;
    assert.match(wrong, /Run `node \/opt\/aigw\/bin\/ai-gateway\.cjs ui-link` .*restart `node \/opt\/aigw\/bin\/ai-gateway\.cjs serve --ui`/);
  } finally {
    await demo.close();
    await spelled.close();
  }
});

test('a new link (for `ui-link`) opens the same session once, after the printed URL was used; an expired one says so', async () => {
  let now = 1_700_000_000_000;
  const fresh = await startWebUi({ api: createFakeApi(), staticDir, now: () => now });
  try {
    const first = await signIn(fresh);
    assert.equal((await trade(fresh.port, new URL(fresh.url).searchParams.get('token'))).status, 403, 'the printed URL is used up');
    const link = fresh.newLink();
    assert.equal(new URL(link).origin, new URL(fresh.url).origin, 'the same window');
    const minted = new URL(link).searchParams.get('token');
    assert.notEqual(minted, new URL(fresh.url).searchParams.get('token'));
    const opened = await trade(fresh.port, minted);
    assert.equal(opened.status, 200, opened.body);
    assert.equal((JSON.parse(opened.body) as { value: { session: string } }).value.session, first, 'the per-run session');
    const again = await trade(fresh.port, minted);
    assert.equal(again.status, 403);
    assert.match(JSON.parse(again.body).error.message, /already used/);
    const late = new URL(fresh.newLink()).searchParams.get('token');
    now += 10 * 60_000;
    const expired = await trade(fresh.port, late);
    assert.equal(expired.status, 403);
    assert.match(JSON.parse(expired.body).error.message, /^This link expired: a link from `ai-gateway ui-link` works for 10 minutes.*Run `ai-gateway ui-link`/);
  } finally {
    await fresh.close();
  }
});

test('a second server run has a new URL token and session secret: the old secret opens nothing', async () => {
  const next = await startWebUi({ api: createFakeApi(), staticDir });
  try {
    assert.notEqual(new URL(next.url).searchParams.get('token'), token);
    const call = { method: 'POST', headers: { 'content-type': 'application/json', origin: `http://127.0.0.1:${next.port}`, [SESSION_HEADER]: secret }, body: '{"args":[]}' };
    assert.equal((await send(next.port, '/api/getStatus', call)).status, 401);
    assert.equal((await trade(next.port, token)).status, 401);
    const stale = await trade(next.port, new URL(next.url).searchParams.get('token'), { [SESSION_HEADER]: secret });
    assert.equal(stale.status, 200, 'a tab holding an earlier run\'s secret can still trade the new token');
    assert.notEqual((JSON.parse(stale.body) as { value: { session: string } }).value.session, secret);
  } finally {
    await next.close();
  }
});

test('static files need no session and get their content types; traversal and symlinks out are refused', async () => {
  const js = await send(ui.port, '/assets/app.js');
  assert.equal(js.status, 200);
  assert.equal(js.headers['content-type'], 'text/javascript; charset=utf-8');
  const css = await send(ui.port, '/assets/app.css');
  assert.equal(css.headers['content-type'], 'text/css; charset=utf-8');
  for (const path of ['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e%2f%2e%2e%2fsecret.txt', '/..%5csecret.txt', '/link.txt', '/assets', '/%00', '/%E0%A4%A']) {
    const answer = await send(ui.port, path);
    assert.equal(answer.status, 404, path);
    assert.doesNotMatch(answer.body, /outside/);
  }
  const post = await send(ui.port, '/', { method: 'POST' });
  assert.equal(post.status, 405);
});

test('the CSP header is the one in renderer/index.html plus frame-ancestors, and stays strict', async () => {
  const html = await readFile(new URL('../../../../renderer/index.html', import.meta.url), 'utf8');
  const meta = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html);
  assert.equal(meta?.[1], META_CONTENT_SECURITY_POLICY);
  assert.equal(CONTENT_SECURITY_POLICY, `${META_CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`);
  assert.doesNotMatch(CONTENT_SECURITY_POLICY, /unsafe-inline|unsafe-eval/);
});

test('demo mode marks the status as demo whatever the api says', async () => {
  const demo = await startWebUi({ api: createFakeApi(), staticDir, demo: true });
  try {
    const demoSecret = await signIn(demo);
    const answer = await send(demo.port, '/api/getStatus', {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SESSION_HEADER]: demoSecret, origin: `http://127.0.0.1:${demo.port}` },
      body: '{"args":[]}',
    });
    assert.equal(JSON.parse(answer.body).value.demo, true);
  } finally {
    await demo.close();
  }
});

test('a port in use is reported with its code', async () => {
  await assert.rejects(startWebUi({ api: createFakeApi(), staticDir, port: ui.port }), { code: 'port_in_use' });
});
