/** Where the shell finds its own files in development (`electron .`) and in a packaged build. */
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app } from 'electron';

// This file compiles to out/app/main/paths.js, inside app.asar when packaged; the layout below is the same in both.
const here = fileURLToPath(new URL('.', import.meta.url));

/** The compiled preload (CommonJS: sandboxed preloads cannot be ES modules). */
export const preloadPath = join(here, '..', 'preload', 'index.cjs');

/** The renderer's built entry page. */
export const rendererIndexPath = join(here, '..', '..', 'renderer', 'index.html');

/** The entry page as the URL its frames report, for the sender and navigation checks. */
export const appEntryUrl = pathToFileURL(rendererIndexPath).href;

/**
 * Tray images and the window icon. Packaged: copied next to app.asar by electron-builder's
 * extraResources (native image loading wants real files). Development: straight from build/.
 */
export function resourcePath(...parts: string[]): string {
  return app.isPackaged ? join(process.resourcesPath, ...parts) : join(app.getAppPath(), 'build', ...parts);
}
