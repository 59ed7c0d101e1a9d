/** The `token` bundle's entry (see fast-path.ts): the token of the running proxy, or null to run main.js. */
import type { Command } from './command.js';
import { NOT_HERE, runFast } from './fast-path.js';
import { runningProxyToken, tokenCommand } from './commands/token.js';

/** `token` as far as a running proxy answers it; the same name, options and --help as the full command. */
export const tokenWhileProxyRuns: Command = {
  ...tokenCommand,
  async run(args, io) {
    const token = await runningProxyToken(io, args.values.demo === true);
    if (token === null) return NOT_HERE;
    io.out(token);
    return 0;
  },
};

/** Runs `ai-gateway token ...` (`argv` after the command name); null when no proxy runs and main.js must answer. */
export function run(rest: string[]): Promise<number | null> {
  return runFast(tokenWhileProxyRuns, rest);
}
