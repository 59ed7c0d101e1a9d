/**
 * `ai-gateway status`, and `ai-gateway token` while a proxy of yours runs, without Node's ES module
 * loader. `token` runs on every Claude Code apiKeyHelper call; the build bundles each command's entry
 * (fast-token.ts, fast-status.ts), with the very command modules main.ts loads, into its own CommonJS
 * file (out/app/cli/fast-token.cjs and fast-status.cjs, scripts/bundle-fast-path.mjs) that the launcher
 * requires. One bundle per command: `token` must not load the settings service `status` needs.
 *
 * `token` with no proxy running is not answered here: the launcher then runs the whole command from
 * main.js. Why: the token client would come from the ES modules, a second copy of the core beside the
 * bundle's, whose errors the bundle's `instanceof AppError` does not recognise and whose registered
 * secrets the bundle's redaction does not know. One module graph per run keeps both right.
 */
import type { Command } from './command.js';
import { processIo } from './io.js';
import { runCommand } from './run-command.js';

/** The exit status a fast command returns for "not answered here": the launcher runs main.js instead. */
export const NOT_HERE = -1;

/** Runs `command` with the arguments after its name; resolves with the exit status, or null when main.js must run it. */
export async function runFast(command: Command, rest: string[]): Promise<number | null> {
  const code = await runCommand(command, rest, processIo());
  return code === NOT_HERE ? null : code;
}
