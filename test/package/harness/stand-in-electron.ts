/**
 * A stand-in for Electron's Linux distribution folder (what electron-v<version>-linux-<arch>.zip unpacks
 * to), for electron-builder's `electronDist`: electron-builder copies the folder, renames `electron` to
 * the executable name, adds `resources/app.asar` and flips the fuses in the binary
 * (app-builder-lib out/electron/ElectronFramework.js, platformPackager.js). So the stand-in has what
 * those steps touch: an `electron` file carrying the fuse wire where @electron/fuses looks for it (the
 * sentinel, then version 1, the wire length and one byte per fuse, as in a real binary), `resources/`,
 * `LICENSE`, `LICENSES.chromium.html` and `version`. It cannot run a window; it does not have to.
 */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The marker @electron/fuses searches for in the Electron binary (its src/constants.ts). */
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

/**
 * Electron's own defaults, in wire order (RunAsNode, EnableCookieEncryption, EnableNodeOptionsEnvironmentVariable,
 * EnableNodeCliInspectArguments, EnableEmbeddedAsarIntegrityValidation, OnlyLoadAppFromAsar,
 * LoadBrowserProcessSpecificV8Snapshot, GrantFileProtocolExtraPrivileges): '1' on, '0' off. So a fuse the
 * config forgets stays at Electron's default, as it would in a real build.
 */
export const ELECTRON_DEFAULT_FUSES = '10110001';

/** Writes the stand-in distribution into `dir`. */
export async function writeStandInElectron(dir: string, version: string): Promise<void> {
  await mkdir(join(dir, 'resources'), { recursive: true });
  const wire = Buffer.concat([Buffer.from(FUSE_SENTINEL), Buffer.from([1, ELECTRON_DEFAULT_FUSES.length]), Buffer.from(ELECTRON_DEFAULT_FUSES)]);
  const script = Buffer.from('#!/bin/sh\necho "stand-in Electron: this package was built for inspection, it cannot run" >&2\nexit 1\n# ');
  await writeFile(join(dir, 'electron'), Buffer.concat([script, wire, Buffer.from('\n')]));
  await chmod(join(dir, 'electron'), 0o755);
  await writeFile(join(dir, 'version'), version);
  await writeFile(join(dir, 'LICENSE'), 'Stand-in for Electron\'s MIT license file.\n');
  await writeFile(join(dir, 'LICENSES.chromium.html'), '<p>Stand-in for Chromium\'s license file.</p>\n');
}
