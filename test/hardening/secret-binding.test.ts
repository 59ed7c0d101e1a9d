/**
 * The stored client secret is only ever sent to the token endpoint, and for the client ID, it was
 * entered for: a UI caller (HTTP or IPC: both call saveSettings) or an exported GATEWAY_TOKEN_ENDPOINT /
 * GATEWAY_CLIENT_ID naming another endpoint or client must bring the secret again. The other endpoint
 * here is a real listener that would hand out a token; it must never see a request.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { GatewayDouble } from '../../app/core/demo/gateway-double.js';
import { MemorySecretStore } from '../../app/core/config/secret-store.js';
import { Runtime } from '../../app/core/runtime.js';
import { createAppApi } from '../../app/core/app-api.js';
import { CLIENT_ID, CLIENT_SECRET, RecordingTokenEndpoint } from './helpers/stack.js';
import { runCli } from './helpers/cli.js';

let tokenEndpoint: RecordingTokenEndpoint;
let gateway: GatewayDouble;
let elsewhere: Server;
let elsewhereUrl: string;
const seenElsewhere: string[] = [];

before(async () => {
  tokenEndpoint = await new RecordingTokenEndpoint({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }).start();
  gateway = await new GatewayDouble({ jwks: tokenEndpoint.jwks, issuer: tokenEndpoint.issuer }).start();
  // Another token endpoint: it takes any credentials and answers with a token.
  elsewhere = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      seenElsewhere.push(`${req.headers.authorization ?? ''} ${body}`);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ access_token: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.', token_type: 'Bearer', expires_in: 3600 }));
    });
  });
  await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
  elsewhereUrl = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}/oauth2/token`;
});

after(async () => {
  await new Promise((resolve) => elsewhere.close(resolve));
  await gateway.close();
  await tokenEndpoint.close();
  assert.deepEqual(seenElsewhere, [], 'the other endpoint never got a request');
});

/** A home with the settings stored and the secret in the (memory stand-in for the) keyring. */
async function storedRuntime(): Promise<{ runtime: Runtime; home: string }> {
  const home = await mkdtemp(join(tmpdir(), 'aigw-bind-'));
  await writeFile(join(home, 'settings.json'), JSON.stringify({ gatewayUrl: gateway.url, clientId: CLIENT_ID, tokenEndpoint: tokenEndpoint.url }) + '\n');
  const runtime = new Runtime({ env: { AI_GATEWAY_HOME: home }, dataDir: home, secureSecretStore: new MemorySecretStore(CLIENT_SECRET) });
  await runtime.load();
  return { runtime, home };
}

test('saveSettings with another token endpoint or client ID and no secret asks for the secret, sends nothing', async () => {
  const { runtime, home } = await storedRuntime();
  const api = createAppApi(runtime, { env: {}, cwd: home });
  try {
    // The gateway URL too: pointed at a listener of someone's choosing, it would get the JWT the stored secret buys.
    for (const changed of [{ tokenEndpoint: elsewhereUrl }, { clientId: 'someone-else' }, { tokenEndpoint: elsewhereUrl, clientId: 'someone-else' }, { gatewayUrl: elsewhereUrl.replace('/oauth2/token', '') }]) {
      const input = { gatewayUrl: gateway.url, clientId: CLIENT_ID, tokenEndpoint: tokenEndpoint.url, ...changed };
      const problems = await api.validateSettings(input);
      assert.equal(problems[0]?.field, 'clientSecret', JSON.stringify(problems));
      assert.match(problems[0]!.message, /Enter the client secret again/);
      await assert.rejects(api.saveSettings(input), (error: { code: string; field?: string }) => error.code === 'settings_secret_unbound' && error.field === 'clientSecret');
    }
    assert.deepEqual(seenElsewhere, []);
    const settings = JSON.parse(await readFile(join(home, 'settings.json'), 'utf8')) as { tokenEndpoint: string };
    assert.equal(settings.tokenEndpoint, tokenEndpoint.url, 'the stored endpoint did not change');
    // The same endpoint and client keep the stored secret (control case), and a new secret for a new endpoint is fine.
    const before = tokenEndpoint.signed.length;
    await api.saveSettings({ gatewayUrl: gateway.url, clientId: CLIENT_ID, tokenEndpoint: tokenEndpoint.url, scope: '' });
    assert.ok(tokenEndpoint.signed.length > before, 'tested with the stored secret at its own endpoint');
  } finally {
    await runtime.stop();
    await rm(home, { recursive: true, force: true });
  }
});

test('login (and serve) with GATEWAY_TOKEN_ENDPOINT or GATEWAY_CLIENT_ID elsewhere refuse to use the stored secret', async () => {
  const home = await mkdtemp(join(tmpdir(), 'aigw-bind-cli-'));
  try {
    await writeFile(join(home, 'settings.json'), JSON.stringify({ gatewayUrl: gateway.url, clientId: CLIENT_ID, tokenEndpoint: tokenEndpoint.url, secretInFile: true }) + '\n');
    await writeFile(join(home, 'client-secret'), CLIENT_SECRET + '\n', { mode: 0o600 });
    const env = { PATH: process.env.PATH ?? '', HOME: home, AI_GATEWAY_HOME: home };
    const ok = await runCli(['login', '--no-store'], env);
    assert.equal(ok.code, 0, ok.stderr);
    const extras: Record<string, string>[] = [{ GATEWAY_TOKEN_ENDPOINT: elsewhereUrl }, { GATEWAY_CLIENT_ID: 'someone-else' }, { GATEWAY_URL: elsewhereUrl.replace('/oauth2/token', '') }];
    for (const extra of extras) {
      for (const args of [['login', '--no-store'], ['token']]) {
        const run = await runCli(args, { ...env, ...extra });
        assert.equal(run.code, 2, `${args.join(' ')}: ${run.stdout}${run.stderr}`);
        assert.match(run.stderr, /Enter the client secret again \(or export GATEWAY_CLIENT_SECRET\)/);
      }
    }
    // Exporting the secret with the new endpoint is the user's explicit choice.
    const explicit = await runCli(['login', '--no-store'], { ...env, GATEWAY_TOKEN_ENDPOINT: elsewhereUrl, GATEWAY_CLIENT_SECRET: 'for-elsewhere' });
    assert.equal(explicit.code, 0, explicit.stderr);
    assert.equal(seenElsewhere.length, 1);
    assert.ok(!seenElsewhere[0]!.includes(CLIENT_SECRET) && !seenElsewhere[0]!.includes(Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')));
    seenElsewhere.length = 0;
  } finally {
    await rm(home, { recursive: true, force: true });
  }
});

test('login storing another token endpoint and client ID without their secret forgets the old stored secret', async () => {
  const home = await mkdtemp(join(tmpdir(), 'aigw-bind-forget-'));
  try {
    await writeFile(join(home, 'settings.json'), JSON.stringify({ gatewayUrl: gateway.url, clientId: CLIENT_ID, tokenEndpoint: tokenEndpoint.url, secretInFile: true }) + '\n');
    await writeFile(join(home, 'client-secret'), CLIENT_SECRET + '\n', { mode: 0o600 });
    const env = { PATH: process.env.PATH ?? '', HOME: home, AI_GATEWAY_HOME: home };
    // No keyring here and no file asked for: the new values are stored, their secret is not.
    const login = await runCli(['login', '--store'], { ...env, GATEWAY_TOKEN_ENDPOINT: elsewhereUrl, GATEWAY_CLIENT_ID: 'someone-else', GATEWAY_CLIENT_SECRET: 'for-elsewhere' });
    assert.equal(login.code, 0, login.stderr);
    assert.match(login.stderr, /The client secret stored for the previous gateway URL, token endpoint or client ID was forgotten: .* it must be entered again/);
    assert.match(login.stderr, /The client secret was not stored/);
    const stored = JSON.parse(await readFile(join(home, 'settings.json'), 'utf8')) as { tokenEndpoint: string; clientId: string; secretInFile?: boolean };
    assert.equal(stored.tokenEndpoint, elsewhereUrl);
    assert.equal(stored.clientId, 'someone-else');
    assert.equal(seenElsewhere.length, 1, 'the login itself, with the exported secret');
    // Later, without the exports: the old client's secret must not go to the new endpoint.
    const token = await runCli(['token'], env);
    assert.equal(token.code, 2, `${token.stdout}${token.stderr}`);
    assert.match(token.stderr, /GATEWAY_CLIENT_SECRET/);
    assert.equal(seenElsewhere.length, 1, `the new endpoint got the old secret: ${seenElsewhere.slice(1).join(' | ')}`);
    assert.ok(!seenElsewhere[0]!.includes(CLIENT_SECRET));
    await assert.rejects(readFile(join(home, 'client-secret'), 'utf8'), { code: 'ENOENT' }, 'the old secret file is gone');
    assert.notEqual(stored.secretInFile, true);
    seenElsewhere.length = 0;
  } finally {
    await rm(home, { recursive: true, force: true });
  }
});
