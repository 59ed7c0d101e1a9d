/**
 * The CLI sees a running demo (status, token, test, run --demo, doctor --demo) through its proven record,
 * and children of `ai-gateway run` get the proxy URLs and a local key but no GATEWAY_* value.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../helpers/stack.js';
import { CLIENT_SECRET } from './helpers/stack.js';
import { runCli, startCli, type CliProcess } from './helpers/cli.js';

let home: string;
let env: Record<string, string>;
let demo: CliProcess;
let port: number;

before(async () => {
  home = await mkdtemp(join(tmpdir(), 'aigw-demo-cli-'));
  env = { PATH: process.env.PATH ?? '', HOME: home, AI_GATEWAY_HOME: home };
  port = await freePort();
  demo = startCli(['demo', '--port', String(port)], env);
  await demo.waitFor(/listening on/, 20_000);
});

after(async () => {
  await demo.stop();
  await rm(home, { recursive: true, force: true });
});

test('status, token and test see the running demo although the real app is not set up', async () => {
  const status = JSON.parse((await runCli(['status', '--json'], env)).stdout) as { proxy: { running: boolean }; demoProxy: { running: boolean; url: string } };
  assert.equal(status.proxy.running, false);
  assert.deepEqual([status.demoProxy.running, status.demoProxy.url], [true, `http://127.0.0.1:${port}`]);
  const token = await runCli(['token'], env);
  assert.equal(token.code, 0, token.stderr);
  assert.match(token.stdout.trim(), /^eyJ/);
  assert.match(token.stderr, /running demo/);
  const tested = await runCli(['test', '--demo', 'openai'], env);
  assert.equal(tested.code, 0, tested.stdout + tested.stderr);
});

test('run --demo points the child at the demo port; doctor --demo has no fix pointing at a dead port', async () => {
  const run = await runCli(['run', '--demo', '--', process.execPath, '-e', 'console.log(process.env.AI_GATEWAY_PROXY_URL)'], env);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout.trim(), `http://127.0.0.1:${port}`);
  const doctor = await runCli(['doctor', '--demo'], env);
  assert.doesNotMatch(doctor.stdout + doctor.stderr, /unknown option|not configured/i);
});

test('children of run get no GATEWAY_* values, only the proxy URLs and a local key', async () => {
  const withSecrets = { ...env, GATEWAY_CLIENT_SECRET: CLIENT_SECRET, GATEWAY_CLIENT_ID: 'id', GATEWAY_URL: 'https://gw.example.com', GATEWAY_TOKEN_ENDPOINT: 'https://auth.example.com/t', GATEWAY_SCOPE: 's' };
  const run = await runCli(['run', '--demo', '--', process.execPath, '-e', 'console.log(JSON.stringify(process.env))'], withSecrets);
  assert.equal(run.code, 0, run.stderr);
  const seen = JSON.parse(run.stdout) as Record<string, string>;
  assert.deepEqual(Object.keys(seen).filter((k) => k.startsWith('GATEWAY_')), []);
  assert.ok(!run.stdout.includes(CLIENT_SECRET));
  assert.match(seen.OPENAI_API_KEY ?? '', /^agw-local-/);
});
