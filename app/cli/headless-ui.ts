/** `serve --ui`: the built renderer and the API over HTTP on 127.0.0.1, behind a session token. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { GatewayApi } from '../contract/api.js';
import { AppError } from '../core/errors.js';
import { redact } from '../core/log/redact.js';
import { startWebUi } from '../web/index.js';

/** Where `vite build` puts the renderer, relative to this compiled file (out/app/cli). */
const RENDERER_DIR = fileURLToPath(new URL('../../renderer', import.meta.url));

/** Starts the headless window; fails with the fix when the renderer was not built. */
/**
 * `command` is how this process was started (`ai-gateway serve --ui`, spelled as it runs here) and
 * `linkCommand` the one that prints a new link to this window (`ai-gateway ui-link`): the page names both in its session advice.
 */
export async function startHeadlessUi(api: GatewayApi, port: number, demo: boolean, command: string, linkCommand: string): Promise<{ url: string; newLink(): string; close(): Promise<void> }> {
  if (!existsSync(`${RENDERER_DIR}/index.html`)) {
    throw new AppError('internal', 'The app window is not built. Run `npm run build` (or `npm install`) in the project folder first.');
  }
  return startWebUi({
    api,
    port,
    staticDir: RENDERER_DIR,
    demo,
    command,
    linkCommand,
    onInternalError: (method, error) => process.stderr.write(redact(`[ui] ${method} failed: ${error instanceof Error ? error.message : String(error)}\n`)),
  });
}
