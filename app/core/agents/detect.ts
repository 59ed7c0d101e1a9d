/** Finding an agent's executable on PATH and asking it for its version, with seams for tests. */
import { execFile } from 'node:child_process';
import { childEnvironment } from '../config/child-env.js';
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, join } from 'node:path';

/** Looks an executable up on PATH; null when absent. */
export type WhichFn = (name: string, env: Record<string, string | undefined>, platform: NodeJS.Platform) => Promise<string | null>;

/** Runs `binary args` and returns its first output line; null on failure or timeout. */
export type VersionFn = (binary: string, args: string[], env: Record<string, string | undefined>) => Promise<string | null>;

/** PATH lookup like a shell does it (PATHEXT on Windows). */
export const which: WhichFn = async (name, env, platform) => {
  const dirs = (env['PATH'] ?? env['Path'] ?? '').split(platform === 'win32' ? ';' : delimiter).filter(Boolean);
  const exts = platform === 'win32' ? (env['PATHEXT'] ?? '.EXE;.CMD;.BAT').split(';').concat(['']) : [''];
  for (const dir of dirs) {
    for (const ext of exts) {
      const candidate = join(dir, name + ext);
      try {
        await access(candidate, platform === 'win32' ? constants.F_OK : constants.X_OK);
        return candidate;
      } catch {
        // Not here; keep looking.
      }
    }
  }
  return null;
};

/** `--version` with a short timeout and stdin from /dev/null (some agents wait forever on an open pipe). */
export const readVersion: VersionFn = (binary, args, env) =>
  new Promise((resolveVersion) => {
    const child = execFile(binary, args, { timeout: 5000, env: childEnvironment(env), windowsHide: true }, (error, stdout) => {
      if (error) return resolveVersion(null);
      const line = stdout.split('\n').find((l) => l.trim() !== '');
      const match = line ? /\d+\.\d+\.\d+[\w.-]*/.exec(line) : null;
      resolveVersion(match ? match[0] : (line?.trim() ?? null));
    });
    child.stdin?.end();
  });
