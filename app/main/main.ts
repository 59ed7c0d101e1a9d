/**
 * The Electron entry point (package.json "main"). ES module main: Electron 28 or later.
 * Order matters: paths are fixed before `ready`, the single-instance lock before any window or tray.
 */
import { join } from 'node:path';
import { app } from 'electron';
import { appDataDir } from '../core/config/paths.js';
import { desktopDataDir, parseLaunchOptions } from '../core/desktop/launch-options.js';
import { runDesktopApp } from './desktop-app.js';

const launch = parseLaunchOptions(process.argv);
const dataDir = desktopDataDir(appDataDir(), launch);

// The CLI and the app share one folder (settings.json, local keys); Chromium's caches go to a subfolder of it.
app.setPath('userData', dataDir);
app.setPath('sessionData', join(dataDir, 'electron'));

if (!app.requestSingleInstanceLock()) {
  // Another instance owns the tray; it shows its window on 'second-instance'.
  app.quit();
} else {
  runDesktopApp(launch, dataDir).catch((error: unknown) => {
    console.error('[ai-gateway] the desktop app failed to start', error);
    app.exit(1);
  });
}
