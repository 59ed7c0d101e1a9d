/**
 * Start at login: Electron's login items on macOS and Windows, an XDG autostart entry on Linux (where
 * setLoginItemSettings does nothing). A login launch passes `--hidden` so the app stays in the tray.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { app } from 'electron';
import { autostartEntry, autostartPath, launchCommand } from '../core/desktop/autostart.js';
import { HIDDEN_SWITCH } from '../core/desktop/launch-options.js';
import { currentLaunch } from './launch-input.js';

function command(): string[] {
  return launchCommand(currentLaunch(), [HIDDEN_SWITCH]);
}

function linuxEntryPath(): string {
  return autostartPath(process.env.XDG_CONFIG_HOME || join(homedir(), '.config'));
}

/** Whether the app is registered to start at login. */
export async function getStartAtLogin(): Promise<boolean> {
  if (process.platform === 'linux') {
    try {
      return (await readFile(linuxEntryPath(), 'utf8')).includes('[Desktop Entry]');
    } catch {
      return false;
    }
  }
  const [path, ...args] = command();
  // Windows matches the registry entry by path and arguments, so ask with the same ones we register.
  return app.getLoginItemSettings(process.platform === 'win32' ? { path, args } : undefined).openAtLogin;
}

/** Registers or removes the app as a login item. */
export async function setStartAtLogin(enabled: boolean): Promise<void> {
  if (process.platform === 'linux') {
    const path = linuxEntryPath();
    if (!enabled) return rm(path, { force: true });
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, autostartEntry(command()), { mode: 0o644 });
    return;
  }
  const [path, ...args] = command();
  app.setLoginItemSettings({ openAtLogin: enabled, ...(process.platform === 'win32' ? { path, args } : {}) });
}

/** True when this launch came from the login item, so no window should pop up. */
export function launchedAtLogin(argv: readonly string[]): boolean {
  if (argv.includes(HIDDEN_SWITCH)) return true;
  // macOS login items cannot pass arguments; the OS tells us instead.
  return process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin;
}
