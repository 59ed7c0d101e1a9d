/** The GatewayApi as the CLI, the headless UI and the desktop app use it: the core API plus agent setup and the live agent check. */
import { fileURLToPath } from 'node:url';
import type { GatewayApi, SetupPlan } from '../contract/api.js';
import { AgentService } from './agents/service.js';
import { createCoreApi, type AgentsPort } from './api.js';
import { checkAgentLive } from './probes/agent-check.js';
import type { Runtime } from './runtime.js';

/** The user's environment as agents see it. */
export interface AgentHost {
  env: Record<string, string | undefined>;
  cwd: string;
  /** The command direct-mode agents run for a token; the CLI's own by default, the desktop app passes its binary's (core/desktop/token-command.ts). */
  tokenCommand?: string[];
}

/** The command direct-mode agents run for a token from the CLI: this very CLI, by absolute path, so PATH does not matter. Only valid under Node. */
export function tokenCommandArgv(): string[] {
  return [process.execPath, fileURLToPath(new URL('../../../bin/ai-gateway.mjs', import.meta.url)), 'token'];
}

/** The agent registry pointed at this runtime's proxy and keys. */
export function createAgentService(runtime: Runtime, host: AgentHost): AgentService {
  return new AgentService({ env: host.env, platform: process.platform, cwd: host.cwd, stateDir: runtime.files.agentsState }, async () => ({
    proxyUrl: runtime.proxyUrl,
    localKeyFor: (agent) => runtime.keys.keyFor(agent),
    gatewayUrl: runtime.resolved?.gatewayUrl ?? null,
    tokenCommand: host.tokenCommand ?? tokenCommandArgv(),
  }));
}

/** In the demo, every plan says plainly that it points a real agent at the demo gateway. */
function demoAware(agents: AgentService, runtime: Runtime): AgentsPort {
  if (!runtime.demo) return agents;
  const warn = (plan: SetupPlan): SetupPlan => ({
    ...plan,
    warnings: [`DEMO: this points ${plan.agent} at the demo gateway on ${runtime.proxyUrl}, which answers with canned text. Undo it when you are done (setup --undo).`, ...plan.warnings],
  });
  return {
    list: () => agents.list(),
    plan: async (request) => warn(await agents.plan(request)),
    apply: async (request) => {
      const result = await agents.apply(request);
      return { ...result, plan: warn(result.plan) };
    },
    planUndo: (agent) => agents.planUndo(agent),
    undo: (agent) => agents.undo(agent),
    inspect: (agent) => agents.inspect(agent),
    rekey: (agent) => agents.rekey(agent),
  };
}

/** Builds the API on a runtime, with agent support wired in. */
export function createAppApi(runtime: Runtime, host: AgentHost): GatewayApi {
  const agents = createAgentService(runtime, host);
  return createCoreApi(runtime, {
    secretPlacement: 'auto',
    agents: demoAware(agents, runtime),
    liveCheck: async (agent) => checkAgentLive(agent, await agents.configuredEndpoint(agent), runtime.resolved?.testModels ?? (await runtime.settings.snapshot()).view.testModels, runtime.proxyUrl),
  });
}
