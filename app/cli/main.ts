/** The `ai-gateway` command: the same core as the desktop app, for SSH boxes, dev containers and scripts. */
import { AppError } from '../core/errors.js';
import { redact } from '../core/log/redact.js';
import { APP_VERSION } from '../core/version.js';
import { helpText, parseCommandArgs, type Command } from './command.js';
import { processIo, type Io } from './io.js';

/** A command as the overview lists it; its module (and the core it pulls in) loads only when run. */
interface CommandEntry {
  name: string;
  summary: string;
  load: () => Promise<Command>;
}

// Loaded on demand: `ai-gateway token` runs as Claude Code's apiKeyHelper, so start-up time matters.
const entry = (name: string, summary: string, load: () => Promise<Command>): CommandEntry => ({ name, summary, load });

/** Every command, in the order `--help` lists them. */
export const COMMANDS: CommandEntry[] = [
  entry('serve', 'Run the token refresher and the local proxy in the foreground', async () => (await import('./commands/serve.js')).serveCommand),
  entry('login', 'Get a gateway token now and print how long it is valid (never the token)', async () => (await import('./commands/login.js')).loginCommand),
  entry('token', 'Print a valid gateway access token on stdout', async () => (await import('./commands/token.js')).tokenCommand),
  entry('status', 'Show the settings, the token state and expiry, and whether the proxy runs', async () => (await import('./commands/status.js')).statusCommand),
  entry('test', 'Test connectivity to each provider through the gateway', async () => (await import('./commands/test.js')).testCommand),
  entry('agents', 'List the six agents and whether they are set up', async () => (await import('./commands/agents.js')).agentsCommand),
  entry('setup', 'Point an agent at the proxy (shows the diff first; --undo restores)', async () => (await import('./commands/agents.js')).setupCommand),
  entry('doctor', 'Check that set-up agents still work, with the fix for each problem', async () => (await import('./commands/agents.js')).doctorCommand),
  entry('env', 'Print export lines for SDKs and scripts (a local key, never the token)', async () => (await import('./commands/env.js')).envCommand),
  entry('run', 'Run a command with the variables of `ai-gateway env`', async () => (await import('./commands/env.js')).runCommand),
  entry('demo', 'Try the app against a built-in demo gateway, no credentials needed', async () => (await import('./commands/demo.js')).demoCommand),
  entry('logs', 'Print the log file; --follow keeps printing new lines', async () => (await import('./commands/logs.js')).logsCommand),
];

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    `ai-gateway ${APP_VERSION}: keeps coding agents connected to the company AI Gateway.`,
    '',
    'Usage: ai-gateway <command> [options]     (ai-gateway <command> --help for details)',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
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
  const found = COMMANDS.find((c) => c.name === name);
  if (!found) {
    io.err(`Unknown command "${name}". Run \`ai-gateway --help\` for the list.`);
    return 2;
  }
  const command = await found.load();
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
