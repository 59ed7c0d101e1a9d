/**
 * Every CLI command, and its failures, run with a known client secret, JWTs and local keys: none of them
 * appears in any output, log file or error. The one exception is `ai-gateway token`'s stdout (its job) and
 * `ai-gateway env`'s stdout for the env key (its job).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GatewayDouble } from '../../app/core/demo/gateway-double.js';
import { CLIENT_ID, CLIENT_SECRET, RecordingTokenEndpoint } from './helpers/stack.js';
import { runCli, startCli, type CliRun } from './helpers/cli.js';
import { call } from './helpers/http.js';
import { assertNoLeaks } from './helpers/leaks.js';

let home: string;
let tokenEndpoint: RecordingTokenEndpoint;
let gateway: GatewayDouble;
let env: Record<string, string>;
let port: number;
const runs: CliRun[] = [];
/** Texts where one secret is allowed: [run, secret kind]. */
const allowed = new Map<CliRun, 'jwt' | 'env-key'>();

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const p = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return p;
}

async function cli(args: string[], extraEnv: Record<string, string> = {}): Promise<CliRun> {
  const run = await runCli(args, { ...env, ...extraEnv });
  runs.push(run);
  return run;
}

before(async () => {
  home = await mkdtemp(join(tmpdir(), 'aigw-hard-cli-'));
  tokenEndpoint = await new RecordingTokenEndpoint({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }).start();
  gateway = await new GatewayDouble({ jwks: tokenEndpoint.jwks, issuer: tokenEndpoint.issuer }).start();
  port = await freePort();
  // The port setting, so status and token find the running serve.
  await writeFile(join(home, 'settings.json'), JSON.stringify({ port }) + '\n');
  env = {
    PATH: process.env.PATH ?? '',
    HOME: home,
    AI_GATEWAY_HOME: home,
    GATEWAY_URL: gateway.url,
    GATEWAY_CLIENT_ID: CLIENT_ID,
    GATEWAY_CLIENT_SECRET: CLIENT_SECRET,
    GATEWAY_TOKEN_ENDPOINT: tokenEndpoint.url,
  };
});

after(async () => {
  const keys = Object.values(JSON.parse(await readFile(join(home, 'local-keys.json'), 'utf8').catch(() => '{}')) as Record<string, string>);
  const envKey = (JSON.parse(await readFile(join(home, 'local-keys.json'), 'utf8').catch(() => '{}')) as Record<string, string>).env;
  const logs = await readdir(join(home, 'logs')).catch(() => [] as string[]);
  const logTexts = await Promise.all(logs.map(async (n) => ({ where: `log file ${n}`, text: await readFile(join(home, 'logs', n), 'utf8') })));
  assert.ok(logTexts.some((l) => l.text.includes('token refreshed')), 'the commands wrote a log');
  const jwts = tokenEndpoint.signed.map((value, i) => ({ name: `JWT #${i + 1}`, value }));
  const others = [{ name: 'client secret', value: CLIENT_SECRET }, ...keys.map((value, i) => ({ name: `local key #${i + 1}`, value }))];
  for (const run of runs) {
    const name = `ai-gateway ${run.args.join(' ')}`;
    const exempt = allowed.get(run);
    assertNoLeaks({ secrets: exempt === 'jwt' ? others : jwts.concat(others), texts: [{ where: `${name} stderr`, text: run.stderr }] });
    assertNoLeaks({
      secrets: exempt === 'jwt' ? others : exempt === 'env-key' ? jwts.concat(others.filter((s) => s.value !== envKey)) : jwts.concat(others),
      texts: [{ where: `${name} stdout`, text: run.stdout }],
    });
  }
  assertNoLeaks({ secrets: jwts.concat(others), texts: logTexts });
  await gateway.close();
  await tokenEndpoint.close();
  await rm(home, { recursive: true, force: true });
});

test('login, token, status, env, test and logs succeed without printing a secret (token prints exactly the JWT)', async () => {
  const login = await cli(['login']);
  assert.equal(login.code, 0, login.stderr);
  assert.match(login.stdout, /Logged in: token valid for/);
  const loginJson = await cli(['login', '--json']);
  assert.equal((JSON.parse(loginJson.stdout) as { ok: boolean }).ok, true);

  const token = await cli(['token']);
  assert.equal(token.code, 0, token.stderr);
  allowed.set(token, 'jwt');
  assert.ok(tokenEndpoint.signed.includes(token.stdout.trim()), 'token prints a JWT the endpoint signed');

  const status = await cli(['status', '--json']);
  assert.equal(status.code, 0);
  assert.equal((JSON.parse(status.stdout) as { configured: boolean }).configured, true);
  assert.equal((await cli(['status'])).code, 0);

  const envRun = await cli(['env']);
  assert.equal(envRun.code, 0);
  allowed.set(envRun, 'env-key');
  assert.match(envRun.stdout, /export OPENAI_API_KEY='agw-local-/);

  const probe = await cli(['test', '--json']);
  assert.equal(probe.code, 0, probe.stdout + probe.stderr);
  assert.ok((JSON.parse(probe.stdout) as { ok: boolean }[]).every((r) => r.ok));
  assert.equal((await cli(['logs'])).code, 0);
});

test('serve: proxies with the env key, status sees it, token comes from it, SIGTERM stops it cleanly', async () => {
  const serve = startCli(['serve', '--json'], env);
  try {
    const [line] = await serve.waitFor(/\{"proxy":"[^"]+".*\}/);
    const url = (JSON.parse(line) as { proxy: string }).proxy;
    assert.equal(url, `http://127.0.0.1:${port}`);
    const key = (JSON.parse(await readFile(join(home, 'local-keys.json'), 'utf8')) as Record<string, string>).env!;
    const ok = await call(url, '/openai/v1/chat/completions', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'hi' }] }) });
    assert.equal(ok.status, 200, ok.body);
    const bad = await call(url, '/openai/v1/chat/completions', { method: 'POST', headers: { authorization: `Bearer ${key.slice(0, -2)}xx` }, body: '{}' });
    assert.equal(bad.status, 401);
    gateway.setFault('openai', { kind: 'status', status: 500 }, 1);
    assert.equal((await call(url, '/openai/v1/chat/completions', { method: 'POST', headers: { 'x-api-key': key }, body: '{"model":"m"}' })).status, 500);
    const status = await cli(['status', '--json']);
    assert.equal((JSON.parse(status.stdout) as { proxy: { running: boolean } }).proxy.running, true);
    const before = tokenEndpoint.issued;
    const token = await cli(['token']);
    allowed.set(token, 'jwt');
    assert.equal(token.code, 0);
    assert.equal(tokenEndpoint.issued, before, 'the running proxy\'s cached token, no new grant');
  } finally {
    const run = await serve.stop('SIGTERM');
    runs.push(run);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /Stopping/);
  }
});

test('failures name the cause and the fix, and print no secret', async () => {
  tokenEndpoint.setFault({ kind: 'invalid_client' });
  try {
    const login = await cli(['login']);
    assert.equal(login.code, 1);
    assert.match(login.stderr, /rejected the client credentials.*GATEWAY_CLIENT_ID and GATEWAY_CLIENT_SECRET/);
    const token = await cli(['token']);
    assert.notEqual(token.code, 0);
    assert.equal(token.stdout, '', 'no token on stdout when none was issued');
    assert.match(token.stderr, /GATEWAY_CLIENT_SECRET/);
    const probe = await cli(['test', 'anthropic', '--json']);
    assert.equal(probe.code, 1);
    assert.equal((JSON.parse(probe.stdout) as { diagnosis: string }[])[0]!.diagnosis, 'credentials_rejected');
  } finally {
    tokenEndpoint.setFault(null);
  }
  tokenEndpoint.setFault({ kind: 'status', status: 503 });
  try {
    const login = await cli(['login']);
    assert.equal(login.code, 1);
    assert.match(login.stderr, /token endpoint answered HTTP 503/);
  } finally {
    tokenEndpoint.setFault(null);
  }
  const badUrl = await cli(['login'], { GATEWAY_URL: `${gateway.url}/v1` });
  assert.equal(badUrl.code, 2);
  assert.match(badUrl.stderr, /\/v1/);
  const down = await cli(['login'], { GATEWAY_TOKEN_ENDPOINT: `http://127.0.0.1:${await freePort()}/oauth2/token` });
  assert.equal(down.code, 1);
  assert.match(down.stderr, /Cannot reach the token endpoint/);
  const gatewayDown = await cli(['test', 'openai'], { GATEWAY_URL: `http://127.0.0.1:${await freePort()}` });
  assert.equal(gatewayDown.code, 1);
  assert.match(gatewayDown.stdout, /Fix: Check GATEWAY_URL/);
  const unconfigured = await cli(['serve'], { GATEWAY_CLIENT_SECRET: '', GATEWAY_URL: '' });
  assert.equal(unconfigured.code, 2);
  assert.match(unconfigured.stderr, /not configured/);
  const usage = await cli(['serve', '--port', 'abc']);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /--port must be a whole number/);
});
