/** The GatewayApi as the CLI, the headless UI and the desktop app use it: the core API plus agent setup and the live agent check. */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GatewayApi, SetupPlan } from '../contract/api.js';
import { AgentService } from './agents/service.js';
import { createCoreApi, type AgentsPort } from './api.js';
import { checkAgentLive } from './probes/agent-check.js';
import { withHintsRewritten } from './api-command-hints.js';
import { withDemoFlag } from './demo/demo-hints.js';
import { ENV_KEY_OWNER } from './keys/local-keys.js';
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
  return [process.execPath, fileURLToPath(new URL('../../../bin/ai-gateway.cjs', import.meta.url)), 'token'];
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

/** The variables that say where agents keep their config: the demo replaces all of them with its own folder. */
const AGENT_LOCATION_VARIABLES = ['HOME', 'USERPROFILE', 'APPDATA', 'XDG_CONFIG_HOME', 'CLAUDE_CONFIG_DIR', 'CODEX_HOME', 'CONTINUE_GLOBAL_DIR', 'GOOSE_PATH_ROOT'];

/** Where the demo's agent setups go: a home of its own inside the demo's data folder. */
export function demoAgentHome(runtime: Runtime): string {
  return join(runtime.files.dir, 'agent-home');
}

/**
 * The host agents see. In the demo it is a sandbox HOME in the demo's own folder: a setup there can be
 * tried and undone, and the user's real agent configs never point at the demo's port, which is gone once
 * the demo stops.
 */
function agentHostFor(runtime: Runtime, host: AgentHost): AgentHost {
  if (!runtime.demo) return host;
  const env = Object.fromEntries(Object.entries(host.env).filter(([name]) => !AGENT_LOCATION_VARIABLES.includes(name)));
  const home = demoAgentHome(runtime);
  return { ...host, env: { ...env, HOME: home, USERPROFILE: home } };
}

/** In the demo, every plan says plainly where it writes: the demo's own folder, never the real agent config. */
function demoAware(agents: AgentService, runtime: Runtime): AgentsPort {
  if (!runtime.demo) return agents;
  // A library (LangChain) writes nothing: its plan has snippets and no file change, and must not claim a write.
  const demoWarning = (plan: SetupPlan): string =>
    plan.changes.length === 0 && plan.snippets.length > 0
      ? `DEMO: these snippets point at the demo gateway on ${runtime.proxyUrl}; run your program with \`ai-gateway run --demo -- python app.py\`. Your real setup is not changed.`
      : `DEMO: this writes ${plan.agent}'s config into the demo's own folder (${demoAgentHome(runtime)}), not your real one, pointed at the demo gateway on ${runtime.proxyUrl}. To try the agent against it, run it with HOME=${demoAgentHome(runtime)}. Your real agents are not changed.`;
  const warn = (plan: SetupPlan): SetupPlan => ({ ...plan, warnings: [demoWarning(plan), ...plan.warnings] });
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
  const agents = createAgentService(runtime, agentHostFor(runtime, host));
  const api = createCoreApi(runtime, {
    secretPlacement: 'auto',
    agents: demoAware(agents, runtime),
    liveCheck: async (agent) => {
      const models = runtime.resolved?.testModels ?? (await runtime.settings.snapshot()).view.testModels;
      // A library's check is its snippet's own request: ChatOpenAI at the proxy's /openai/v1 with the `ai-gateway env` key.
      const endpoint = agents.isLibrary(agent)
        ? { baseUrl: `${runtime.proxyUrl}/openai/v1`, key: await runtime.keys.keyFor(ENV_KEY_OWNER), format: 'chat-completions' as const }
        : await agents.configuredEndpoint(agent);
      return checkAgentLive(agent, endpoint, models, runtime.proxyUrl);
    },
  });
  // Every hint shown in or about the demo names the demo's commands (`setup X --demo`, `env --demo`).
  return runtime.demo ? withHintsRewritten(api, withDemoFlag) : api;
}
