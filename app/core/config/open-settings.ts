/**
 * The settings service on its real stores, without the rest of the runtime: `ai-gateway status` needs
 * only this, and building the whole Runtime would load the proxy, the HTTP client and the token client.
 */
import { appDataDir, appFiles } from './paths.js';
import { FileSecretStore, KeyringSecretStore, MemorySecretStore, type SecretStore } from './secret-store.js';
import { SettingsService } from './settings-service.js';
import { FileSettingsStore, type SettingsStore } from './settings-store.js';

/** Where to read the settings from; every seam defaults to the real one. */
export interface OpenSettingsOptions {
  env: Record<string, string | undefined>;
  dataDir?: string;
  settingsStore?: SettingsStore;
  secureSecretStore?: SecretStore;
}

/** The app data files and the settings service over them. */
export function openSettings(options: OpenSettingsOptions): { files: ReturnType<typeof appFiles>; settings: SettingsService } {
  const files = appFiles(options.dataDir ?? appDataDir(options.env));
  const settings = new SettingsService(options.settingsStore ?? new FileSettingsStore(files.settings), {
    secure: options.secureSecretStore ?? new KeyringSecretStore(),
    file: new FileSecretStore(files.clientSecret),
    memory: new MemorySecretStore(),
  }, options.env);
  return { files, settings };
}
