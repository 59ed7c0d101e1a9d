/**
 * The command list and `ai-gateway --help`, with no imports: the launcher (bin/ai-gateway.cjs) answers
 * `--help` and `--version` from this file alone. CommonJS on purpose: Node's ES module loader costs more
 * start-up time than printing the help does.
 */
// CommonJS under verbatimModuleSyntax: `import x = require()` is the one import form that compiles to require().
// eslint-disable-next-line @typescript-eslint/no-require-imports
import fs = require('node:fs');
// eslint-disable-next-line @typescript-eslint/no-require-imports
import path = require('node:path');

/** The app's version from package.json (out/app/cli/ is three levels below it). */
const APP_VERSION: string = (() => {
  try {
    return (JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'dev';
  }
})();

/** Every command with its one-line summary, in the order `--help` lists them. */
const COMMAND_SUMMARIES = [
  ['serve', 'Run the token refresher and the local proxy in the foreground'],
  ['ui-link', 'Print a new one-time link to the window of the running `serve --ui`'],
  ['login', 'Get a gateway token now and print how long it is valid (never the token)'],
  ['token', 'Print a valid gateway access token on stdout'],
  ['status', 'Show the settings, the token state and expiry, and whether the proxy runs'],
  ['test', 'Test connectivity to each provider through the gateway'],
  ['agents', 'List the six agents and whether they are set up'],
  ['setup', 'Point an agent at the proxy (shows the diff first; --undo restores)'],
  ['doctor', 'Check that set-up agents still work, with the fix for each problem'],
  ['env', 'Print export lines for SDKs and scripts (a local key, never the token)'],
  ['run', 'Run a command with the variables of `ai-gateway env`'],
  ['demo', 'Try the app against a built-in demo gateway, no credentials needed'],
  ['logs', 'Print the log file; --follow keeps printing new lines'],
  ['usage', 'Show requests, errors, tokens and times per agent, provider or model'],
] as const;

/** True for the arguments the overview answers: none, --help, -h, help. */
const isOverviewRequest = (first: string | undefined): boolean => !first || first === '--help' || first === '-h' || first === 'help';

/** True for --version and -v. */
const isVersionRequest = (first: string | undefined): boolean => first === '--version' || first === '-v';

/** The text of `ai-gateway --help`. */
function overview(): string {
  const width = Math.max(...COMMAND_SUMMARIES.map(([name]) => name.length));
  return [
    // Not "ai-gateway 0.1.0" at the start of the line: the launcher respells a line-leading `ai-gateway `.
    `AI Gateway Desktop ${APP_VERSION}: keeps coding agents connected to the company AI Gateway.`,
    '',
    'Usage: ai-gateway <command> [options]     (`ai-gateway <command> --help` for details)',
    '',
    'Commands:',
    ...COMMAND_SUMMARIES.map(([name, summary]) => `  ${name.padEnd(width)}  ${summary}`),
    '',
    'Start here: `ai-gateway demo --ui` (no credentials needed), or export GATEWAY_URL, GATEWAY_CLIENT_ID,',
    'GATEWAY_CLIENT_SECRET, GATEWAY_TOKEN_ENDPOINT and run `ai-gateway login`, then `ai-gateway serve`.',
  ].join('\n');
}

/** The overview's parts, for the launcher and for main.ts. */
export = { APP_VERSION, COMMAND_SUMMARIES, isOverviewRequest, isVersionRequest, overview };
