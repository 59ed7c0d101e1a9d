/**
 * Shared state written by several processes: the local keys file and the settings file. `serve` (or the
 * app) holds the keys it loaded at start; `ai-gateway setup`/`env` in another process adds one; then a key
 * regenerated in the first process must not drop the one the other wrote (Claude Code then got 401). The
 * same for settings.json: `login --portkey-header` in a shell while the server saves must keep both changes.
 * Real processes only.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from './helpers/cli.js';

const KEYS_MODULE = fileURLToPath(new URL('../../app/core/keys/local-keys.js', import.meta.url));
const SETTINGS_MODULE = fileURLToPath(new URL('../../app/core/config/open-settings.js', import.meta.url));

/**
 * A Node child running `code` as an ES module, stdin piped in; `until(text)` resolves once its stdout has
 * shown `text`, and rejects (with what it printed) if it exits first.
 */
function moduleChild(code: string, name: string) {
  const child = spawn(process.execPath, ['--input-type=module', '-e', code], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const until = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const check = setInterval(() => {
        if (out.includes(text)) {
          clearInterval(check);
          resolve();
        } else if (child.exitCode !== null) {
          clearInterval(check);
          reject(new Error(`${name} exited: ${out}`));
        }
      }, 10);
    });
  return { child, until };
}

/** A second process holding a LocalKeyStore: loads, then on each stdin line runs `regenerate(<line>)`. */
function keyHolder(path: string) {
  const code = `
    const { LocalKeyStore } = await import(${JSON.stringify(KEYS_MODULE)});
    const store = new LocalKeyStore(${JSON.stringify(path)});
    await store.keyFor('holder');
    process.stdout.write('READY\\n');
    process.stdin.setEncoding('utf8');
    for await (const chunk of process.stdin) for (const owner of chunk.split('\\n').filter(Boolean)) { await store.regenerate(owner); process.stdout.write('DONE ' + owner + '\\n'); }
  `;
  return moduleChild(code, 'key holder');
}

test('a key written by another process survives a regenerate in a process that loaded earlier', async () => {
  const home = await mkdtemp(join(tmpdir(), 'aigw-shared-'));
  const path = join(home, 'local-keys.json');
  const holder = keyHolder(path);
  try {
    await holder.until('READY');
    // Another process (the CLI) adds its key after the holder loaded the file.
    const env = await runCli(['env', '--json'], { PATH: process.env.PATH ?? '', HOME: home, AI_GATEWAY_HOME: home });
    assert.equal(env.code, 0, env.stderr);
    const envKey = (JSON.parse(env.stdout) as { OPENAI_API_KEY: string }).OPENAI_API_KEY;
    holder.child.stdin.write('codex\n');
    await holder.until('DONE codex');
    const keys = JSON.parse(await readFile(path, 'utf8')) as Record<string, string>;
    assert.equal(keys.env, envKey, 'the key the CLI wrote is still there');
    assert.ok(keys.codex && keys.holder);
  } finally {
    holder.child.kill();
    await rm(home, { recursive: true, force: true });
  }
});

test('keys created by several processes at the same moment are all kept', async () => {
  const home = await mkdtemp(join(tmpdir(), 'aigw-shared-'));
  const path = join(home, 'local-keys.json');
  const holders = Array.from({ length: 4 }, () => keyHolder(path));
  try {
    await Promise.all(holders.map((h) => h.until('READY')));
    holders.forEach((h, i) => h.child.stdin.write(`agent-${i}\n`));
    await Promise.all(holders.map((h, i) => h.until(`DONE agent-${i}`)));
    const keys = JSON.parse(await readFile(path, 'utf8')) as Record<string, string>;
    assert.deepEqual(Object.keys(keys).sort(), ['agent-0', 'agent-1', 'agent-2', 'agent-3', 'holder']);
  } finally {
    for (const h of holders) h.child.kill();
    await rm(home, { recursive: true, force: true });
  }
});

/**
 * A process changing settings.json through the real SettingsService, `rounds` times once told to start:
 * `login` adds one Portkey header per round (what `login --portkey-header` does), `server` stores a new
 * port per round (what the UI's settings save does in `serve`).
 */
function settingsWriter(home: string, role: 'login' | 'server', rounds: number) {
  const code = `
    const { openSettings } = await import(${JSON.stringify(SETTINGS_MODULE)});
    const { settings } = openSettings({ env: { AI_GATEWAY_HOME: ${JSON.stringify(home)} }, dataDir: ${JSON.stringify(home)} });
    process.stdout.write('READY\\n');
    await new Promise((resolve) => process.stdin.once('data', resolve));
    for (let i = 0; i < ${rounds}; i++) {
      if (${JSON.stringify(role)} === 'login') {
        await settings.editProviderOptions((stored) => ({
          azure: { resourceName: '', deploymentId: '', deployments: {}, apiVersion: '' },
          headers: { ...(stored?.headers ?? {}), ['x-portkey-metadata-' + i]: 'v' + i },
          providerHeaders: {},
        }));
      } else await settings.update({ port: 9000 + i });
    }
    process.stdout.write('DONE\\n');
    process.stdin.destroy();
  `;
  return moduleChild(code, 'settings writer');
}

test('settings changed by two processes at once keep both: every header `login` added and the port the server saved last', async () => {
  const home = await mkdtemp(join(tmpdir(), 'aigw-shared-settings-'));
  const rounds = 25;
  // A file with a comment-free unknown key from a newer app: it must survive every write too.
  await writeFile(join(home, 'settings.json'), JSON.stringify({ gatewayUrl: 'https://gateway.example.com', fromANewerApp: { kept: true } }, null, 2) + '\n');
  const writers = [settingsWriter(home, 'login', rounds), settingsWriter(home, 'server', rounds)];
  try {
    await Promise.all(writers.map((w) => w.until('READY')));
    for (const w of writers) w.child.stdin.write('go\n');
    await Promise.all(writers.map((w) => w.until('DONE')));
    const stored = JSON.parse(await readFile(join(home, 'settings.json'), 'utf8')) as { port: number; providerOptions: { headers: Record<string, string> }; gatewayUrl: string; fromANewerApp: unknown };
    const headers = Object.keys(stored.providerOptions.headers);
    assert.equal(headers.length, rounds, `lost headers: ${Array.from({ length: rounds }, (_, i) => `x-portkey-metadata-${i}`).filter((h) => !headers.includes(h)).join(', ')}`);
    assert.equal(stored.port, 9000 + rounds - 1, 'the port the server saved last');
    assert.equal(stored.gatewayUrl, 'https://gateway.example.com');
    assert.deepEqual(stored.fromANewerApp, { kept: true });
    assert.deepEqual((await readdir(home)).filter((name) => name !== 'settings.json').sort(), [], 'no lock or temp file left');
  } finally {
    for (const w of writers) w.child.kill();
    await rm(home, { recursive: true, force: true });
  }
});
