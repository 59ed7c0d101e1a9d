/**
 * `ai-gateway status`, and `ai-gateway token` while a proxy of yours runs, without Node's ES module
 * loader. `token` runs on every Claude Code apiKeyHelper call; the build bundles this file, with the very
 * command modules main.ts loads, into one CommonJS file (out/app/cli/fast-path.cjs,
 * scripts/bundle-fast-path.mjs) that the launcher requires.
 *
 * `token` with no proxy running is not answered here: the launcher then runs the whole command from
 * main.js. Why: the token client would come from the ES modules, a second copy of the core beside the
 * bundle's, whose errors the bundle's `instanceof AppError` does not recognise and whose registered
 * secrets the bundle's redaction does not know. One module graph per run keeps both right.
 */
import type { Command } from './command.js';
import { processIo } from './io.js';
import { runCommand } from './run-command.js';
import { statusCommand } from './commands/status.js';
import { runningProxyToken, tokenCommand } from './commands/token.js';

/** The exit status that means "not answered here": the launcher runs main.js instead. */
const NOT_HERE = -1;

/** `token` as far as a running proxy answers it; the same name, options and --help as the full command. */
const tokenWhileProxyRuns: Command = {
  ...tokenCommand,
  async run(args, io) {
    const token = await runningProxyToken(io, args.values.demo === true);
    if (token === null) return NOT_HERE;
    io.out(token);
    return 0;
  },
};

/** The commands this path answers, by name. */
export const FAST_COMMANDS = { token: tokenWhileProxyRuns, status: statusCommand } as const;

/** True when the launcher may try `argv` here first. */
export function isFastCommand(name: string | undefined): name is keyof typeof FAST_COMMANDS {
  return name === 'token' || name === 'status';
}

/** Runs `ai-gateway token|status ...`; resolves with the exit status, or null when main.js must run the command. */
export async function runFast(argv: string[]): Promise<number | null> {
  const [name, ...rest] = argv;
  if (!isFastCommand(name)) return null;
  const code = await runCommand(FAST_COMMANDS[name], rest, processIo());
  return code === NOT_HERE ? null : code;
}
