import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalKeyStore } from '../../../app/core/keys/local-keys.js';

test('keys are random, per owner, stable, stored 0600, and verified to their owner', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'agw-keys-'));
  try {
    const store = new LocalKeyStore(join(dir, 'local-keys.json'));
    const a = await store.keyFor('claude-code');
    const b = await store.keyFor('codex');
    assert.notEqual(a, b);
    assert.match(a, /^agw-local-[\w-]{43}$/);
    assert.equal(await store.keyFor('claude-code'), a);
    assert.equal(store.verify(a), 'claude-code');
    assert.equal(store.verify(b), 'codex');
    assert.equal(store.verify(a.slice(0, -1) + (a.endsWith('A') ? 'B' : 'A')), null);
    assert.equal(store.verify(''), null);
    assert.equal((await stat(join(dir, 'local-keys.json'))).mode & 0o777, 0o600);
    const fresh = await store.regenerate('claude-code');
    assert.equal(store.verify(a), null, 'a regenerated key stops working at once');
    assert.equal(store.verify(fresh), 'claude-code');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a key written by another process is found by concurrent requests, each of them', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'agw-keys-'));
  try {
    const path = join(dir, 'local-keys.json');
    const turns = () => new Promise((resolve) => setImmediate(resolve));
    // OpenCode sends two requests at once: the second may arrive at any point of the first one's re-read,
    // and must still see the new key. Try every offset, each against a proxy that has not seen the key yet.
    for (let offset = 0; offset < 8; offset++) {
      await rm(path, { force: true });
      const proxy = await new LocalKeyStore(path).ready(); // `serve`, started before the file exists
      const key = await new LocalKeyStore(path).keyFor('opencode'); // `ai-gateway setup opencode`, another process
      const first = proxy.verifyFresh(key);
      for (let i = 0; i < offset; i++) await turns();
      const owners = await Promise.all([first, proxy.verifyFresh(key)]);
      assert.deepEqual(owners, ['opencode', 'opencode'], `second request ${offset} turns later`);
      assert.equal(await proxy.verifyFresh('agw-local-not-a-key-of-anyone-at-all-000000000'), null);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
