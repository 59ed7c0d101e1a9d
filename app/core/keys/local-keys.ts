/**
 * Local keys: one random key per agent (and per script), the only credential agents ever get. They
 * open the loopback proxy and nothing else, so they are useless off this machine.
 */
import { randomBytes, timingSafeEqual, hash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { writeFileAtomic } from '../config/atomic-file.js';
import { withFileLock } from '../config/file-lock.js';

/** Who a key belongs to: an agent id, or `env` for scripts and SDKs, `app` for the app's own probes. */
export type KeyOwner = string;

const PREFIX = 'agw-local-';

/** The key owner allowed to read the token from a running proxy (`ai-gateway token`). */
export const CLI_KEY_OWNER = 'cli';

/** The key owner for scripts and SDKs started through `ai-gateway env` / `run` (and the LangChain snippets). */
export const ENV_KEY_OWNER = 'env';

/** A new key: 32 random bytes, prefixed so a leaked one is recognisable as local-only. */
export function newLocalKey(): string {
  return PREFIX + randomBytes(32).toString('base64url');
}

// Keys are compared by their SHA-256 digests so every comparison takes the same time whatever the input's length.
// The one-shot hash() skips the Hash object createHash() builds, on every proxied request.
const digest = (value: string) => hash('sha256', value, 'buffer');

/** The keys, persisted 0600 in the app data folder. */
export class LocalKeyStore {
  private keys: Map<KeyOwner, string> | null = null;
  /** The keys' digests for `verify`, worked out on its first call after a change (`token` only reads its own key). */
  private digests: { owner: KeyOwner; digest: Buffer }[] | null = null;
  private loadedMtime = 0;
  private reloading: Promise<void> | null = null;

  constructor(private readonly path: string | null) {}

  /** The owner's key, created on first use. */
  async keyFor(owner: KeyOwner): Promise<string> {
    const existing = (await this.load()).get(owner);
    if (existing) return existing;
    // Another process may have created it since this one loaded: the locked re-read keeps theirs.
    return this.change((keys) => keys.get(owner) ?? keys.set(owner, newLocalKey()).get(owner)!);
  }

  /** Replaces the owner's key; the old one stops working at once. */
  async regenerate(owner: KeyOwner): Promise<string> {
    return this.change((keys) => keys.set(owner, newLocalKey()).get(owner)!);
  }

  /**
   * A read-modify-write under the cross-process lock: the file is re-read first, so a key another
   * process (`ai-gateway setup` while `serve` runs) wrote since this one loaded is kept, never dropped.
   */
  private async change(apply: (keys: Map<KeyOwner, string>) => string): Promise<string> {
    if (!this.path) {
      const key = apply(await this.load());
      this.digests = null;
      return key;
    }
    return withFileLock(this.path, async () => {
      this.keys = null;
      const key = apply(await this.load());
      await this.save();
      return key;
    });
  }

  /** Loads the keys so `verify` can run synchronously on the proxy's hot path. */
  async ready(): Promise<this> {
    await this.load();
    return this;
  }

  /** The owner of `presented`, or null. Constant time in the key's content; loads must have happened. */
  verify(presented: string): KeyOwner | null {
    const candidate = digest(presented);
    let found: KeyOwner | null = null;
    this.digests ??= [...(this.keys ?? new Map<string, string>()).entries()].map(([owner, key]) => ({ owner, digest: digest(key) }));
    for (const entry of this.digests) {
      if (timingSafeEqual(candidate, entry.digest)) found = entry.owner;
    }
    return found;
  }

  /**
   * Like `verify`, but on a miss re-reads the file if another process (`ai-gateway setup` while
   * `serve` runs) changed it since; the re-read happens only on misses, never on the hot path.
   */
  async verifyFresh(presented: string): Promise<KeyOwner | null> {
    const owner = this.verify(presented);
    if (owner !== null || !this.path) return owner;
    // One re-read at a time: agents send concurrent requests (OpenCode sends two), and a second miss must
    // wait for the first re-read rather than conclude from a half-loaded state that nothing changed.
    this.reloading ??= this.reloadIfChanged().finally(() => (this.reloading = null));
    await this.reloading;
    return this.verify(presented);
  }

  private async reloadIfChanged(): Promise<void> {
    if (modifiedAt(this.path!) === this.loadedMtime) return;
    this.keys = null;
    await this.load();
  }

  /**
   * The keys from the file, read synchronously: it is a few hundred bytes, read once per `ai-gateway token`
   * (every apiKeyHelper call, where node:fs/promises would add ~0.6 ms to load and thread-pool round
   * trips) and by the proxy only at start and after a key it does not know.
   */
  private async load(): Promise<Map<KeyOwner, string>> {
    if (this.keys) return this.keys;
    const keys = new Map<KeyOwner, string>();
    let mtime = 0;
    if (this.path) {
      mtime = modifiedAt(this.path);
      try {
        const raw = JSON.parse(readFileSync(this.path, 'utf8')) as Record<string, unknown>;
        for (const [owner, key] of Object.entries(raw)) if (typeof key === 'string' && key.startsWith(PREFIX)) keys.set(owner, key);
      } catch {
        // No file yet (or a damaged one): keys are re-issued, and the agents' setup points at the new ones.
      }
    }
    // Keys, their digests and the file's time change together, after the read.
    this.keys = keys;
    this.loadedMtime = mtime;
    this.digests = null;
    return keys;
  }

  private async save(): Promise<void> {
    this.digests = null;
    if (!this.path) return;
    await writeFileAtomic(this.path, JSON.stringify(Object.fromEntries(this.keys ?? []), null, 2) + '\n', 0o600);
    this.loadedMtime = modifiedAt(this.path);
  }
}

/** The file's modification time in ms, 0 when it cannot be read. */
function modifiedAt(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}
