/** The `ai-gateway` command: the same core as the desktop app, for SSH boxes, dev containers and scripts. */
import type { Command } from './command.js';
import { processIo, type Io } from './io.js';
import overviewModule from './overview.cjs';
import { runCommand } from './run-command.js';

const { APP_VERSION, COMMAND_SUMMARIES, isOverviewRequest, isVersionRequest, overview } = overviewModule;
type CommandName = (typeof COMMAND_SUMMARIES)[number][0];

/** A command as the overview lists it; its module (and the core it pulls in) loads only when run. */
interface CommandEntry {
  name: CommandName;
  summary: string;
  load: () => Promise<Command>;
}

// Loaded on demand: `ai-gateway token` runs as Claude Code's apiKeyHelper, so start-up time matters.
const LOADERS: Record<CommandName, () => Promise<Command>> = {
  serve: async () => (await import('./commands/serve.js')).serveCommand,
  'ui-link': async () => (await import('./commands/ui-link.js')).uiLinkCommand,
  login: async () => (await import('./commands/login.js')).loginCommand,
  token: async () => (await import('./commands/token.js')).tokenCommand,
  status: async () => (await import('./commands/status.js')).statusCommand,
  test: async () => (await import('./commands/test.js')).testCommand,
  agents: async () => (await import('./commands/agents.js')).agentsCommand,
  setup: async () => (await import('./commands/agents.js')).setupCommand,
  doctor: async () => (await import('./commands/agents.js')).doctorCommand,
  env: async () => (await import('./commands/env.js')).envCommand,
  run: async () => (await import('./commands/env.js')).runCommand,
  demo: async () => (await import('./commands/demo.js')).demoCommand,
  logs: async () => (await import('./commands/logs.js')).logsCommand,
  usage: async () => (await import('./commands/usage.js')).usageCommand,
};

/** Every command, in the order `--help` lists them. */
export const COMMANDS: CommandEntry[] = COMMAND_SUMMARIES.map(([name, summary]) => ({ name, summary, load: LOADERS[name] }));

/** Runs one command line; returns the exit status (0 ok, 1 failure, 2 usage or configuration error). */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (isOverviewRequest(name)) {
    io.out(overview());
    return name ? 0 : 2;
  }
  if (isVersionRequest(name)) {
    io.out(APP_VERSION);
    return 0;
  }
  const found = COMMANDS.find((c) => c.name === name);
  if (!found) {
    io.err(`Unknown command "${name}". Run \`ai-gateway --help\` for the list.`);
    return 2;
  }
  return runCommand(await found.load(), rest, io);
}
