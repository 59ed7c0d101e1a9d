/**
 * `<app> --print-token`: the desktop app's token command for direct-mode agents (see token-command.ts).
 * It runs on every apiKeyHelper call, so the usual path is short: find the running app's proxy from its
 * record in the app data folder, have it prove itself, ask it for its cached token with the CLI's local
 * key, print it (app/cli/running-proxy.ts). Only when no app runs does it open the app's secret store
 * (safeStorage needs Electron's `ready`) and fetch a token itself. A listener that cannot prove it is
 * this user's proxy gets nothing, and the command fails saying so. Electron-free, so it is tested under Node; app/main/print-token.ts wires it.
 */
import type { SecretStore } from '../config/secret-store.js';
import { AppError } from '../errors.js';
import { registerSecret } from '../log/redact.js';
import type { Runtime } from '../runtime.js';

/** What the token command needs from its shell. */
export interface PrintTokenOptions {
  dataDir: string;
  demo: boolean;
  env: Record<string, string | undefined>;
  /** The running proxy's token for the app data folder `dataDir` (with the CLI's local key there); null when none runs, throws when one cannot prove itself (app/cli/running-proxy.ts). */
  fromRunningProxy(dataDir: string): Promise<string | null>;
  /** The app's own secret store; called only when no proxy runs. */
  openSecretStore(): Promise<SecretStore>;
  out(text: string): void;
  err(text: string): void;
}

/** Prints one token; resolves to the exit status (0 printed, 1 failed, 2 not configured). */
export async function printToken(options: PrintTokenOptions): Promise<number> {
  const { dataDir, demo, env } = options;
  const opened: Runtime[] = [];
  try {
    // The short path loads no runtime, settings or secret store: the proxy record and the local keys are
    // plain files (the core's Runtime alone takes about 140 ms to import under Node).
    const cached = await options.fromRunningProxy(dataDir);
    if (cached) {
      options.out(cached);
      return 0;
    }
    if (demo) {
      options.err('ai-gateway: the demo app is not running. Start it again (AI Gateway --demo), or undo the demo setup.');
      return 1;
    }
    const { Runtime } = await import('../runtime.js');
    const full = new Runtime({ env, dataDir, secureSecretStore: await options.openSecretStore() });
    opened.push(full);
    await full.load();
    registerSecret(full.resolved?.clientSecret);
    await full.settings.require();
    options.out(await full.tokens.getToken());
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const settings = error instanceof AppError && error.code.startsWith('settings_');
    // Whoever reads this (an agent's log, a person) set the agent up from the app: that is where the fix is.
    options.err(`ai-gateway: no token: ${message}${settings ? ' Or open AI Gateway and enter the gateway values there.' : ''}`);
    return settings ? 2 : 1;
  } finally {
    // Closes the HTTP dispatchers and timers, so the process can exit as soon as the token is out.
    await Promise.all(opened.map((runtime) => runtime.stop().catch(() => undefined)));
  }
}
