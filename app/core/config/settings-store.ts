/** The app's settings file (`settings.json`): read leniently, written atomically, never holding the secret. */
import { readFile } from 'node:fs/promises';
import { AppError } from '../errors.js';
import { writeFileAtomic } from './atomic-file.js';
import { parseStoredSettings, type StoredSettings } from './settings-schema.js';

/** Reads and writes the stored settings; the desktop app may supply one backed by electron-store. */
export interface SettingsStore {
  read(): Promise<StoredSettings>;
  write(settings: StoredSettings): Promise<void>;
}

/** A SettingsStore on a plain JSON file. */
export class FileSettingsStore implements SettingsStore {
  constructor(private readonly path: string) {}

  async read(): Promise<StoredSettings> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
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
      throw new AppError('settings_invalid', `The settings file ${this.path} has a bad value at ${where}: ${issue?.message ?? 'invalid'}. Fix or remove that key.`);
    }
    return parsed.settings;
  }

  async write(settings: StoredSettings): Promise<void> {
    await writeFileAtomic(this.path, JSON.stringify(settings, null, 2) + '\n', 0o600);
  }
}

/** A SettingsStore in memory, for tests and the demo. */
export class MemorySettingsStore implements SettingsStore {
  constructor(private settings: StoredSettings = {}) {}
  async read(): Promise<StoredSettings> {
    return structuredClone(this.settings);
  }
  async write(settings: StoredSettings): Promise<void> {
    this.settings = structuredClone(settings);
  }
}
