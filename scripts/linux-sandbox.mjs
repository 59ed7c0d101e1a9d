// Ubuntu 23.10 and later (24.04 included) restrict unprivileged user namespaces with AppArmor
// (kernel.apparmor_restrict_unprivileged_userns = 1). Chromium's sandbox then needs either an AppArmor
// profile that allows `userns` for the binary, or a SUID-root chrome-sandbox; without either, Electron
// aborts at start with "The SUID sandbox helper binary was found, but is not configured correctly".
// The .deb installs such a profile (electron-builder's after-install script); `npm start` runs Electron
// from node_modules, which has neither, so it says what to do before it starts.
import { readFileSync, statSync } from 'node:fs';

/** The sysctl that turns the restriction on. */
export const RESTRICT_FILE = '/proc/sys/kernel/apparmor_restrict_unprivileged_userns';

/**
 * What to tell someone about to start Electron at `electronPath` (null when nothing is needed): only on
 * Linux, only when the restriction is on and chrome-sandbox next to the binary is not SUID root.
 */
export function sandboxAdvice({ platform = process.platform, restrictFile = RESTRICT_FILE, electronPath }) {
  if (platform !== 'linux') return null;
  let restricted;
  try {
    restricted = readFileSync(restrictFile, 'utf8').trim() === '1';
  } catch {
    return null;
  }
  if (!restricted) return null;
  const sandbox = electronPath.replace(/[^/]+$/, 'chrome-sandbox');
  try {
    const info = statSync(sandbox);
    if (info.uid === 0 && (info.mode & 0o4000) !== 0) return null;
  } catch {
    // No helper at all: the same advice applies.
  }
  return [
    'This system restricts unprivileged user namespaces (AppArmor, Ubuntu 23.10 and later), so Electron\'s sandbox',
    'cannot start from node_modules and the app may abort with "The SUID sandbox helper binary was found, but is not',
    'configured correctly". Either make the development sandbox helper SUID root (Electron\'s documented fix):',
    `  sudo chown root:root '${sandbox}' && sudo chmod 4755 '${sandbox}'`,
    'or allow user namespaces for this Electron with an AppArmor profile; see docs/packaging.md ("Linux: AppArmor").',
  ].join('\n');
}
