import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemorySecretStore, type SecretStore } from '../../../app/core/config/secret-store.js';
import { decideSecretStorage } from '../../../app/core/desktop/secret-storage-policy.js';
import { ReadThroughSecretStore } from '../../../app/core/desktop/read-through-secret-store.js';

test('macOS and Windows: safeStorage when encryption is available', () => {
  assert.deepEqual(decideSecretStorage({ platform: 'darwin', encryptionAvailable: true, linuxBackend: null }), { storage: 'safe-storage' });
  assert.deepEqual(decideSecretStorage({ platform: 'win32', encryptionAvailable: true, linuxBackend: null }), { storage: 'safe-storage' });
});

test('Linux with a real keyring: safeStorage', () => {
  for (const backend of ['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6'] as const) {
    assert.deepEqual(decideSecretStorage({ platform: 'linux', encryptionAvailable: true, linuxBackend: backend }), { storage: 'safe-storage' }, backend);
  }
});

test('Linux basic_text is plain text in disguise: memory only, with the reason for the UI', () => {
  const decision = decideSecretStorage({ platform: 'linux', encryptionAvailable: true, linuxBackend: 'basic_text' });
  assert.equal(decision.storage, 'memory');
  assert.match(decision.storage === 'memory' ? decision.reason : '', /keyring/i);
});

test('no encryption, or a backend not known yet: memory only', () => {
  assert.equal(decideSecretStorage({ platform: 'darwin', encryptionAvailable: false, linuxBackend: null }).storage, 'memory');
  assert.equal(decideSecretStorage({ platform: 'linux', encryptionAvailable: true, linuxBackend: 'unknown' }).storage, 'memory');
  assert.equal(decideSecretStorage({ platform: 'linux', encryptionAvailable: true, linuxBackend: null }).storage, 'memory');
});

class BrokenStore extends MemorySecretStore {
  override async get(): Promise<string | null> {
    throw new Error('keyring daemon crashed');
  }
}

test('read-through: own secret first, then the CLI keyring entry; writes and deletes stay local', async () => {
  const own = new MemorySecretStore();
  const cli = new MemorySecretStore('from-cli');
  const store: SecretStore = new ReadThroughSecretStore(own, cli);
  assert.equal(store.kind, 'memory');
  assert.equal(await store.get(), 'from-cli');
  await store.set('from-app');
  assert.equal(await store.get(), 'from-app');
  assert.equal(await cli.get(), 'from-cli', 'the CLI entry is never overwritten');
  await store.delete();
  assert.equal(await cli.get(), 'from-cli', 'nor deleted');
});

test('read-through: a broken or absent fallback reads as no secret', async () => {
  assert.equal(await new ReadThroughSecretStore(new MemorySecretStore(), new BrokenStore()).get(), null);
  assert.equal(await new ReadThroughSecretStore(new MemorySecretStore(), null).get(), null);
});
