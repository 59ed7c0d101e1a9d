/**
 * The settings on electron-store, in the same `settings.json` the CLI reads and writes (`cwd` is the
 * shared app data folder, `name` is `settings`). Every read goes to disk, so a `ai-gateway login` run
 * while the app is open is seen on the next read; every read is checked against the core's schema.
 */
import { join } from 'node:path';
import ElectronStore from 'electron-store';
import { AppError } from '../core/errors.js';
import { withFileLock } from '../core/config/file-lock.js';
import type { SettingsEdit, SettingsStore } from '../core/config/settings-store.js';
import { parseStoredSettings, type StoredSettings } from '../core/config/settings-schema.js';
import { clause } from '../core/text/clause.js';

/** A SettingsStore backed by electron-store. */
export class ElectronSettingsStore implements SettingsStore {
  private opened: ElectronStore<StoredSettings> | null = null;

  constructor(private readonly dataDir: string) {}

  /**
   * Opened on first use, not at startup: electron-store reads the file in its constructor and throws on
   * broken JSON, which must reach the window as `settings_invalid`, not stop the app before the tray exists.
   */
  private get store(): ElectronStore<StoredSettings> {
    this.opened ??= new ElectronStore<StoredSettings>({
      cwd: this.dataDir,
      name: 'settings',
      // The CLI's format: two-space JSON and a final newline, so neither side rewrites the other's file for nothing.
      serialize: (value) => `${JSON.stringify(value, null, 2)}\n`,
      configFileMode: 0o600,
      // A file the user broke by hand is reported, not silently emptied.
      clearInvalidConfig: false,
    });
    return this.opened;
  }

  async read(): Promise<StoredSettings> {
    let raw: unknown;
    try {
      raw = this.store.store;
    } catch (error) {
      throw new AppError('settings_invalid', `The settings file ${join(this.dataDir, 'settings.json')} is not valid JSON. Fix it by hand, or move it away and log in again.`, { cause: error });
    }
    const parsed = parseStoredSettings(raw);
    if (!parsed.ok) {
      const issue = parsed.issue;
      throw new AppError('settings_invalid', `The settings file ${join(this.dataDir, 'settings.json')} has a bad value at ${issue?.path.join('.') || 'the top level'}: ${clause(issue?.message ?? 'invalid')}. Fix or remove that key.`);
    }
    return parsed.settings;
  }

  /** Under the same lock as the CLI's FileSettingsStore (`settings.json.lock`), so neither drops the other's change. */
  async change(edit: SettingsEdit): Promise<void> {
    await withFileLock(join(this.dataDir, 'settings.json'), async () => {
      this.store.store = await edit(await this.read());
    });
  }
}
