/** The core's implementation of the one typed API, shared by IPC (desktop), HTTP (headless UI) and the CLI. */
import type { AgentId, AgentInfo, AppStatus, DemoLaunch, DoctorCheck, DoctorReport, GatewayApi, SettingsInput, SetupPlan, SetupRequest, SetupResult } from '../contract/api.js';
import { AppError } from './errors.js';
import { createTokenGrant, FORM_SETTING_NAMES } from './auth/token-client.js';
import { createDispatcher } from './net/dispatcher.js';
import { probeAll } from './probes/connectivity.js';
import type { Runtime } from './runtime.js';
import type { SecretPlacement } from './config/settings-service.js';
import { checkUsageQuery, usageReport } from './usage/usage-report.js';

/** What the API needs from the agent registry (implemented by app/core/agents). */
export interface AgentsPort {
  list(): Promise<AgentInfo[]>;
  plan(request: SetupRequest): Promise<SetupPlan>;
  apply(request: SetupRequest): Promise<SetupResult>;
  planUndo(agent: AgentId): Promise<SetupPlan>;
  undo(agent: AgentId): Promise<SetupResult>;
  inspect(agent: AgentId): Promise<DoctorCheck[]>;
  /** Writes a regenerated local key into the agent's config, keeping its last choices. */
  rekey(agent: AgentId): Promise<unknown>;
}

/** The live part of an agent check: one real request with the agent's key through the proxy. */
export type LiveAgentCheck = (agent: AgentId) => Promise<DoctorCheck>;

/** Options for the API. */
export interface CoreApiOptions {
  agents?: AgentsPort;
  liveCheck?: LiveAgentCheck;
  /** How this shell starts the demo (the desktop app relaunches itself with --demo). */
  startDemo?: () => Promise<DemoLaunch>;
  /** Where the UI's client secret goes: the OS store when there is one, else this process's memory. */
  secretPlacement?: SecretPlacement;
}

/**
 * What "Try the demo" says in a browser window: it cannot switch, because the window is served by the
 * running `serve --ui` with the real settings, and the demo is a process of its own (own settings, data
 * folder and port). Both can run at once, so nothing has to be stopped.
 */
export const HEADLESS_DEMO_INSTRUCTIONS =
  'This window cannot switch to the demo: it belongs to the running `ai-gateway serve --ui`, which uses your real settings, and the demo is a separate process with its own settings, folder and port. ' +
  'Run `ai-gateway demo --ui` in a terminal: it prints the demo window\'s URL to open. This window and its proxy keep running.';

function noAgents(): never {
  throw new AppError('internal', 'Agent setup is not available in this build.');
}

/** Builds the GatewayApi on a runtime. */
export function createCoreApi(runtime: Runtime, options: CoreApiOptions = {}): GatewayApi {
  const agents = options.agents;

  const getStatus = async (): Promise<AppStatus> => {
    // Polled every 2 s by the UI: the view loaded with the runtime, not a fresh read of the file and keyring.
    const view = runtime.view ?? (await runtime.settings.snapshot()).view;
    const configured = view.gatewayUrl !== '' || view.clientId !== '';
    return {
      token: runtime.tokens.status(),
      proxy: { running: runtime.proxy?.listening ?? false, url: runtime.proxyUrl, port: runtime.port },
      settings: configured ? view : null,
      demo: runtime.demo,
      version: runtime.version,
      now: Date.now(),
    };
  };

  /** Tries a token grant with the form's values before anything is saved, so a typo never replaces working settings. */
  const tryCredentials = async (input: SettingsInput): Promise<void> => {
    // The stored secret only for the endpoint and client it was entered for (validate already refused otherwise).
    const secret = input.clientSecret || (await runtime.settings.secretFor({ gatewayUrl: input.gatewayUrl, tokenEndpoint: input.tokenEndpoint, clientId: input.clientId }));
    if (!secret) throw new AppError('settings_secret_unbound', 'Enter the client secret: it is only used with the gateway URL, token endpoint and client it was entered for.', { field: 'clientSecret' });
    const dispatcher = createDispatcher({ env: runtime.env, caFile: input.caFile || undefined });
    try {
      const grant = createTokenGrant({
        tokenEndpoint: input.tokenEndpoint.trim(),
        clientId: input.clientId.trim(),
        clientSecret: secret,
        scope: input.scope?.trim() ?? '',
        authMethod: input.authMethod ?? 'client_secret_basic',
        dispatcher,
        // The form's values: its fixes name the form's fields, not the shell's GATEWAY_* variables.
        names: FORM_SETTING_NAMES,
      });
      await grant(AbortSignal.timeout(15_000));
    } catch (error) {
      if (error instanceof AppError && error.code === 'credentials_rejected') throw new AppError(error.code, error.message, { field: 'clientSecret' });
      if (error instanceof AppError && (error.code === 'token_endpoint_unreachable' || error.code === 'token_response_invalid' || error.code === 'tls_untrusted')) {
        throw new AppError(error.code, error.message, { field: 'tokenEndpoint' });
      }
      throw error;
    } finally {
      await dispatcher.close().catch(() => undefined);
    }
  };

  return {
    getStatus,
    validateSettings: (input) => runtime.settings.validate(input),
    async saveSettings(input) {
      const problems = await runtime.settings.validate(input);
      const first = problems[0];
      if (first) throw new AppError(first.code, first.message, first.field === undefined ? {} : { field: first.field });
      await tryCredentials(input);
      await runtime.settings.save(input, options.secretPlacement ?? 'auto');
      await runtime.reload();
      await runtime.tokens.refresh();
      return getStatus();
    },
    refreshToken: () => runtime.tokens.refresh(),
    testConnectivity: async (providers) => {
      const models = runtime.resolved?.testModels ?? runtime.view?.testModels ?? (await runtime.settings.snapshot()).view.testModels;
      return probeAll({ target: runtime.gateway, tokens: runtime.tokens, models, ...(runtime.resolved ? { providerOptions: runtime.resolved.providerOptions } : {}) }, providers);
    },
    listAgents: () => (agents ?? noAgents()).list(),
    planSetup: (request) => (agents ?? noAgents()).plan(request),
    applySetup: (request) => (agents ?? noAgents()).apply(request),
    planUndo: (agent) => (agents ?? noAgents()).planUndo(agent),
    undoSetup: (agent) => (agents ?? noAgents()).undo(agent),
    async verifyAgent(agent): Promise<DoctorReport> {
      const checks = await (agents ?? noAgents()).inspect(agent);
      if (options.liveCheck && checks.every((c) => c.ok)) checks.push(await options.liveCheck(agent));
      return { agent, ok: checks.every((c) => c.ok), checks };
    },
    getActivity: async () => runtime.activity.list(),
    async getUsage(query) {
      const checked = checkUsageQuery(query);
      // This process's queued requests first, so the window shows the request it just saw.
      await runtime.usage.flush();
      // The demo's folder holds only the demo's requests: there they are what the window is about.
      return usageReport(
        { dir: runtime.files.usage, pricesFile: runtime.files.prices, retentionMs: runtime.usageLimits.retentionMs },
        { ...checked, includeDemo: checked.includeDemo ?? runtime.demo },
        Date.now(),
        (skipped) => runtime.onUsageProblem?.('read', skipped),
      );
    },
    async regenerateLocalKey(agent) {
      await runtime.keys.regenerate(agent);
      // The old key stops working at once, so the agent's config gets the new one straight away.
      await agents?.rekey(agent);
    },
    startDemo: async () =>
      options.startDemo?.() ?? {
        started: false,
        instructions: runtime.demo ? 'This is the demo already.' : HEADLESS_DEMO_INSTRUCTIONS,
      },
  };
}
