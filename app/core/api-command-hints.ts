/**
 * The API with every hint that names `ai-gateway ...` spelled the way the command runs on this machine
 * (`node /path/bin/ai-gateway.cjs ...` when it is not on PATH). The window has no shell and cannot look at
 * PATH itself; the process serving it (`serve --ui`, `demo --ui`) knows how it was started and passes that.
 * Only texts meant as instructions are respelled: notes, warnings, snippets, fixes, messages, errors;
 * never a diff or a file's content, which must show what is written.
 */
import type { AgentInfo, AppStatus, DoctorCheck, GatewayApi, ProbeResult, SetupPlan, SetupResult, TokenStatus } from '../contract/api.js';
import invocationModule from './cli-invocation.cjs';
import { AppError } from './errors.js';

const { withInvocation } = invocationModule;

/** `api` with its hints naming `command` instead of a bare `ai-gateway`. */
export function withCommandHints(api: GatewayApi, command: string): GatewayApi {
  if (command === 'ai-gateway') return api;
  return withHintsRewritten(api, (text) => withInvocation(text, command), command);
}

/**
 * `api` with every instruction text passed through `say` (also the demo's `--demo`, core/demo/demo-hints.ts).
 * `command`, when given, is the status's `cliCommand`: how the window names the CLI.
 */
export function withHintsRewritten(api: GatewayApi, say: (text: string) => string, command?: string): GatewayApi {
  const sayOrNull = (text: string | null) => (text === null ? null : say(text));
  const check = (c: DoctorCheck): DoctorCheck => ({ ...c, message: say(c.message), fix: sayOrNull(c.fix) });
  const plan = (p: SetupPlan): SetupPlan => ({
    ...p,
    notes: p.notes.map(say),
    warnings: p.warnings.map(say),
    snippets: p.snippets.map((s) => ({ ...s, title: say(s.title), code: say(s.code) })),
  });
  const result = (r: SetupResult): SetupResult => ({ ...r, plan: plan(r.plan) });
  const token = (t: TokenStatus): TokenStatus => ({ ...t, lastError: t.lastError && { ...t.lastError, message: say(t.lastError.message) } });
  const status = (s: AppStatus): AppStatus => ({ ...s, ...(command === undefined ? {} : { cliCommand: command }), token: token(s.token) });
  const agent = (a: AgentInfo): AgentInfo => ({ ...a, warnings: a.warnings.map(say), directUnsupportedReason: sayOrNull(a.directUnsupportedReason) });
  const probe = (p: ProbeResult): ProbeResult => ({ ...p, message: say(p.message), fix: sayOrNull(p.fix), ...(p.streaming ? { streaming: { ...p.streaming, message: say(p.streaming.message) } } : {}) });
  /** A failure's message respelled too: "Run `ai-gateway login`" is the hint people act on. */
  const calling =
    <A extends unknown[], R>(verb: (...args: A) => Promise<R>, map: (value: R) => R = (value) => value) =>
    async (...args: A): Promise<R> => {
      try {
        return map(await verb(...args));
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        throw new AppError(error.code, say(error.message), { ...(error.field === undefined ? {} : { field: error.field }), ...(error.side === undefined ? {} : { side: error.side }), cause: error });
      }
    };
  return {
    getStatus: calling(api.getStatus, status),
    validateSettings: calling(api.validateSettings, (problems) => problems.map((p) => ({ ...p, message: say(p.message) }))),
    saveSettings: calling(api.saveSettings, status),
    refreshToken: calling(api.refreshToken, token),
    testConnectivity: calling(api.testConnectivity, (results) => results.map(probe)),
    listAgents: calling(api.listAgents, (agents) => agents.map(agent)),
    planSetup: calling(api.planSetup, plan),
    applySetup: calling(api.applySetup, result),
    planUndo: calling(api.planUndo, plan),
    undoSetup: calling(api.undoSetup, result),
    verifyAgent: calling(api.verifyAgent, (report) => ({ ...report, checks: report.checks.map(check) })),
    getActivity: calling(api.getActivity),
    getUsage: calling(api.getUsage),
    regenerateLocalKey: calling(api.regenerateLocalKey),
    startDemo: calling(api.startDemo, (launch) => ({ ...launch, instructions: say(launch.instructions) })),
  };
}
