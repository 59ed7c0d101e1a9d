/** `ai-gateway agents`, `setup` and `doctor`: detect, set up, undo and check the six coding agents. */
import { AGENT_IDS, type AgentId, type DoctorCheck, type DoctorReport, type SetupPlan, type SetupRequest } from '../../contract/api.js';
import { isProvider, PROVIDERS } from '../../contract/providers.js';
import { AppError } from '../../core/errors.js';
import type { Command } from '../command.js';
import { buildRuntime, loadRuntime } from '../build-runtime.js';
import { createAppApi } from '../../core/app-api.js';
import { LIVE_CHECK_NAME } from '../../core/probes/agent-check.js';
import type { Io } from '../io.js';
import { notRunningHint, proxyContext } from '../proxy-context.js';
import { table } from './format.js';

function agentArg(value: string | undefined): AgentId {
  if (!value) throw new AppError('bad_request', `Name the agent: ${AGENT_IDS.join(', ')}.`);
  if (!(AGENT_IDS as readonly string[]).includes(value)) throw new AppError('agent_unknown', `Unknown agent "${value}". Choose from: ${AGENT_IDS.join(', ')}.`);
  return value as AgentId;
}

/** The API against the running proxy (its real port, from its record) or, with `demo`, the running demo. */
async function apiFor(io: Io, demo = false) {
  const context = await proxyContext(io, { demo });
  await context.running?.close();
  // A demo runtime: its agent setups go to the demo's own folder (core/app-api.ts), never the real configs.
  const cli = buildRuntime(io, demo ? { ...context.runtime, demo: true } : context.runtime);
  await loadRuntime(cli);
  return { api: createAppApi(cli.runtime, { env: io.env, cwd: io.cwd }), runtime: cli.runtime, running: context.running !== null };
}

const DEMO_OPTION = { type: 'boolean', help: 'Work against the running `ai-gateway demo` (its port and keys).' } as const;

/** Prints a plan the way a reviewer reads a change: files with their diffs, then notes, warnings and snippets. */
function printPlan(plan: SetupPlan, io: Io): void {
  for (const change of plan.changes) {
    io.out(`${change.action.toUpperCase()} ${change.path}${change.holdsKey ? ' (holds a local key, written 0600)' : ''}`);
    if (change.diff) io.out(change.diff.trimEnd());
  }
  for (const warning of plan.warnings) io.out(`! ${warning}`);
  for (const note of plan.notes) io.out(`- ${note}`);
  for (const snippet of plan.snippets) io.out(`\n# ${snippet.title} (${snippet.language})\n${snippet.code.trimEnd()}`);
}

/** `ai-gateway agents`. */
export const agentsCommand: Command = {
  name: 'agents',
  summary: 'List the six agents: installed, version, config file, set up or not, and anything in the environment that overrides the setup.',
  usage: '[--demo] [--json]',
  options: { json: { type: 'boolean', help: 'Print JSON for programs.' }, demo: { type: 'boolean', help: "The demo's agent setups (in <app data>/demo/agent-home) instead of your real ones." } },
  async run(args, io) {
    const { api } = await apiFor(io, args.values.demo === true);
    const agents = await api.listAgents();
    if (args.values.json) {
      io.out(JSON.stringify(agents, null, 2));
      return 0;
    }
    io.out(table([['Agent', 'Installed', 'Set up', 'Config'], ...agents.map((a) => [a.id, a.installed ? (a.version ?? 'yes') : 'no', a.configured ? `yes (${a.mode ?? 'proxy'})` : 'no', a.configFiles[0] ?? '-'])]));
    for (const a of agents) for (const w of a.warnings) io.out(`! ${a.id}: ${w}`);
    return 0;
  },
};

/** `ai-gateway setup`. */
export const setupCommand: Command = {
  name: 'setup',
  summary: 'Point an agent at the proxy (or the gateway directly): shows the exact change as a diff, then writes it with a backup. --undo puts the file back.',
  usage: `AGENT [--mode proxy|direct] [--model M ...] [--provider P] [--quiet] [--dry-run] [--yes] [--undo] [--demo]`,
  allowPositionals: true,
  options: {
    mode: { type: 'string', help: 'proxy (default: the agent talks to the local proxy with a local key) or direct (the agent runs `ai-gateway token`).', valueName: 'MODE' },
    model: { type: 'string', multiple: true, help: 'Model to configure (repeatable); default: the provider\'s test model.', valueName: 'M' },
    provider: { type: 'string', help: `Provider route: ${PROVIDERS.join(', ')}.`, valueName: 'P' },
    quiet: { type: 'boolean', help: 'Also turn off the agent\'s telemetry and update checks where it has a switch.' },
    'dry-run': { type: 'boolean', help: 'Only show the change.' },
    yes: { type: 'boolean', short: 'y', help: 'Write without asking (for scripts).' },
    undo: { type: 'boolean', help: 'Undo the setup: restore the original file, or remove only what was added.' },
    json: { type: 'boolean', help: 'Print the plan/result as JSON.' },
    demo: DEMO_OPTION,
  },
  details: `Agents: ${AGENT_IDS.join(', ')}.`,
  async run(args, io) {
    const agent = agentArg(args.positionals[0]);
    const mode = args.values.mode as string | undefined;
    if (mode !== undefined && mode !== 'proxy' && mode !== 'direct') throw new AppError('bad_request', '--mode must be proxy or direct.');
    const provider = args.values.provider as string | undefined;
    if (provider !== undefined && !isProvider(provider)) throw new AppError('bad_request', `--provider must be one of: ${PROVIDERS.join(', ')}.`);
    const { api, runtime, running } = await apiFor(io, args.values.demo === true);
    const request: SetupRequest = { agent };
    if (mode) request.mode = mode;
    if (provider && isProvider(provider)) request.provider = provider;
    if (Array.isArray(args.values.model)) request.models = args.values.model;
    if (args.values.quiet) request.quiet = true;

    const plan = args.values.undo ? await api.planUndo(agent) : await api.planSetup(request);
    if (args.values.json && (args.values['dry-run'] || !args.values.yes)) io.out(JSON.stringify(plan, null, 2));
    else if (!args.values.json) printPlan(plan, io);
    const changing = plan.changes.some((c) => c.action !== 'unchanged');
    if (!changing) {
      const library = plan.changes.length === 0 && plan.snippets.length > 0;
      const said = library
        ? `${agent} is a library: nothing is written. Paste a snippet above; \`ai-gateway doctor ${agent}${args.values.demo ? ' --demo' : ''}\` sends its request through the proxy.`
        : args.values.undo
          ? 'Nothing to undo.'
          : 'Already set up: nothing to change.';
      if (!args.values.json) io.out(said);
      return 0;
    }
    if (args.values['dry-run']) return 0;
    const go = args.values.yes === true || (io.interactive && (await io.confirm('Write these changes?', true)));
    if (!go) {
      io.err(io.interactive ? 'Nothing written: you answered no.' : 'Nothing written: there is no terminal to confirm on. Re-run with --yes to write.');
      return 1;
    }
    const result = args.values.undo ? await api.undoSetup(agent) : await api.applySetup(request);
    if (args.values.json) {
      io.out(JSON.stringify(result, null, 2));
      return 0;
    }
    for (const path of result.written) io.out(`Wrote ${path}`);
    for (const path of result.removed) io.out(`Removed ${path} (setup had created it)`);
    for (const path of result.backups) io.out(`Backup ${path}`);
    if (!args.values.undo && (request.mode ?? 'proxy') === 'proxy' && agent !== 'langchain' && !running) {
      io.out(`${notRunningHint(runtime.port, runtime.demo || args.values.demo === true)} Start it before using ${agent}.`);
    }
    return 0;
  },
};

/** `ai-gateway doctor`. */
export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'Check that agents still match the running proxy (port and key), that nothing in the environment overrides them, and that a real request succeeds; prints the fix for each problem.',
  usage: '[AGENT] [--demo] [--json]',
  allowPositionals: true,
  options: { json: { type: 'boolean', help: 'Print JSON for programs.' }, demo: DEMO_OPTION },
  async run(args, io) {
    const demo = args.values.demo === true;
    const { api, runtime, running } = await apiFor(io, demo);
    // A config the agent cannot read is reported too: it may hide a setup (and the agent is broken either way).
    const agents = args.positionals[0] ? [agentArg(args.positionals[0])] : (await api.listAgents()).filter((a) => a.configured || a.configProblem !== null).map((a) => a.id);
    if (agents.length === 0) {
      io.out(`No agent is set up${demo ? ' in the demo' : ''} yet. Run \`ai-gateway setup <agent>${demo ? ' --demo' : ''}\`.`);
      return 0;
    }
    const reports = [];
    for (const agent of agents) reports.push(running ? await api.verifyAgent(agent) : withoutRunningProxy(await api.verifyAgent(agent), runtime.port, demo));
    if (args.values.json) io.out(JSON.stringify(reports, null, 2));
    else {
      // Said once, before the agents: it is the same for all of them.
      if (!running) io.out(`FAIL ${proxyDown(runtime.port, demo).message}\n     Fix: ${proxyDown(runtime.port, demo).fix}`);
      for (const report of reports) {
        io.out(`${report.agent}: ${report.ok ? 'ok' : 'PROBLEMS'}`);
        for (const check of report.checks.filter((c) => c.name !== PROXY_RUNNING)) io.out(`  ${check.ok ? 'ok  ' : 'FAIL'} ${check.name}: ${check.message}${check.fix && !check.ok ? `\n       Fix: ${check.fix}` : ''}`);
      }
    }
    return reports.every((r) => r.ok) ? 0 : 1;
  },
};


const PROXY_RUNNING = 'proxy running';

/** The one check that stands for "no proxy runs", with its fix (start it, then run doctor again). */
function proxyDown(port: number, demo: boolean): DoctorCheck {
  const start = demo ? '`ai-gateway demo`' : '`ai-gateway serve` (or the desktop app)';
  return { name: PROXY_RUNNING, ok: false, message: notRunningHint(port, demo), fix: `start ${start}, then run \`ai-gateway doctor${demo ? ' --demo' : ''}\` again.` };
}

/**
 * A doctor report when no proxy runs: the failure says so (once in the text, in each report for --json), and
 * the live request is left out: it can only fail, and its "start the proxy" would repeat the line above.
 * The static checks keep their own fixes.
 */
function withoutRunningProxy(report: DoctorReport, port: number, demo: boolean): DoctorReport {
  const checks = report.checks.filter((check) => check.name !== LIVE_CHECK_NAME);
  return { ...report, ok: false, checks: [proxyDown(port, demo), ...checks] };
}
