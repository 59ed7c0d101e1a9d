/**
 * The smaller hardening items: TRACE/TRACK refused, client headers a gateway could take as its load
 * balancer's (X-Forwarded-*, Forwarded, X-Real-IP, X-Amzn-Oidc-*) stripped, our JWT never handed back in
 * a response header by a gateway that reflects request headers, and the app data and agents folders
 * forced to 0700.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { chmod, mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { MemorySecretStore } from '../../app/core/config/secret-store.js';
import { Runtime } from '../../app/core/runtime.js';
import { CLIENT_ID, CLIENT_SECRET, RecordingTokenEndpoint, startStack, type Stack } from './helpers/stack.js';
import { messages, post, raw, statusOf } from './helpers/http.js';

let stack: Stack;
let key: string;

before(async () => {
  stack = await startStack();
  key = await stack.key();
});

after(async () => {
  await stack.close();
});

test('TRACE and TRACK are refused and never forwarded', async () => {
  const before = stack.gateway.requests.length;
  for (const method of ['TRACE', 'TRACK']) {
    const answer = await raw(stack.port, `${method} /anthropic/v1/messages HTTP/1.1\r\nHost: 127.0.0.1:${stack.port}\r\nx-api-key: ${key}\r\nConnection: close\r\n\r\n`);
    assert.ok([400, 405].includes(statusOf(answer.text)), `${method}: ${answer.text.slice(0, 200)}`);
  }
  assert.equal(stack.gateway.requests.length, before, 'nothing reached the gateway');
});

test('client X-Forwarded-*, Forwarded, X-Real-IP and X-Amzn-Oidc-* never reach the gateway', async () => {
  const claimed = {
    'x-forwarded-for': '10.0.0.1',
    'x-forwarded-host': 'admin.internal',
    'x-forwarded-proto': 'https',
    forwarded: 'for=10.0.0.1;proto=https',
    'x-real-ip': '10.0.0.1',
    'x-amzn-oidc-identity': 'ceo@example.com',
    'x-amzn-oidc-data': 'eyJhbGciOiJFUzI1NiJ9.e30.sig',
    'x-amzn-oidc-accesstoken': 'forged',
  };
  const answer = await post(stack.url, '/anthropic/v1/messages', key, messages(), claimed);
  assert.equal(answer.status, 200, answer.body);
  const seen = stack.gateway.requests.at(-1)!.headers;
  for (const name of Object.keys(claimed)) assert.equal(seen[name], undefined, `${name} was forwarded`);
});

let reflector: Server;
test.after(() => new Promise<void>((resolve) => (reflector ? reflector.close(() => resolve()) : resolve())));

test('a gateway that reflects request headers never hands our JWT to the agent', async () => {
  const tokenEndpoint = await new RecordingTokenEndpoint({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }).start();
  reflector = createServer((req, res) => {
    req.resume();
    // As a misconfigured gateway or debug proxy might: every request header echoed back.
    res.writeHead(200, { 'content-type': 'application/json', 'x-echo-authorization': req.headers.authorization ?? '', 'x-request-id': 'abc-123' });
    res.end('{"ok":true}');
  });
  await new Promise<void>((resolve) => reflector.listen(0, '127.0.0.1', resolve));
  const home = await mkdtemp(join(tmpdir(), 'aigw-reflect-'));
  const runtime = new Runtime({
    env: { AI_GATEWAY_HOME: home, GATEWAY_URL: `http://127.0.0.1:${(reflector.address() as AddressInfo).port}`, GATEWAY_CLIENT_ID: CLIENT_ID, GATEWAY_CLIENT_SECRET: CLIENT_SECRET, GATEWAY_TOKEN_ENDPOINT: tokenEndpoint.url },
    dataDir: home,
    portOverride: 0,
    secureSecretStore: new MemorySecretStore(),
  });
  try {
    await runtime.start();
    const answer = await post(runtime.proxyUrl, '/openai/v1/chat/completions', await runtime.keys.keyFor('test'), { model: 'gpt-4.1', messages: [] });
    assert.equal(answer.status, 200);
    assert.equal(answer.headers['x-request-id'], 'abc-123', 'other headers pass');
    for (const jwt of tokenEndpoint.signed) assert.ok(!JSON.stringify(answer.headers).includes(jwt), 'the JWT reached the agent');
    assert.equal(answer.headers['x-echo-authorization'], undefined);
  } finally {
    await runtime.stop();
    await tokenEndpoint.close();
    await rm(home, { recursive: true, force: true });
  }
});

test('an existing app data folder and agents/ folder are forced to 0700', async () => {
  if (process.platform === 'win32') return;
  const home = await mkdtemp(join(tmpdir(), 'aigw-modes-'));
  await mkdir(join(home, 'agents'));
  await chmod(home, 0o755);
  await chmod(join(home, 'agents'), 0o775);
  const runtime = new Runtime({ env: { AI_GATEWAY_HOME: home }, dataDir: home, secureSecretStore: new MemorySecretStore() });
  try {
    await runtime.load();
    assert.equal((await stat(home)).mode & 0o777, 0o700);
    assert.equal((await stat(join(home, 'agents'))).mode & 0o777, 0o700);
  } finally {
    await runtime.stop();
    await rm(home, { recursive: true, force: true });
  }
});

test('a flood of requests with wrong or no keys makes one activity row and one log line, not one each', async () => {
  const before = (await stack.runtime.activity.list()).length;
  const wrong = 'agw-local-' + 'B'.repeat(43);
  await Promise.all(Array.from({ length: 100 }, (_, i) => post(stack.url, '/anthropic/v1/messages', i % 2 ? wrong : '', messages())));
  const rows = (await stack.runtime.activity.list()).slice(0, (await stack.runtime.activity.list()).length - before);
  const refused = rows.filter((r) => r.error === 'local_key_invalid' || r.error === 'local_key_missing');
  assert.ok(refused.length <= 1, `${refused.length} rows for 100 refused requests`);
  // A real request is still listed.
  const ok = await post(stack.url, '/anthropic/v1/messages', key, messages());
  assert.equal(ok.status, 200);
  assert.ok((await stack.runtime.activity.list()).some((r) => r.status === 200 && r.agent === 'test'));
});
