/** The app's version, read once from package.json. */
import { readFileSync } from 'node:fs';

/** The version string shown by `--version`, the status line and the proxy's `GET /`. */
export const APP_VERSION: string = (() => {
  try {
    return (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return 'dev';
  }
})();
