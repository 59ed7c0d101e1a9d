/**
 * The running-proxy record, from the last review: it is checked through the descriptor it is read from
 * (with its folder), a second `serve` leaves a live proxy's record alone, a demo's record is never taken
 * for the real proxy, and a busy proxy of ours is not called someone else's. Real `serve` processes.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GatewayDouble } from '../../app/core/demo/gateway-double.js';
import { MemorySecretStore } from '../../app/core/config/secret-store.js';
import { MemorySettingsStore } from '../../app/core/config/settings-store.js';
import { startDemoGateway } from '../../app/core/demo/demo-gateway.js';
import { Runtime } from '../../app/core/runtime.js';
import { freePort } from '../helpers/stack.js';
import { CLIENT_ID, CLIENT_SECRET, RecordingTokenEndpoint } from './helpers/stack.js';
import { runCli, startCli } from './helpers/cli.js';

let tokenEndpoint: RecordingTokenEndpoint;
let gateway: GatewayDouble;

before(async () => {
  tokenEndpoint = await new RecordingTokenEndpoint({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }).start();
  gateway = await new GatewayDouble({ jwks: tokenEndpoint.jwks, issuer: tokenEndpoint.issuer }).start();
});

after(async () => {
  await gateway.close();
  await tokenEndpoint.close();
});

/** A fresh 0700 app data folder and the environment of a configured user. */
async function configuredHome(prefix: string): Promise<{ home: string; env: Record<string, string> }> {
  const home = await mkdtemp(join(tmpdir(), prefix));
  await writeFile(join(home, 'settings.json'), JSON.stringify({ port: await freePort() }) + '\n');
  const env = { PATH: process.env.PATH ?? '', HOME: home, AI_GATEWAY_HOME: home, GATEWAY_URL: gateway.url, GATEWAY_CLIENT_ID: CLIENT_ID, GATEWAY_CLIENT_SECRET: CLIENT_SECRET, GATEWAY_TOKEN_ENDPOINT: tokenEndpoint.url };
  return { home, env };
}

const recordOf = async (home: string) => JSON.parse(await readFile(join(home, 'running-proxy.json'), 'utf8')) as { port: number; pid: number };

test('a second serve refuses while the first runs, and leaves its record alone', async () => {
  const { home, env } = await configuredHome('aigw-record-two-');
  const first = startCli(['serve', '--port', String(await freePort())], env);
  try {
    await first.waitFor(/listening on/);
    const before = await recordOf(home);
    const secondPort = await freePort();
    const second = startCli(['serve', '--port', String(secondPort)], env);
    const outcome = await Promise.race([
      second.waitFor(/listening on/, 15_000).then(() => 'listening'),
      new Promise<string>((resolve) => second.child.once('exit', () => resolve('exited'))),
    ]).catch(() => 'exited');
    const run = await second.stop();
    assert.equal(outcome, 'exited', `the second serve started: ${run.stdout}`);
    assert.notEqual(run.code, 0);
    assert.match(run.stderr, new RegExp(`Another ai-gateway proxy already runs for this app data folder: pid ${before.pid}, port ${before.port}`));
    assert.deepEqual(await recordOf(home), before, 'the first proxy\'s record is untouched');
    const token = await runCli(['token'], env);
    assert.equal(token.code, 0, token.stderr);
    assert.ok(tokenEndpoint.signed.includes(token.stdout.trim()));
  } finally {
    await first.stop();
    await rm(home, { recursive: true, force: true });
  }
});

test('a record left by a proxy that is gone is replaced by the next serve', async () => {
  const { home, env } = await configuredHome('aigw-record-stale-');
  try {
    const killed = startCli(['serve', '--port', String(await freePort())], env);
    await killed.waitFor(/listening on/);
    await killed.stop('SIGKILL');
    const port = await freePort();
    const next = startCli(['serve', '--port', String(port)], env);
    try {
      await next.waitFor(/listening on/);
      assert.equal((await recordOf(home)).port, port);
    } finally {
      await next.stop();
    }
  } finally {
    await rm(home, { recursive: true, force: true });
  }
});

test('a record in a folder other users may write, or a symlinked record, is not trusted', async () => {
  const { home, env } = await configuredHome('aigw-record-perm-');
  const serve = startCli(['serve', '--port', String(await freePort())], env);
  try {
    await serve.waitFor(/listening on/);
    await chmod(home, 0o777);
    const loose = await runCli(['token'], env);
    assert.equal(loose.code, 1, loose.stdout + loose.stderr);
    assert.match(loose.stderr, /cannot be trusted: .* is writable by other users \(mode 777\); run chmod 700/);
    await chmod(home, 0o700);
    // The record swapped for a symlink to a copy: same owner and mode behind it, but not the file a proxy wrote.
    const record = join(home, 'running-proxy.json');
    await mkdir(join(home, 'elsewhere'), { mode: 0o700 });
    await rename(record, join(home, 'elsewhere', 'record.json'));
    await symlink(join(home, 'elsewhere', 'record.json'), record);
    const linked = await runCli(['token'], env);
    assert.equal(linked.code, 1, linked.stdout + linked.stderr);
    assert.match(linked.stderr, /is a symbolic link/);
    await rm(record);
    await rename(join(home, 'elsewhere', 'record.json'), record);
    const fine = await runCli(['token'], env);
    assert.equal(fine.code, 0, fine.stderr);
  } finally {
    await serve.stop();
    await chmod(home, 0o700).catch(() => undefined);
    await rm(home, { recursive: true, force: true });
  }
});

test('a demo proxy whose record is in the real data folder is never taken for the real proxy', async () => {
  const { home, env } = await configuredHome('aigw-record-demo-');
  const demoGateway = await startDemoGateway({});
  const { clientSecret, ...values } = demoGateway.settings;
  const demo = new Runtime({ env: {}, dataDir: home, demo: true, portOverride: await freePort(), settingsStore: new MemorySettingsStore(values), secureSecretStore: new MemorySecretStore(clientSecret) });
  try {
    await demo.start();
    const demoToken = await demo.tokens.getToken();
    const token = await runCli(['token'], env);
    assert.equal(token.code, 0, token.stderr);
    assert.notEqual(token.stdout.trim(), demoToken, 'the demo\'s token handed out as the real one');
    assert.ok(tokenEndpoint.signed.includes(token.stdout.trim()), 'a token of the real endpoint');
    const status = JSON.parse((await runCli(['status', '--json'], env)).stdout) as { proxy: { running: boolean } };
    assert.equal(status.proxy.running, false, 'status does not call the demo the real proxy');
  } finally {
    await demo.stop();
    await demoGateway.close();
    await rm(home, { recursive: true, force: true });
  }
});

test('a proxy of ours that does not answer in time is reported as slow, not as someone else\'s', async () => {
  const { home, env } = await configuredHome('aigw-record-slow-');
  const serve = startCli(['serve', '--port', String(await freePort())], env);
  try {
    await serve.waitFor(/listening on/);
    // Paused: the kernel still accepts the connection, nothing answers.
    serve.child.kill('SIGSTOP');
    const run = await runCli(['token'], env, 30_000);
    serve.child.kill('SIGCONT');
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stderr, /did not answer in time \(2 s\): it may be busy or paused\. Nothing secret was sent to it/);
    assert.doesNotMatch(run.stderr, /not your ai-gateway proxy/);
  } finally {
    serve.child.kill('SIGCONT');
    await serve.stop();
    await rm(home, { recursive: true, force: true });
  }
});
