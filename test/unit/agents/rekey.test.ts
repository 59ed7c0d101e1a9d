import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppApi } from '../../../app/core/app-api.js';
import { MemorySecretStore } from '../../../app/core/config/secret-store.js';
import { Runtime } from '../../../app/core/runtime.js';

test('regenerating an agent\'s local key writes the new key into its config, with the same choices', async () => {
  const home = await mkdtemp(join(tmpdir(), 'agw-rekey-'));
  try {
    const env = { HOME: home, AI_GATEWAY_HOME: join(home, 'app-data'), PATH: '' };
    const runtime = new Runtime({ env, secureSecretStore: new MemorySecretStore() });
    await runtime.load();
    const api = createAppApi(runtime, { env, cwd: home });
    await api.applySetup({ agent: 'claude-code', models: ['claude-sonnet-4-6'], quiet: true });
    const settingsFile = join(home, '.claude', 'settings.json');
    const before = JSON.parse(await readFile(settingsFile, 'utf8')) as { env: Record<string, string> };
    const oldKey = before.env.ANTHROPIC_AUTH_TOKEN!;
    assert.equal(runtime.keys.verify(oldKey), 'claude-code');

    await api.regenerateLocalKey('claude-code');
    const after = JSON.parse(await readFile(settingsFile, 'utf8')) as { env: Record<string, string> };
    const newKey = after.env.ANTHROPIC_AUTH_TOKEN!;
    assert.notEqual(newKey, oldKey);
    assert.equal(runtime.keys.verify(oldKey), null, 'the old key no longer opens the proxy');
    assert.equal(runtime.keys.verify(newKey), 'claude-code');
    assert.equal(after.env.ANTHROPIC_MODEL, 'claude-sonnet-4-6', 'the chosen model is kept');
    assert.equal(after.env.CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC, '1', 'the quiet choice is kept');

    // An agent that was never set up only gets a new key: no file appears.
    await api.regenerateLocalKey('continue');
    await assert.rejects(readFile(join(home, '.continue', 'config.yaml')), { code: 'ENOENT' });
  } finally {
    await rm(home, { recursive: true, force: true });
  }
});
