/**
 * Where the client secret lives. The OS keyring when there is one; otherwise the environment, or a
 * 0600 file only when the user asked for it. Never beside the settings in plain text by default.
 */
// fs.promises through node:fs: loaded on first use, not on every `ai-gateway status` (see atomic-file.ts).
import { promises as fs } from 'node:fs';
import { resolve } from 'node:path';
import type { Entry } from '@napi-rs/keyring';
import type { SecretStorage } from '../../contract/api.js';
import { AppError } from '../errors.js';
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

/**
 * The keyring account for an app data folder: the shared one for the usual place, a separate one per
 * AI_GATEWAY_HOME, so a test or a second setup never reads or overwrites the user's real secret.
 */
export function keyringAccount(env: Record<string, string | undefined>): string {
  return env.AI_GATEWAY_HOME ? `${KEYRING_ACCOUNT}@${resolve(env.AI_GATEWAY_HOME)}` : KEYRING_ACCOUNT;
}

/** The OS keyring (Keychain, Credential Manager, Secret Service) through @napi-rs/keyring. */
export class KeyringSecretStore implements SecretStore {
  readonly kind = 'keyring' as const;
  private entry: Promise<Entry | null> | null = null;
  private loadFailure: unknown = null;

  constructor(private readonly account = KEYRING_ACCOUNT) {}

  private load() {
    // Loaded lazily: the native binding is only needed when a secret is actually read or stored.
    this.entry ??= import('@napi-rs/keyring')
      .then(({ Entry }) => new Entry(KEYRING_SERVICE, this.account))
      .catch((error: unknown) => {
        // Kept, not swallowed: a build without the binding for this CPU must say so (bindingProblem()).
        this.loadFailure = error;
        return null;
      });
    return this.entry;
  }

  /** Why the native keyring module did not load (a build for another CPU, say), or null when it loaded. */
  async bindingProblem(): Promise<string | null> {
    await this.load();
    if (this.loadFailure === null) return null;
    const detail = this.loadFailure instanceof Error ? this.loadFailure.message.split('\n')[0] : String(this.loadFailure);
    return `The OS keyring module (@napi-rs/keyring) did not load for ${process.platform}-${process.arch}: ${detail}`;
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
    try {
      if (!entry) throw new Error('keyring unavailable');
      entry.setPassword(secret);
    } catch (error) {
      // Reading can work where writing is refused (Linux kernel keyrings in containers): say so and name the ways out.
      throw new AppError(
        'secret_store_unavailable',
        `The OS keyring refused to store the client secret (${error instanceof Error ? error.message : 'error'}). Export GATEWAY_CLIENT_SECRET instead, or store it in a 0600 file with \`ai-gateway login --store-secret-in-file\`.`,
        { cause: error },
      );
    }
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
      return (await fs.readFile(this.path, 'utf8')).trim() || null;
    } catch {
      return null;
    }
  }
  async set(secret: string): Promise<void> {
    await writeFileAtomic(this.path, secret, 0o600);
  }
  async delete(): Promise<void> {
    await fs.rm(this.path, { force: true });
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
