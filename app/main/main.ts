/**
 * The Electron entry point (package.json "main"). ES module main: Electron 28 or later.
 * Order matters: `--print-token` is answered before anything else (it is the token command of
 * direct-mode agents, started on every request: no lock, no window, no tray); then paths are fixed
 * before `ready`, and the single-instance lock is taken before any window or tray.
 */
import { join } from 'node:path';
import { app } from 'electron';
import { appDataDir } from '../core/config/paths.js';
import { desktopDataDir, parseLaunchOptions } from '../core/desktop/launch-options.js';

const launch = parseLaunchOptions(process.argv);
const dataDir = desktopDataDir(appDataDir(), launch);

// The CLI and the app share one folder (settings.json, local keys); Chromium's caches go to a subfolder of it.
// The token command sets it too: on Windows safeStorage's key is kept in userData ("Local State").
app.setPath('userData', dataDir);
app.setPath('sessionData', join(dataDir, 'electron'));

if (launch.printToken) {
  // Loaded on demand so the token command does not load the tray app's modules.
  const { runPrintToken } = await import('./print-token.js');
  await runPrintToken(launch, dataDir);
} else if (!app.requestSingleInstanceLock()) {
  // Another instance owns the tray; it shows its window on 'second-instance'.
  app.quit();
} else {
  const { runDesktopApp } = await import('./desktop-app.js');
  runDesktopApp(launch, dataDir).catch((error: unknown) => {
    console.error('[ai-gateway] the desktop app failed to start', error);
    app.exit(1);
  });
}
