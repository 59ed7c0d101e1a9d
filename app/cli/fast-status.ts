/** The `status` bundle's entry (see fast-path.ts): the whole command, as main.js runs it. */
import { runFast } from './fast-path.js';
import { statusCommand } from './commands/status.js';

/** Runs `ai-gateway status ...` (`argv` after the command name). */
export function run(rest: string[]): Promise<number | null> {
  return runFast(statusCommand, rest);
}
