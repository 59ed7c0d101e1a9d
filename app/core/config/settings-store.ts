/**
 * The app's settings file (`settings.json`): read leniently, changed atomically under the cross-process lock,
 * never holding the secret. `serve`, the desktop app and CLI commands (`login`) may change it at once.
 */
import { readFileSync } from 'node:fs';
import { AppError } from '../errors.js';
import { writeFileAtomic } from './atomic-file.js';
import { withFileLock } from './file-lock.js';
import { parseStoredSettings, type StoredSettings } from './settings-schema.js';
import { clause } from '../text/clause.js';

/** A change to the stored settings: gets them as they are now, returns what to store (it may wait, still under the lock: storing the secret with its binding). */
export type SettingsEdit = (current: StoredSettings) => StoredSettings | Promise<StoredSettings>;

/** Reads and changes the stored settings; the desktop app may supply one backed by electron-store. */
export interface SettingsStore {
  read(): Promise<StoredSettings>;
  /**
   * A read-modify-write under the lock other processes take too: the file is re-read inside it, so a key
   * another process stored since this one read is kept, never overwritten with an older copy.
   */
  change(edit: SettingsEdit): Promise<void>;
}

/** A SettingsStore on a plain JSON file. */
export class FileSettingsStore implements SettingsStore {
  constructor(private readonly path: string) {}

  async read(): Promise<StoredSettings> {
    let text: string;
    try {
      // Synchronous: a small local file, read on every `ai-gateway status`, where node:fs/promises would
      // add ~0.6 ms of start-up to load and a thread-pool round trip.
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw error;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      throw new AppError('settings_invalid', `The settings file ${this.path} is not valid JSON. Fix it by hand, or move it away and run \`ai-gateway login\` again.`);
    }
    const parsed = parseStoredSettings(raw);
    if (!parsed.ok) {
      const issue = parsed.issue;
      const where = issue?.path.join('.') || 'the file';
      throw new AppError('settings_invalid', `The settings file ${this.path} has a bad value at ${where}: ${clause(issue?.message ?? 'invalid')}. Fix or remove that key.`);
    }
    return parsed.settings;
  }

  async change(edit: SettingsEdit): Promise<void> {
    await withFileLock(this.path, async () => {
      // A file that does not parse throws here, before anything is written: it is never replaced.
      const next = await edit(await this.read());
      await writeFileAtomic(this.path, JSON.stringify(next, null, 2) + '\n', 0o600);
    });
  }
}

/** A SettingsStore in memory, for tests and the demo. */
export class MemorySettingsStore implements SettingsStore {
  /** Changes run one after another, as the file lock makes them for the file store. */
  private queue: Promise<unknown> = Promise.resolve();
  constructor(private settings: StoredSettings = {}) {}
  async read(): Promise<StoredSettings> {
    return structuredClone(this.settings);
  }
  change(edit: SettingsEdit): Promise<void> {
    const run = this.queue.then(async () => {
      this.settings = structuredClone(await edit(structuredClone(this.settings)));
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}
