/** Where the demo lives, so `env --demo` and `demo` agree without touching the real app data. */
import { join } from 'node:path';
import { appDataDir } from '../core/config/paths.js';

/** The demo proxy's port: not the real one, so an agent set up against the demo never shadows real use. */
export const DEMO_PORT = 8485;

/** The demo's own app data folder, inside the real one. */
export function demoDataDir(env: Record<string, string | undefined>): string {
  return join(appDataDir(env), 'demo');
}

/** The app data folder a command works in: the demo's with `--demo`, else the real app's. */
export function dataDirFor(env: Record<string, string | undefined>, demo: boolean): string {
  return demo ? demoDataDir(env) : appDataDir(env);
}
