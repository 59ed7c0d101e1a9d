/**
 * The user's login-shell PATH. An app started from Finder or the Dock inherits launchd's short PATH
 * (/usr/bin:/bin:/usr/sbin:/sbin), so agents installed by Homebrew, npm or into ~/.local/bin look "not
 * installed". Like sindresorhus/shell-env (what VS Code and Hyper do too), ask the user's shell once:
 * `$SHELL -ilc`, PATH printed between markers because interactive start-up files may print anything.
 * Hand-written rather than the shell-env package: one variable, Node's execFile, and no execa tree in
 * the shipped app.
 */
import { execFile } from 'node:child_process';
import { childEnvironment } from '../config/child-env.js';

const MARK = '__AI_GATEWAY_PATH__';

/** What the probe needs: the shell, the environment it starts with, and how long it may take. */
export interface LoginShellOptions {
  shell: string;
  env: Record<string, string | undefined>;
  timeoutMs?: number;
}

/** The PATH between the markers in a shell's output, or null when the markers are missing. */
export function pathFromShellOutput(output: string): string | null {
  const start = output.indexOf(MARK);
  const end = output.indexOf(MARK, start + MARK.length);
  if (start < 0 || end < 0) return null;
  const value = output.slice(start + MARK.length, end).trim();
  return value === '' ? null : value;
}

/** The login shell's PATH, or null when the shell fails, hangs past the timeout, or prints none. */
export function loginShellPath(options: LoginShellOptions): Promise<string | null> {
  const script = `printf '${MARK}%s${MARK}' "$PATH"; exit`;
  // The user's start-up files run here: they get no GATEWAY_* value (the client secret among them).
  // oh-my-zsh would otherwise ask to update itself, and a prompt would wait for input nobody gives.
  const env = { ...childEnvironment(options.env), DISABLE_AUTO_UPDATE: 'true' };
  return new Promise((resolve) => {
    execFile(options.shell, ['-ilc', script], { env, timeout: options.timeoutMs ?? 5000, encoding: 'utf8', maxBuffer: 1024 * 1024 }, (error, stdout) => {
      resolve(error && !stdout ? null : pathFromShellOutput(stdout));
    });
  });
}

/** The login shell's entries first, then any of the current ones it lacks; no duplicates. */
export function mergePath(loginPath: string | null, currentPath: string | undefined, delimiter = ':'): string {
  const entries = [...(loginPath ?? '').split(delimiter), ...(currentPath ?? '').split(delimiter)].filter((entry) => entry !== '');
  return [...new Set(entries)].join(delimiter);
}
