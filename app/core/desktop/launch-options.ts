/** How the desktop app was launched, from its command line, and where a launch keeps its data. */
import { join } from 'node:path';

/** Launch switches the desktop app understands. */
export interface LaunchOptions {
  /** `--demo`: run against the built-in demo gateway, with its own data folder. */
  demo: boolean;
  /** `--hidden`: started at login; stay in the tray without opening the window. */
  hidden: boolean;
  /** `--print-token`: print a gateway token on stdout and exit (direct-mode agents' token command). */
  printToken: boolean;
}

/** The switch start-at-login passes, so a login launch stays in the tray. */
export const HIDDEN_SWITCH = '--hidden';

/** The switch of the app's own token command; handled before the single-instance lock, so it never shows a window. */
export const PRINT_TOKEN_SWITCH = '--print-token';

/** The demo switch. */
export const DEMO_SWITCH = '--demo';

/** Reads the switches; unknown arguments (Chromium's, Electron's, the app path) are ignored. */
export function parseLaunchOptions(argv: readonly string[]): LaunchOptions {
  return { demo: argv.includes(DEMO_SWITCH), hidden: argv.includes(HIDDEN_SWITCH), printToken: argv.includes(PRINT_TOKEN_SWITCH) };
}

/**
 * The folder for Electron's userData and the app's stores. The demo gets a folder of its own so it never
 * reads or writes the real settings, and so its single-instance lock (kept per userData) does not
 * collide with a running real app.
 */
export function desktopDataDir(appDataDir: string, options: Pick<LaunchOptions, 'demo'>): string {
  return options.demo ? join(appDataDir, 'demo') : appDataDir;
}
