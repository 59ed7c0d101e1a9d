/** Where the app keeps its data: the platform's usual place, or AI_GATEWAY_HOME. */
import { join, resolve } from 'node:path';

/** The folder name the desktop app and the CLI share, so both see the same settings and keys. */
export const APP_FOLDER = { linux: 'ai-gateway', darwin: 'AI Gateway', win32: 'AI Gateway' } as const;

/** The app data folder: `AI_GATEWAY_HOME` if set, else the OS convention (XDG on Linux, Application Support, %APPDATA%). */
export function appDataDir(
  env: Record<string, string | undefined> = process.env,
  platform: NodeJS.Platform = process.platform,
  // node:os only when HOME is unset: `ai-gateway token` (every apiKeyHelper call) then never loads it.
  home: string = env.HOME ?? process.getBuiltinModule('node:os').homedir(),
): string {
  if (env.AI_GATEWAY_HOME) return resolve(env.AI_GATEWAY_HOME);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_FOLDER.darwin);
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_FOLDER.win32);
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), APP_FOLDER.linux);
}

/** The files inside the app data folder, named in one place. */
export function appFiles(dir: string) {
  return {
    dir,
    settings: join(dir, 'settings.json'),
    clientSecret: join(dir, 'client-secret'),
    localKeys: join(dir, 'local-keys.json'),
    agentsState: join(dir, 'agents'),
    logs: join(dir, 'logs'),
    /** The running proxy's port, pid and per-run proof secret (0600), while one runs. */
    proxyRecord: join(dir, 'running-proxy.json'),
    /** The usage history: one JSON-lines file per UTC day. */
    usage: join(dir, 'usage'),
    /** The user's optional price table for the usage history. */
    prices: join(dir, 'prices.json'),
  };
}
