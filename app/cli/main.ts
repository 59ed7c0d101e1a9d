/** The `ai-gateway` command: the same core as the desktop app, for SSH boxes, dev containers and scripts. */
import { AppError } from '../core/errors.js';
import { redact } from '../core/log/redact.js';
import { APP_VERSION } from '../core/version.js';
import { helpText, parseCommandArgs, type Command } from './command.js';
import { demoCommand } from './commands/demo.js';
import { envCommand, runCommand } from './commands/env.js';
import { loginCommand } from './commands/login.js';
import { logsCommand } from './commands/logs.js';
import { serveCommand } from './commands/serve.js';
import { statusCommand } from './commands/status.js';
import { testCommand } from './commands/test.js';
import { tokenCommand } from './commands/token.js';
import { agentCommands } from './commands/agents.js';
import { processIo, type Io } from './io.js';

/** Every command, in the order `--help` lists them. */
export const COMMANDS: Command[] = [serveCommand, loginCommand, tokenCommand, statusCommand, testCommand, ...agentCommands, envCommand, runCommand, demoCommand, logsCommand];

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    `ai-gateway ${APP_VERSION}: keeps coding agents connected to the company AI Gateway.`,
    '',
    'Usage: ai-gateway <command> [options]     (ai-gateway <command> --help for details)',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary.split(/\.\s+(?=[A-Z])/)[0]!.replace(/\.$/, '')}`),
    '',
    'Start here: `ai-gateway demo --ui` (no credentials needed), or export GATEWAY_URL, GATEWAY_CLIENT_ID,',
    'GATEWAY_CLIENT_SECRET, GATEWAY_TOKEN_ENDPOINT and run `ai-gateway login`, then `ai-gateway serve`.',
  ].join('\n');
}

/** Runs one command line; returns the exit status (0 ok, 1 failure, 2 usage or configuration error). */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(overview());
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    io.out(APP_VERSION);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`Unknown command "${name}". Run \`ai-gateway --help\` for the list.`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(helpText(command));
    return 0;
  }
  try {
    return await command.run(parseCommandArgs(command, rest), io);
  } catch (error) {
    if (error instanceof AppError) {
      io.err(`ai-gateway ${name}: ${error.message}`);
      return error.code === 'bad_request' || error.code.startsWith('settings_') ? 2 : 1;
    }
    io.err(`ai-gateway ${name}: unexpected error: ${redact(error instanceof Error ? error.message : String(error))}. See \`ai-gateway logs\`.`);
    return 1;
  }
}
