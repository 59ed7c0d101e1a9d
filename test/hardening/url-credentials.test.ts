/** A GATEWAY_URL or token endpoint carrying `user:password@` is refused, and its password is never shown: status, status --json, the UI's status. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemorySecretStore } from '../../app/core/config/secret-store.js';
import { Runtime } from '../../app/core/runtime.js';
import { createAppApi } from '../../app/core/app-api.js';
import { runCli } from './helpers/cli.js';

const PASSWORD = 'pw-IN-URL-93e1c7';
const values = {
  GATEWAY_URL: `https://alice:${PASSWORD}@gateway.example.com`,
  GATEWAY_TOKEN_ENDPOINT: `https://bob:${PASSWORD}@auth.example.com/oauth2/token`,
  GATEWAY_CLIENT_ID: 'client',
  GATEWAY_CLIENT_SECRET: 'secret-value-123',
};

test('status and status --json never print a password from a URL', async () => {
  const home = await mkdtemp(join(tmpdir(), 'aigw-urlcred-'));
  try {
    const env = { PATH: process.env.PATH ?? '', HOME: home, AI_GATEWAY_HOME: home, ...values };
    for (const args of [['status'], ['status', '--json'], ['login', '--no-store']]) {
      const run = await runCli(args, env);
      assert.ok(!(run.stdout + run.stderr).includes(PASSWORD), `${args.join(' ')} printed the password:\n${run.stdout}${run.stderr}`);
    }
    const json = JSON.parse((await runCli(['status', '--json'], env)).stdout) as { settings: { gatewayUrl: string; tokenEndpoint: string } };
    assert.equal(json.settings.gatewayUrl, 'https://***@gateway.example.com');
    assert.equal(json.settings.tokenEndpoint, 'https://***@auth.example.com/oauth2/token');
  } finally {
    await rm(home, { recursive: true, force: true });
  }
});

test('the UI status never carries a password from a URL', async () => {
  const home = await mkdtemp(join(tmpdir(), 'aigw-urlcred-ui-'));
  const runtime = new Runtime({ env: { AI_GATEWAY_HOME: home, ...values }, dataDir: home, secureSecretStore: new MemorySecretStore() });
  try {
    await runtime.load();
    const status = await createAppApi(runtime, { env: {}, cwd: home }).getStatus();
    assert.ok(!JSON.stringify(status).includes(PASSWORD), JSON.stringify(status));
    assert.equal(status.settings?.gatewayUrl, 'https://***@gateway.example.com');
  } finally {
    await runtime.stop();
    await rm(home, { recursive: true, force: true });
  }
});
