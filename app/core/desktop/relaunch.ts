/** How "Try the demo" starts the app again: the same program with the same arguments, plus `--demo`. */
import type { LaunchCommandInput } from './autostart.js';

/**
 * Either Electron's `app.relaunch(options)`, or, for an AppImage, a detached start of the AppImage file.
 *
 * AppImage: `process.execPath` is inside the AppImage's temporary mount, which is unmounted when this
 * instance quits, so relaunching it finds nothing (electron-userland/electron-builder#1727, #4650).
 * `APPIMAGE` is the .AppImage file (docs.appimage.org, "Environment variables"); and because
 * `app.relaunch` runs its relauncher helper from the current, soon unmounted, binary even when given
 * another execPath, the new instance is started directly instead. It runs on its own data folder and
 * lock (the demo's), so it does not wait for this one to finish quitting.
 */
export type RelaunchPlan = { kind: 'relaunch'; execPath: string; args: string[] } | { kind: 'spawn'; command: string; args: string[] };

/** `argv` is process.argv: its first entry is the program and is replaced; the rest (the app folder in development, user switches) is kept. */
export function relaunchPlan(input: Pick<LaunchCommandInput, 'execPath' | 'appImage'>, argv: readonly string[], extraArgs: readonly string[]): RelaunchPlan {
  const args = [...argv.slice(1).filter((arg) => !extraArgs.includes(arg)), ...extraArgs];
  if (input.appImage) return { kind: 'spawn', command: input.appImage, args };
  return { kind: 'relaunch', execPath: input.execPath, args };
}
