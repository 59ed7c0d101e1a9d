/**
 * The desktop app's secret store, read-through to the CLI's: a user who ran `ai-gateway login` first
 * has the secret in the OS keyring under the CLI's entry, which the app's own encrypted store cannot
 * see. Reads fall back to it; writes and deletes only touch the app's own store, so the app never
 * removes what the CLI put there.
 */
import type { SecretStore } from '../config/secret-store.js';

/** A SecretStore that reads `primary` then `fallback`, and writes `primary` only. */
export class ReadThroughSecretStore implements SecretStore {
  constructor(
    private readonly primary: SecretStore,
    private readonly fallback: SecretStore | null,
  ) {}

  get kind() {
    return this.primary.kind;
  }

  available(): Promise<boolean> {
    return this.primary.available();
  }

  async get(): Promise<string | null> {
    const own = await this.primary.get();
    if (own !== null || !this.fallback) return own;
    try {
      return (await this.fallback.available()) ? await this.fallback.get() : null;
    } catch {
      // A broken fallback keyring must not break the app's own store.
      return null;
    }
  }

  set(secret: string): Promise<void> {
    return this.primary.set(secret);
  }

  delete(): Promise<void> {
    return this.primary.delete();
  }
}
