/**
 * `ai-gateway token` and `ai-gateway status` without Node's ES module loader. `token` runs on every
 * Claude Code apiKeyHelper call; the build bundles this file, with the very command modules main.ts
 * loads, into one CommonJS file (out/app/cli/fast-path.cjs, scripts/bundle-fast-path.mjs) that the
 * launcher requires. What these commands load only on their rarer paths (the token client when no proxy
 * runs, the port-owner lookup) stays a dynamic import of the ES modules beside it.
 */
import { processIo } from './io.js';
import { runCommand } from './run-command.js';
import { statusCommand } from './commands/status.js';
import { tokenCommand } from './commands/token.js';

/** The commands this path answers, by name. */
export const FAST_COMMANDS = { token: tokenCommand, status: statusCommand } as const;

/** True when the launcher may answer `argv` from this bundle. */
export function isFastCommand(name: string | undefined): name is keyof typeof FAST_COMMANDS {
  return name === 'token' || name === 'status';
}

/** Runs `ai-gateway token|status ...`; resolves with the exit status. */
export function runFast(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!isFastCommand(name)) throw new Error(`not a fast-path command: ${String(name)}`);
  return runCommand(FAST_COMMANDS[name], rest, processIo());
}
