/** `ai-gateway env` and `ai-gateway run`: point scripts and SDKs (LangChain, OpenAI, Anthropic) at the proxy with a local key. */
import { spawn } from 'node:child_process';
import { childEnvironment } from '../../core/config/child-env.js';
import { AppError } from '../../core/errors.js';
import { ENV_KEY_OWNER } from '../../core/keys/local-keys.js';
import type { Runtime } from '../../core/runtime.js';
import type { Command } from '../command.js';
import { buildRuntime, loadRuntime } from '../build-runtime.js';
import type { Io } from '../io.js';
import { notRunningHint, proxyContext, runningDemo } from '../proxy-context.js';

export { ENV_KEY_OWNER };

/** The variables SDKs read, pointing at the proxy. */
export async function sdkEnvironment(runtime: Runtime): Promise<Record<string, string>> {
  const key = await runtime.keys.keyFor(ENV_KEY_OWNER);
  const base = runtime.proxyUrl;
  return {
    AI_GATEWAY_PROXY_URL: base,
    OPENAI_BASE_URL: `${base}/openai/v1`,
    OPENAI_API_KEY: key,
    ANTHROPIC_BASE_URL: `${base}/anthropic`,
    ANTHROPIC_API_KEY: key,
  };
}

function quote(value: string, shell: string): string {
  if (shell === 'powershell') return `'${value.replace(/'/g, "''")}'`;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * The SDK variables for the running proxy (or demo): its real port, from its record. Refuses when the
 * listener there cannot prove it is yours (the key would go to it); warns when none runs.
 */
async function proxyEnvironment(io: Io, demo: boolean): Promise<Record<string, string>> {
  const context = await proxyContext(io, { demo });
  await context.running?.close();
  const cli = buildRuntime(io, context.runtime);
  await loadRuntime(cli);
  if (!context.running) io.err(`Warning: ${notRunningHint(cli.runtime.port, demo)}${demo ? '' : await demoRunsHint(io)}`);
  return sdkEnvironment(cli.runtime);
}

/** When the real proxy is not running but the demo is, the values above are not the demo's: say how to get those. */
async function demoRunsHint(io: Io): Promise<string> {
  const demo = await runningDemo(io);
  await demo?.close();
  return demo ? ` The demo runs on port ${demo.port}: for it, use \`ai-gateway env --demo\` (or \`ai-gateway run --demo -- ...\`).` : '';
}

/** The env command. */
export const envCommand: Command = {
  name: 'env',
  summary: 'Print export lines that point SDKs and scripts at the proxy with a local key (never the gateway token).',
  usage: '[--shell sh|fish|powershell] [--json]',
  options: {
    shell: { type: 'string', help: 'Syntax of the lines: sh (default), fish or powershell.', valueName: 'SHELL' },
    json: { type: 'boolean', help: 'Print JSON for programs.' },
    demo: { type: 'boolean', help: 'Point at a running `ai-gateway demo` instead of the real proxy.' },
  },
  details: 'Use: eval "$(ai-gateway env)". The proxy must be running (`ai-gateway serve` or the desktop app).',
  async run(args, io) {
    const shell = (args.values.shell as string | undefined) ?? 'sh';
    if (!['sh', 'fish', 'powershell'].includes(shell)) throw new AppError('bad_request', '--shell must be sh, fish or powershell.');
    const vars = await proxyEnvironment(io, args.values.demo === true);
    if (args.values.json) {
      io.out(JSON.stringify(vars, null, 2));
      return 0;
    }
    for (const [name, value] of Object.entries(vars)) {
      if (shell === 'fish') io.out(`set -gx ${name} ${quote(value, shell)};`);
      else if (shell === 'powershell') io.out(`$env:${name} = ${quote(value, shell)}`);
      else io.out(`export ${name}=${quote(value, shell)}`);
    }
    return 0;
  },
};

/** The run command. */
export const runCommand: Command = {
  name: 'run',
  summary: 'Run a command with the variables of `ai-gateway env` set, e.g. `ai-gateway run -- python app.py`.',
  usage: '[--demo] -- COMMAND [ARGS...]',
  options: { demo: { type: 'boolean', help: 'Point the command at the running `ai-gateway demo`.' } },
  details: 'The command gets the proxy URLs and a local key, never GATEWAY_* values or the token.',
  async run(args, io) {
    const [program, ...rest] = args.rest;
    if (!program) throw new AppError('bad_request', 'Name the command to run after `--`, e.g. `ai-gateway run -- python app.py`.');
    const vars = await proxyEnvironment(io, args.values.demo === true);
    return new Promise<number>((resolve, reject) => {
      const child = spawn(program, rest, { stdio: 'inherit', env: { ...childEnvironment(io.env), ...vars } });
      child.on('error', (error: NodeJS.ErrnoException) =>
        reject(new AppError('bad_request', error.code === 'ENOENT' ? `Command not found: ${program}. Check the name and your PATH.` : `Could not start ${program}: ${error.code ?? 'error'}.`)),
      );
      child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
    });
  },
};
