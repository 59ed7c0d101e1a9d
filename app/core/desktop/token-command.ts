/**
 * The token command the desktop app writes into direct-mode agent configs (Claude Code's apiKeyHelper,
 * Codex's auth command, Goose's auth command): the app binary itself with `--print-token`.
 *
 * Why the app binary and not `node bin/ai-gateway.mjs token`: under Electron `process.execPath` is the app,
 * not Node; a packaged app has no `bin/` and no CLI sources outside app.asar; and the RunAsNode fuse is off
 * (electron-builder.config.cjs), so `ELECTRON_RUN_AS_NODE` cannot turn the app into Node either. The app
 * handles the switch at the top of its main process (app/main/main.ts), before the single-instance lock
 * and before any window or tray, prints the token and exits.
 */
import { launchCommand, type LaunchCommandInput } from './autostart.js';
import { DEMO_SWITCH, PRINT_TOKEN_SWITCH } from './launch-options.js';

/**
 * The command, program first. AppImage: the AppImage file (`APPIMAGE`, electron-builder's documented
 * variable; `execPath` is inside a mount that disappears when the app exits). Packaged: the app binary.
 * Development: the electron binary and the app folder.
 */
export function desktopTokenCommand(input: LaunchCommandInput, demo: boolean): string[] {
  return launchCommand(input, demo ? [PRINT_TOKEN_SWITCH, DEMO_SWITCH] : [PRINT_TOKEN_SWITCH]);
}
