/**
 * The client secret encrypted with Electron's safeStorage (Keychain, DPAPI, libsecret/KWallet), the
 * ciphertext in a 0600 file in the app data folder. When decideSecretStorage() says the encryption
 * would not be real (Linux `basic_text`), the store reports itself unavailable and never writes: the
 * settings service then keeps the secret in memory and tells the UI (storage `memory`).
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { safeStorage } from 'electron';
import { AppError } from '../core/errors.js';
import { writeFileAtomic } from '../core/config/atomic-file.js';
import type { SecretStore } from '../core/config/secret-store.js';
import type { SecretStorageDecision } from '../core/desktop/secret-storage-policy.js';

/** The ciphertext's file name; distinct from the CLI's plain `client-secret` file. */
export const ENCRYPTED_SECRET_FILE = 'client-secret.safe-storage';

/** A SecretStore on safeStorage. */
export class SafeStorageSecretStore implements SecretStore {
  readonly kind = 'safe-storage' as const;
  private readonly path: string;

  constructor(
    dataDir: string,
    private readonly decision: SecretStorageDecision,
  ) {
    this.path = join(dataDir, ENCRYPTED_SECRET_FILE);
  }

  async available(): Promise<boolean> {
    return this.decision.storage === 'safe-storage' && safeStorage.isEncryptionAvailable();
  }

  async get(): Promise<string | null> {
    if (!(await this.available())) return null;
    let blob: Buffer;
    try {
      blob = await readFile(this.path);
    } catch {
      return null;
    }
    try {
      return safeStorage.decryptString(blob) || null;
    } catch {
      // Encrypted under another keyring key (profile reset, copied folder): as good as absent; the UI asks again.
      return null;
    }
  }

  async set(secret: string): Promise<void> {
    if (!(await this.available())) throw new AppError('secret_store_unavailable', this.decision.storage === 'memory' ? this.decision.reason : 'The system keyring is not available.');
    await writeFileAtomic(this.path, safeStorage.encryptString(secret), 0o600);
  }

  async delete(): Promise<void> {
    await rm(this.path, { force: true });
  }
}
