/**
 * Another local user sits on the proxy's port. The CLI must send its local key only to a proxy that
 * proved it is this user's own (the challenge over the 0600 record), refuse loudly otherwise, and the
 * proxy must name who holds its port. Every command uses the port the running proxy really bound.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GatewayDouble } from '../../app/core/demo/gateway-double.js';
import { freePort } from '../helpers/stack.js';
import { CLIENT_ID, CLIENT_SECRET, RecordingTokenEndpoint, waitFor } from './helpers/stack.js';
import { runCli, startCli } from './helpers/cli.js';
import { canSwitchUser, startSquatter } from './helpers/squatter.js';

let home: string;
let tokenEndpoint: RecordingTokenEndpoint;
let gateway: GatewayDouble;
let env: Record<string, string>;
let settingsPort: number;

before(async () => {
  home = await mkdtemp(join(tmpdir(), 'aigw-squat-'));
  tokenEndpoint = await new RecordingTokenEndpoint({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }).start();
  gateway = await new GatewayDouble({ jwks: tokenEndpoint.jwks, issuer: tokenEndpoint.issuer }).start();
  settingsPort = await freePort();
  await writeFile(join(home, 'settings.json'), JSON.stringify({ port: settingsPort }) + '\n');
  env = { PATH: process.env.PATH ?? '', HOME: home, AI_GATEWAY_HOME: home, GATEWAY_URL: gateway.url, GATEWAY_CLIENT_ID: CLIENT_ID, GATEWAY_CLIENT_SECRET: CLIENT_SECRET, GATEWAY_TOKEN_ENDPOINT: tokenEndpoint.url };
});

after(async () => {
  await gateway.close();
  await tokenEndpoint.close();
  await rm(home, { recursive: true, force: true });
});

const sawLocalKey = (requests: { headers: Record<string, string> }[]) => requests.some((r) => JSON.stringify(r.headers).includes('agw-local-'));
const who = canSwitchUser() ? /another user, nobody \(uid 65534\)/ : /a program/;

test('token never sends the local key to a squatter on the configured port when no proxy of ours runs', async () => {
  const squatter = await startSquatter(settingsPort);
  try {
    const run = await runCli(['token'], env);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(!sawLocalKey(squatter.requests()), 'the squatter got a local key');
    assert.ok(!run.stdout.includes('STOLEN'), 'printed the squatter\'s token');
    assert.ok(tokenEndpoint.signed.includes(run.stdout.trim()), 'a token of the real token endpoint');
  } finally {
    await squatter.stop();
  }
});

test('after our proxy dies, a squatter on its port is refused loudly: no key sent, who holds it named', async () => {
  const port = await freePort();
  const serve = startCli(['serve', '--port', String(port)], env);
  await serve.waitFor(/listening on/);
  const record = join(home, 'running-proxy.json');
  assert.equal((await stat(record)).mode & 0o777, 0o600);
  assert.equal((JSON.parse(await readFile(record, 'utf8')) as { port: number }).port, port);
  await serve.stop('SIGKILL'); // leaves its record behind, as a crash or a kill -9 does
  const squatter = await startSquatter(port);
  try {
    for (const args of [['token'], ['env'], ['test', 'openai'], ['doctor']]) {
      const run = await runCli(args, env);
      assert.equal(run.code, 1, `${args.join(' ')}: ${run.stdout} ${run.stderr}`);
      assert.match(run.stderr, /is not your ai-gateway proxy/, args.join(' '));
      assert.match(run.stderr, who, args.join(' '));
      assert.ok(!run.stdout.includes('STOLEN'));
    }
    const status = await runCli(['status', '--json'], env);
    const facts = JSON.parse(status.stdout) as { proxy: { running: boolean; problem: string | null } };
    assert.equal(facts.proxy.running, false);
    assert.match(facts.proxy.problem ?? '', /is not your ai-gateway proxy/);
    assert.ok(!sawLocalKey(squatter.requests()), 'the squatter got a local key');
  } finally {
    await squatter.stop();
  }
});

test('serve names the other user holding its port', async () => {
  const port = await freePort();
  const squatter = await startSquatter(port);
  try {
    const run = await runCli(['serve', '--port', String(port)], env);
    assert.notEqual(run.code, 0);
    assert.match(run.stderr, new RegExp(`Port ${port} on 127.0.0.1 is already in use by `));
    assert.match(run.stderr, who);
  } finally {
    await squatter.stop();
  }
});

test('with serve --port N running, token, status, env and run use N (not the setting) after the proof', async () => {
  const port = await freePort();
  const issued = tokenEndpoint.signed.length;
  const serve = startCli(['serve', '--port', String(port)], env);
  try {
    await serve.waitFor(/listening on/);
    await waitFor(() => tokenEndpoint.signed.length > issued, 10_000, 'serve\'s first token');
    const before = tokenEndpoint.signed.length;
    const token = await runCli(['token'], env);
    assert.equal(token.code, 0, token.stderr);
    assert.ok(tokenEndpoint.signed.includes(token.stdout.trim()));
    const status = JSON.parse((await runCli(['status', '--json'], env)).stdout) as { proxy: { url: string; running: boolean } };
    assert.deepEqual([status.proxy.url, status.proxy.running], [`http://127.0.0.1:${port}`, true]);
    const envRun = await runCli(['env'], env);
    assert.match(envRun.stdout, new RegExp(`OPENAI_BASE_URL='http://127.0.0.1:${port}/openai/v1'`));
    const child = await runCli(['run', '--', process.execPath, '-e', 'console.log(JSON.stringify(process.env))'], env);
    const seen = JSON.parse(child.stdout) as Record<string, string>;
    assert.equal(seen.AI_GATEWAY_PROXY_URL, `http://127.0.0.1:${port}`);
    const test_ = await runCli(['test', 'openai', '--json'], env);
    assert.equal(test_.code, 0, test_.stdout + test_.stderr);
    assert.equal(tokenEndpoint.signed.length, before, 'token and test used the running proxy\'s token, no new grant');
  } finally {
    await serve.stop();
  }
  // A clean stop removes the record: commands then say that no proxy runs.
  await assert.rejects(stat(join(home, 'running-proxy.json')));
  const envRun = await runCli(['env'], env);
  assert.match(envRun.stderr, /No ai-gateway proxy is running/);
});
