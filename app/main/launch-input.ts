/** How this process was started, for the commands that start the app again (login item, demo relaunch, token command). */
import { app } from 'electron';
import type { LaunchCommandInput } from '../core/desktop/autostart.js';

/** The running app's program, AppImage file, packaging state and app folder. */
export function currentLaunch(): LaunchCommandInput {
  // APPIMAGE is set by the AppImage runtime to the .AppImage file (electron-builder documents it for exactly this:
  // execPath points into a temporary mount that is gone once the app exits).
  return { execPath: process.execPath, appImage: process.env.APPIMAGE, isPackaged: app.isPackaged, appPath: app.getAppPath() };
}
