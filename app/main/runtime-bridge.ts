/**
 * The one place app/main touches the core's composition function. Everything else in the shell talks to
 * `DesktopRuntime`, so when createRuntime's shape changes, only this file changes.
 */
import type { GatewayApi, TokenStatus } from '../contract/api.js';
import type { SecretStore } from '../core/config/secret-store.js';
import type { SettingsStore } from '../core/config/settings-store.js';
import { createRuntime } from '../core/desktop-runtime.js';

/** What the shell needs from the running core. */
export interface DesktopRuntime {
  api: GatewayApi;
  /** Emits 'change' with the new TokenStatus whenever the token service's state changes. */
  tokens: {
    on(event: 'change', listener: (status: TokenStatus) => void): unknown;
    off(event: 'change', listener: (status: TokenStatus) => void): unknown;
  };
  /** The proxy's base URL, e.g. http://127.0.0.1:8484. */
  proxyUrl: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** What the shell hands the core. */
export interface DesktopRuntimeInput {
  settingsStore: SettingsStore;
  secureSecretStore: SecretStore;
  demo: boolean;
  /** The app data folder (the demo's own folder in demo mode), so local keys and agent state follow the settings. */
  dataDir: string;
  /** What direct-mode agents run for a token: this app's binary with `--print-token`. */
  tokenCommand: string[];
}

/** Builds the core services for the desktop app. */
export async function openRuntime(input: DesktopRuntimeInput): Promise<DesktopRuntime> {
  // Assigning to DesktopRuntime makes any drift in createRuntime's shape a type error here, not at run time.
  const runtime: DesktopRuntime = await createRuntime(input);
  return runtime;
}
