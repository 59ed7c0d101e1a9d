/** Runs one parsed-out command: its --help, its arguments, and the exit status its errors map to. */
import { AppError } from '../core/errors.js';
import { redact } from '../core/log/redact.js';
import { helpText, parseCommandArgs, type Command } from './command.js';
import type { Io } from './io.js';
import { clause } from '../core/text/clause.js';

/** Runs `command` with the arguments after its name; returns the exit status (0 ok, 1 failure, 2 usage or configuration error). */
export async function runCommand(command: Command, rest: string[], io: Io): Promise<number> {
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(helpText(command));
    return 0;
  }
  try {
    return await command.run(parseCommandArgs(command, rest), io);
  } catch (error) {
    if (error instanceof AppError) {
      io.err(`ai-gateway ${command.name}: ${error.message}`);
      return error.code === 'bad_request' || error.code.startsWith('settings_') ? 2 : 1;
    }
    io.err(`ai-gateway ${command.name}: unexpected error: ${clause(redact(error instanceof Error ? error.message : String(error)))}. See \`ai-gateway logs\`.`);
    return 1;
  }
}
