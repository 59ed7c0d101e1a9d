/**
 * How the person at this terminal runs this command, so hints print a command that works here:
 * `ai-gateway` when that name on PATH is this very launcher, `npx ai-gateway` under npx (which finds it
 * only inside this checkout), else `node <path to the launcher>`.
 */
import { realpathSync } from 'node:fs';
import { delimiter, isAbsolute, join, relative } from 'node:path';

/** What the hints should say instead of a bare `ai-gateway`. */
export function invocation(env: Record<string, string | undefined>, launcher: string | undefined, cwd: string, platform: NodeJS.Platform = process.platform): string {
  if (!launcher) return 'ai-gateway';
  const real = (path: string): string | null => {
    try {
      return realpathSync(path);
    } catch {
      return null;
    }
  };
  const self = real(launcher);
  const names = platform === 'win32' ? ['ai-gateway.cmd', 'ai-gateway.exe', 'ai-gateway'] : ['ai-gateway'];
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of names) {
      const found = real(join(dir, name));
      if (found && self && found === self) return 'ai-gateway';
    }
  }
  if (env.npm_command === 'exec' || env.npm_lifecycle_event === 'npx') return 'npx ai-gateway';
  const shown = relative(cwd, launcher);
  const path = shown && !shown.startsWith('..') && !isAbsolute(shown) ? shown : launcher;
  return `node ${/\s/.test(path) ? JSON.stringify(path) : path}`;
}

/** `text` with every hint's `ai-gateway ...` (in backticks, in `$(...)`, or starting a snippet's line) spelled the way it runs here. */
export function withInvocation(text: string, command: string): string {
  if (command === 'ai-gateway') return text;
  return text
    .replace(/`ai-gateway(?=[ `])/g, `\`${command}`)
    .replace(/\$\(ai-gateway /g, `$(${command} `)
    .replace(/^ai-gateway (?=\S)/gm, `${command} `);
}
