/**
 * Where the client secret lives. The OS keyring when there is one; otherwise the environment, or a
 * 0600 file only when the user asked for it. Never beside the settings in plain text by default.
 */
import { readFile, rm } from 'node:fs/promises';
import type { Entry } from '@napi-rs/keyring';
import type { SecretStorage } from '../../contract/api.js';
import { writeFileAtomic } from './atomic-file.js';

/** A place that can hold the client secret. */
export interface SecretStore {
  readonly kind: SecretStorage;
  /** False when this store cannot be used on this machine (no keyring daemon, say). */
  available(): Promise<boolean>;
  get(): Promise<string | null>;
  set(secret: string): Promise<void>;
  delete(): Promise<void>;
}

const KEYRING_SERVICE = 'ai-gateway';
const KEYRING_ACCOUNT = 'client-secret';

/** The OS keyring (Keychain, Credential Manager, Secret Service) through @napi-rs/keyring. */
export class KeyringSecretStore implements SecretStore {
  readonly kind = 'keyring' as const;
  private entry: Promise<Entry | null> | null = null;

  private load() {
    // Loaded lazily: the native binding is only needed when a secret is actually read or stored.
    this.entry ??= import('@napi-rs/keyring')
      .then(({ Entry }) => new Entry(KEYRING_SERVICE, KEYRING_ACCOUNT))
      .catch(() => null);
    return this.entry;
  }

  async available(): Promise<boolean> {
    const entry = await this.load();
    if (!entry) return false;
    try {
      entry.getPassword();
      return true;
    } catch {
      return false;
    }
  }

  async get(): Promise<string | null> {
    const entry = await this.load();
    try {
      return entry?.getPassword() ?? null;
    } catch {
      return null;
    }
  }

  async set(secret: string): Promise<void> {
    const entry = await this.load();
    if (!entry) throw new Error('keyring unavailable');
    entry.setPassword(secret);
  }

  async delete(): Promise<void> {
    const entry = await this.load();
    try {
      entry?.deletePassword();
    } catch {
      // Nothing stored: nothing to delete.
    }
  }
}

/** A 0600 file in the app data folder; used only when the user asks and no keyring exists. */
export class FileSecretStore implements SecretStore {
  readonly kind = 'file' as const;
  constructor(private readonly path: string) {}
  async available(): Promise<boolean> {
    return true;
  }
  async get(): Promise<string | null> {
    try {
      return (await readFile(this.path, 'utf8')).trim() || null;
    } catch {
      return null;
    }
  }
  async set(secret: string): Promise<void> {
    await writeFileAtomic(this.path, secret, 0o600);
  }
  async delete(): Promise<void> {
    await rm(this.path, { force: true });
  }
}

/** Memory only: the desktop app's fallback when safeStorage would be plain text, and the tests' store. */
export class MemorySecretStore implements SecretStore {
  readonly kind = 'memory' as const;
  constructor(private secret: string | null = null) {}
  async available(): Promise<boolean> {
    return true;
  }
  async get(): Promise<string | null> {
    return this.secret;
  }
  async set(secret: string): Promise<void> {
    this.secret = secret;
  }
  async delete(): Promise<void> {
    this.secret = null;
  }
}
