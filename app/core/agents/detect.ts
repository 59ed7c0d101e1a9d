/** Finding an agent's executable on PATH and asking it for its version, with seams for tests. */
import { execFile } from 'node:child_process';
import { childEnvironment } from '../config/child-env.js';
import { constants } from 'node:fs';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
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

/**
 * The environment an agent's `--version` runs in: the caller's, with every home and config folder pointed at
 * `sandbox`. Why: several agents set up their folders on any start, `--version` included (opencode makes
 * ~/.config/opencode and ~/.cache/opencode, Continue's cn writes ~/.continue/logs/cn.log), and merely
 * looking whether one is installed must not leave folders in the person's HOME.
 */
export function versionProbeEnv(env: Record<string, string | undefined>, sandbox: string): Record<string, string | undefined> {
  return {
    ...childEnvironment(env),
    HOME: sandbox,
    USERPROFILE: sandbox,
    XDG_CONFIG_HOME: join(sandbox, '.config'),
    XDG_DATA_HOME: join(sandbox, '.local', 'share'),
    XDG_CACHE_HOME: join(sandbox, '.cache'),
    XDG_STATE_HOME: join(sandbox, '.local', 'state'),
    CODEX_HOME: join(sandbox, '.codex'),
  };
}

/**
 * `--version` with a short timeout and stdin from /dev/null (some agents wait forever on an open pipe), in a
 * throwaway home removed afterwards (versionProbeEnv says why).
 */
export const readVersion: VersionFn = async (binary, args, env) => {
  const sandbox = await mkdtemp(join(tmpdir(), 'ai-gateway-version-'));
  try {
    return await new Promise<string | null>((resolveVersion) => {
      const child = execFile(binary, args, { timeout: 5000, env: versionProbeEnv(env, sandbox), windowsHide: true }, (error, stdout) => {
        if (error) return resolveVersion(null);
        const line = stdout.split('\n').find((l) => l.trim() !== '');
        const match = line ? /\d+\.\d+\.\d+[\w.-]*/.exec(line) : null;
        resolveVersion(match ? match[0] : (line?.trim() ?? null));
      });
      child.stdin?.end();
    });
  } finally {
    await rm(sandbox, { recursive: true, force: true });
  }
};
