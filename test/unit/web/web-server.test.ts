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
/** The `name=value` pair of the session cookie the first load of the URL set. */
let cookie: string;
const api = createFakeApi();
const internalErrors: string[] = [];

/** Loads the printed URL once, as a browser would, and returns the session cookie's `name=value`. */
async function signIn(server: WebUi): Promise<string> {
  const first = await send(server.port, new URL(server.url).pathname + new URL(server.url).search);
  assert.equal(first.status, 303, first.body);
  return String(first.headers['set-cookie']).split(';')[0] ?? '';
}

/** An API call as the page makes it: the cookie, and the Origin of the Host it is sent to. */
function callApi(method: string, args: unknown[] = [], headers: Record<string, string> = {}): Promise<Answer> {
  const host = headers.host ?? `127.0.0.1:${ui.port}`;
  return send(ui.port, `/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, origin: `http://${host}`, ...headers },
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
  cookie = await signIn(ui);
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

test('an API call with the session cookie answers an ApiReply with no-store and the security headers', async () => {
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

test('API calls without the session cookie, with a wrong one, or with the printed token get 401 and never reach the api', async () => {
  const before = api.calls.length;
  const origin = `http://127.0.0.1:${ui.port}`;
  const missing = await send(ui.port, '/api/getStatus', { method: 'POST', headers: { 'content-type': 'application/json', origin }, body: '{}' });
  assert.equal(missing.status, 401);
  assert.equal(JSON.parse(missing.body).error.code, 'unauthorized');
  assert.match(JSON.parse(missing.body).error.message, /ai-gateway serve --ui/);
  const value = cookie.split('=')[1] ?? '';
  const wrong = await callApi('getStatus', [], { cookie: `ai_gateway_session=${value.slice(0, -1)}${value.endsWith('A') ? 'B' : 'A'}` });
  assert.equal(wrong.status, 401);
  const printedAsCookie = await callApi('getStatus', [], { cookie: `ai_gateway_session=${token}` });
  assert.equal(printedAsCookie.status, 401, 'the printed token is not the session secret');
  const printedAsHeader = await send(ui.port, '/api/getStatus', { method: 'POST', headers: { 'content-type': 'application/json', origin, 'x-session-token': token }, body: '{}' });
  assert.equal(printedAsHeader.status, 401, 'no token header is accepted any more');
  assert.equal(api.calls.length, before);
});

test('an API call with the cookie but without an Origin is refused', async () => {
  const before = api.calls.length;
  const answer = await send(ui.port, '/api/getStatus', { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: '{"args":[]}' });
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
    assert.equal(page.headers['set-cookie'], undefined);
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
  const get = await send(ui.port, '/api/getStatus', { headers: { cookie } });
  assert.equal(get.status, 405);
  const form = await send(ui.port, '/api/getStatus', {
    method: 'POST',
    headers: { cookie, origin: `http://127.0.0.1:${ui.port}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'args=1',
  });
  assert.equal(form.status, 415);
  const notJson = await send(ui.port, '/api/getStatus', { method: 'POST', headers: { cookie, origin: `http://127.0.0.1:${ui.port}`, 'content-type': 'application/json' }, body: '{' });
  assert.equal(notJson.status, 400);
  const argsNotArray = await send(ui.port, '/api/getStatus', {
    method: 'POST',
    headers: { cookie, origin: `http://127.0.0.1:${ui.port}`, 'content-type': 'application/json' },
    body: '{"args": {"0": 1}}',
  });
  assert.equal(argsNotArray.status, 400);
  const huge = await send(ui.port, '/api/validateSettings', {
    method: 'POST',
    headers: { cookie, origin: `http://127.0.0.1:${ui.port}`, 'content-type': 'application/json' },
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

test('the printed URL works once: a 303 to / with an HttpOnly SameSite=Strict session cookie, then refused', async () => {
  const fresh = await startWebUi({ api: createFakeApi(), staticDir });
  try {
    const printed = new URL(fresh.url);
    const once = printed.searchParams.get('token') ?? '';
    assert.equal((await send(fresh.port, '/')).status, 401);
    assert.equal((await send(fresh.port, '/?token=wrong')).status, 401, 'a wrong token burns nothing');
    const first = await send(fresh.port, `/?token=${once}`);
    assert.equal(first.status, 303);
    assert.equal(first.headers.location, '/', 'the token URL is replaced by the page itself');
    assert.equal(first.headers['cache-control'], 'no-store');
    assert.equal(first.headers['referrer-policy'], 'no-referrer');
    assert.equal(first.headers['content-security-policy'], CONTENT_SECURITY_POLICY);
    const setCookie = String(first.headers['set-cookie']);
    assert.match(setCookie, /^ai_gateway_session=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Strict; Path=\/$/, 'no Expires, Max-Age or Secure (plain http on loopback)');
    const pair = setCookie.split(';')[0] ?? '';
    assert.notEqual(pair.split('=')[1], once, 'the cookie holds a separate secret');
    const page = await send(fresh.port, '/', { headers: { cookie: pair } });
    assert.equal(page.status, 200);
    assert.equal(page.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal((await send(fresh.port, '/', { headers: { cookie: 'ai_gateway_session=wrong' } })).status, 401);
    assert.equal((await send(fresh.port, '/', { headers: { cookie: `ai_gateway_session=${once}` } })).status, 401, 'the printed token is no cookie');

    const again = await send(fresh.port, `/?token=${once}`);
    assert.equal(again.status, 403, 'a second use without the session is refused');
    assert.equal(again.headers['set-cookie'], undefined);
    assert.match(again.body, /session token/);
    assert.match(again.body, /restart <code>ai-gateway serve --ui<\/code>/);
    assert.match(again.body, /browser that already used it/);
    const sameBrowser = await send(fresh.port, `/?token=${once}`, { headers: { cookie: pair } });
    assert.equal(sameBrowser.status, 303, 'the browser that used it may open it again');
    assert.equal(sameBrowser.headers['set-cookie'], undefined);
    assert.equal((await send(fresh.port, '/?token=wrong', { headers: { cookie: pair } })).status, 303);
  } finally {
    await fresh.close();
  }
});

test('a second server run has a new URL token and session secret: the old cookie opens nothing', async () => {
  const next = await startWebUi({ api: createFakeApi(), staticDir });
  try {
    assert.notEqual(new URL(next.url).searchParams.get('token'), token);
    assert.equal((await send(next.port, '/', { headers: { cookie } })).status, 401);
    assert.equal((await send(next.port, `/?token=${token}`)).status, 401);
  } finally {
    await next.close();
  }
});

test('static files get their content types; traversal and symlinks out are refused', async () => {
  const js = await send(ui.port, '/assets/app.js', { headers: { cookie } });
  assert.equal(js.status, 200);
  assert.equal(js.headers['content-type'], 'text/javascript; charset=utf-8');
  const css = await send(ui.port, '/assets/app.css', { headers: { cookie } });
  assert.equal(css.headers['content-type'], 'text/css; charset=utf-8');
  for (const path of ['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e%2f%2e%2e%2fsecret.txt', '/..%5csecret.txt', '/link.txt', '/assets', '/%00', '/%E0%A4%A']) {
    const answer = await send(ui.port, path, { headers: { cookie } });
    assert.equal(answer.status, 404, path);
    assert.doesNotMatch(answer.body, /outside/);
  }
  const post = await send(ui.port, '/', { method: 'POST', headers: { cookie } });
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
    const demoCookie = await signIn(demo);
    const answer = await send(demo.port, '/api/getStatus', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: demoCookie, origin: `http://127.0.0.1:${demo.port}` },
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
