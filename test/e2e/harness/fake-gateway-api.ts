/**
 * An in-memory GatewayApi for the e2e suite until the core's api and the gateway double drive it: first run,
 * a token with a real lifetime, six agents whose setup writes to an in-memory file table, probes that can be
 * told to fail, and an activity list that fills as probes and verifications "send" requests.
 */
import { AGENT_IDS, ApiError } from '../../../app/contract/api.js';
import type {
  ActivityEntry,
  AgentId,
  AgentInfo,
  AppStatus,
  DoctorReport,
  GatewayApi,
  ProbeResult,
  PublicSettings,
  SettingsInput,
  SetupPlan,
  SetupRequest,
  SetupResult,
  TokenStatus,
} from '../../../app/contract/api.js';
import type { ErrorDto } from '../../../app/contract/errors.js';
import { DEFAULT_TEST_MODELS, PROVIDERS } from '../../../app/contract/providers.js';
import type { Provider } from '../../../app/contract/providers.js';

const TOKEN_LIFETIME_MS = 10 * 60_000;
const PROXY_PORT = 8787;

const AGENT_NAMES: Record<AgentId, string> = {
  'claude-code': 'Claude Code',
  opencode: 'OpenCode',
  codex: 'Codex CLI',
  continue: 'Continue',
  goose: 'Goose',
  langchain: 'LangChain',
};

const CONFIG_FILES: Record<AgentId, string> = {
  'claude-code': '/home/dev/.claude/settings.json',
  opencode: '/home/dev/.config/opencode/opencode.json',
  codex: '/home/dev/.codex/config.toml',
  continue: '/home/dev/.continue/config.yaml',
  goose: '/home/dev/.config/goose/config.yaml',
  langchain: '/home/dev/.config/ai-gateway/langchain.env',
};

/** Options of the fake. */
export interface FakeApiOptions {
  /** Start configured (token valid, obtained three minutes ago) instead of on the first-run screen. */
  configured?: boolean;
  demo?: boolean;
}

/** The fake and the knobs the tests turn. */
export class FakeGatewayApi implements GatewayApi {
  private settings: PublicSettings | null = null;
  private token: TokenStatus = { state: 'unconfigured', validUntil: null, obtainedAt: null, nextRefreshAt: null, lastError: null };
  private readonly configured = new Map<AgentId, { mode: 'proxy' | 'direct'; models: string[] }>();
  private readonly activity: ActivityEntry[] = [];
  private nextActivityId = 1;
  /** Files the agent setups wrote: path to content. Tests check these. */
  readonly files = new Map<string, string>();
  /** Providers whose probe fails, as if the gateway had not enabled them. */
  readonly failing = new Set<Provider>();
  refreshes = 0;
  readonly regenerated: AgentId[] = [];
  demo: boolean;

  constructor(options: FakeApiOptions = {}) {
    this.demo = options.demo ?? false;
    if (options.configured) {
      this.applySettings({
        gatewayUrl: 'https://ai-gateway.example.com',
        clientId: '4h2kq8example',
        clientSecret: 'good-secret',
        tokenEndpoint: 'https://example.auth.us-east-1.amazoncognito.com/oauth2/token',
        scope: 'gateway/invoke',
      });
      this.issueToken(Date.now() - 3 * 60_000);
    }
  }

  /** The gateway rejects the token in the next probe for `provider` (the "tell the double to fail" knob). */
  failProvider(provider: Provider): void {
    this.failing.add(provider);
  }

  async getStatus(): Promise<AppStatus> {
    return {
      token: { ...this.token },
      proxy: { running: this.settings !== null, url: `http://127.0.0.1:${PROXY_PORT}`, port: PROXY_PORT },
      settings: this.settings ? structuredClone(this.settings) : null,
      demo: this.demo,
      version: '0.1.0',
      now: Date.now(),
    };
  }

  async validateSettings(input: SettingsInput): Promise<ErrorDto[]> {
    const errors: ErrorDto[] = [];
    const url = (value: string) => {
      try {
        return new URL(value);
      } catch {
        return null;
      }
    };
    const gateway = url(input.gatewayUrl);
    if (!input.gatewayUrl) errors.push({ code: 'settings_missing', field: 'gatewayUrl', message: 'Gateway URL is not set. Set it to the load balancer address, e.g. https://ai-gateway.example.com.' });
    else if (!gateway) errors.push({ code: 'settings_invalid', field: 'gatewayUrl', message: 'Gateway URL is not a web address. Write it with its scheme, e.g. https://ai-gateway.example.com.' });
    else if (gateway.protocol !== 'https:') errors.push({ code: 'settings_invalid', field: 'gatewayUrl', message: `Gateway URL uses http://, which would send the company token unencrypted. Use https://${gateway.host}.` });
    if (!input.clientId) errors.push({ code: 'settings_missing', field: 'clientId', message: 'Client ID is not set. Copy it from the Cognito app client.' });
    if (!input.clientSecret && !this.settings?.secret.present) errors.push({ code: 'settings_missing', field: 'clientSecret', message: 'Client secret is not set. Enter it (it is kept in the OS keyring).' });
    const endpoint = url(input.tokenEndpoint);
    if (!input.tokenEndpoint) errors.push({ code: 'settings_missing', field: 'tokenEndpoint', message: 'Token endpoint is not set. It ends in /oauth2/token.' });
    else if (!endpoint || endpoint.pathname === '/') errors.push({ code: 'settings_invalid', field: 'tokenEndpoint', message: 'Token endpoint has no path. The Cognito token endpoint ends in /oauth2/token.' });
    if (input.port !== undefined && (!Number.isInteger(input.port) || input.port < 1024 || input.port > 65535)) {
      errors.push({ code: 'settings_invalid', field: 'port', message: `Port ${String(input.port)} is not a usable TCP port. Choose a whole number from 1024 to 65535.` });
    }
    return errors;
  }

  async saveSettings(input: SettingsInput): Promise<AppStatus> {
    const [first] = await this.validateSettings(input);
    if (first) throw new ApiError(first.code, first.message, first.field);
    if (input.clientSecret === 'wrong-secret') {
      throw new ApiError('credentials_rejected', 'The token endpoint rejected the client ID or secret (invalid_client). Check both in the Cognito app client and enter them again.', 'clientSecret');
    }
    this.applySettings(input);
    this.issueToken(Date.now());
    return this.getStatus();
  }

  async refreshToken(): Promise<TokenStatus> {
    if (!this.settings) throw new ApiError('settings_missing', 'Set up the gateway first.');
    this.refreshes++;
    this.issueToken(Date.now());
    return { ...this.token };
  }

  async testConnectivity(providers: Provider[] = [...PROVIDERS]): Promise<ProbeResult[]> {
    const results = providers.map((provider, i): ProbeResult => {
      const model = this.settings?.testModels[provider] ?? DEFAULT_TEST_MODELS[provider];
      const latencyMs = 180 + i * 37;
      if (this.failing.has(provider)) {
        this.record({ agent: 'connectivity test', provider, model, status: 400, latencyMs: 41, inputTokens: null, outputTokens: null, error: 'gateway_error' });
        return {
          provider,
          model,
          ok: false,
          status: 400,
          latencyMs: 41,
          diagnosis: 'provider_not_set',
          message: `The gateway answered 400 "provider is not set" for ${provider}.`,
          fix: `Ask the gateway team to enable the ${provider} provider, or remove it from your agents.`,
        };
      }
      this.record({ agent: 'connectivity test', provider, model, status: 200, latencyMs, inputTokens: 8, outputTokens: 1, error: null });
      return { provider, model, ok: true, status: 200, latencyMs, diagnosis: 'ok', message: `Answered in ${latencyMs} ms.`, fix: null };
    });
    return results;
  }

  async listAgents(): Promise<AgentInfo[]> {
    return AGENT_IDS.map((id) => this.agentInfo(id));
  }

  async planSetup(request: SetupRequest): Promise<SetupPlan> {
    const mode = request.mode ?? 'proxy';
    const path = CONFIG_FILES[request.agent];
    const before = this.files.get(path);
    const after = this.render(request.agent, mode, request.models ?? this.agentInfo(request.agent).defaultModels.slice(0, 1));
    return {
      agent: request.agent,
      mode,
      changes: request.agent === 'langchain' ? [] : [{ path, action: before === undefined ? 'create' : before === after ? 'unchanged' : 'update', diff: unifiedDiff(path, before ?? '', after), holdsKey: mode === 'proxy' }],
      notes: [`Restart ${AGENT_NAMES[request.agent]} to pick up the change.`],
      warnings: this.demo ? ['This points the agent at the demo gateway on this machine.'] : [],
      snippets:
        request.agent === 'langchain'
          ? [
              { title: 'Python (langchain-openai)', language: 'python', code: `from langchain_openai import ChatOpenAI\n\nllm = ChatOpenAI(\n    base_url="http://127.0.0.1:${PROXY_PORT}/openai/v1",\n    api_key=os.environ["AI_GATEWAY_LOCAL_KEY"],\n    model="gpt-4.1-mini",\n)\n` },
              { title: 'JavaScript (@langchain/openai)', language: 'javascript', code: `import { ChatOpenAI } from '@langchain/openai';\n\nconst llm = new ChatOpenAI({\n  model: 'gpt-4.1-mini',\n  apiKey: process.env.AI_GATEWAY_LOCAL_KEY,\n  configuration: { baseURL: 'http://127.0.0.1:${PROXY_PORT}/openai/v1' },\n});\n` },
            ]
          : [],
    };
  }

  async applySetup(request: SetupRequest): Promise<SetupResult> {
    const plan = await this.planSetup(request);
    const models = request.models ?? this.agentInfo(request.agent).defaultModels.slice(0, 1);
    const written: string[] = [];
    if (request.agent !== 'langchain') {
      const path = CONFIG_FILES[request.agent];
      this.files.set(path, this.render(request.agent, plan.mode, models));
      written.push(path);
    }
    this.configured.set(request.agent, { mode: plan.mode, models });
    return { plan, written, backups: [] };
  }

  async planUndo(agent: AgentId): Promise<SetupPlan> {
    const path = CONFIG_FILES[agent];
    const current = this.files.get(path);
    return {
      agent,
      mode: this.configured.get(agent)?.mode ?? 'proxy',
      changes: current === undefined ? [] : [{ path, action: 'delete', diff: unifiedDiff(path, current, ''), holdsKey: false }],
      notes: ['The file did not exist before the setup, so undo removes it.'],
      warnings: [],
      snippets: [],
    };
  }

  async undoSetup(agent: AgentId): Promise<SetupResult> {
    const plan = await this.planUndo(agent);
    const path = CONFIG_FILES[agent];
    const written = this.files.delete(path) ? [path] : [];
    this.configured.delete(agent);
    return { plan, written, backups: [] };
  }

  async verifyAgent(agent: AgentId): Promise<DoctorReport> {
    const setup = this.configured.get(agent);
    const model = setup?.models[0] ?? 'claude-sonnet-4-5';
    if (setup) this.record({ agent, provider: 'anthropic', model, status: 200, latencyMs: 412, inputTokens: 12, outputTokens: 9, error: null });
    const checks = [
      { name: 'Configuration file', ok: setup !== undefined, message: setup ? `${CONFIG_FILES[agent]} points at the local proxy.` : 'Not set up.', fix: setup ? null : 'Run the setup again.' },
      { name: 'Local proxy', ok: true, message: `Listening on 127.0.0.1:${PROXY_PORT}.`, fix: null },
      { name: 'Test request', ok: setup !== undefined, message: setup ? `${model} answered through the proxy in 412 ms.` : 'Skipped.', fix: null },
    ];
    return { agent, ok: checks.every((c) => c.ok), checks };
  }

  async getActivity(): Promise<ActivityEntry[]> {
    return this.activity.slice(-200).map((e) => ({ ...e }));
  }

  async regenerateLocalKey(agent: AgentId): Promise<void> {
    this.regenerated.push(agent);
  }

  private agentInfo(id: AgentId): AgentInfo {
    const setup = this.configured.get(id);
    const installed = id !== 'goose' && id !== 'langchain';
    const supportsDirect = id === 'claude-code' || id === 'codex' || id === 'goose';
    return {
      id,
      name: AGENT_NAMES[id],
      installed,
      version: installed ? { 'claude-code': '2.1.197', opencode: '1.18.33', codex: '0.171.0', continue: '1.5.47' }[id as string] ?? null : null,
      binary: installed ? `/usr/local/bin/${id === 'claude-code' ? 'claude' : id === 'continue' ? 'cn' : id}` : null,
      configFiles: this.files.has(CONFIG_FILES[id]) ? [CONFIG_FILES[id]] : [],
      configured: setup !== undefined,
      mode: setup?.mode ?? null,
      modes: supportsDirect ? ['proxy', 'direct'] : ['proxy'],
      directUnsupportedReason: supportsDirect ? null : `${AGENT_NAMES[id]} cannot run a command to fetch a token, so it needs the proxy.`,
      warnings: id === 'goose' ? ['Goose is not installed; its setup can still be written.'] : [],
      providers: id === 'claude-code' ? ['anthropic'] : ['anthropic', 'openai'],
      defaultModels: id === 'claude-code' ? ['claude-sonnet-4-5', 'claude-haiku-4-5'] : ['claude-sonnet-4-5', 'gpt-4.1-mini'],
    };
  }

  private render(agent: AgentId, mode: 'proxy' | 'direct', models: string[]): string {
    return JSON.stringify({ provider: 'ai-gateway', baseURL: mode === 'proxy' ? `http://127.0.0.1:${PROXY_PORT}/anthropic` : 'https://ai-gateway.example.com', apiKey: mode === 'proxy' ? '${AI_GATEWAY_LOCAL_KEY}' : undefined, models, agent }, null, 2) + '\n';
  }

  private applySettings(input: SettingsInput): void {
    const previous = this.settings;
    this.settings = {
      gatewayUrl: input.gatewayUrl,
      clientId: input.clientId,
      tokenEndpoint: input.tokenEndpoint,
      scope: input.scope ?? '',
      authMethod: input.authMethod ?? previous?.authMethod ?? 'client_secret_basic',
      port: input.port ?? previous?.port ?? PROXY_PORT,
      caFile: input.caFile ?? previous?.caFile ?? '',
      testModels: { ...DEFAULT_TEST_MODELS, ...previous?.testModels, ...input.testModels },
      secret: { present: true, storage: 'keyring' },
      sources: { gatewayUrl: 'stored', clientId: 'stored', clientSecret: 'stored', tokenEndpoint: 'stored', scope: 'stored' },
    };
  }

  private issueToken(obtainedAt: number): void {
    this.token = {
      state: 'valid',
      obtainedAt,
      validUntil: obtainedAt + TOKEN_LIFETIME_MS,
      nextRefreshAt: obtainedAt + TOKEN_LIFETIME_MS - 2 * 60_000,
      lastError: null,
    };
  }

  private record(entry: Omit<ActivityEntry, 'id' | 'at' | 'method' | 'path'>): void {
    const path = entry.provider === 'anthropic' ? `/${entry.provider}/v1/messages` : `/${entry.provider}/v1/chat/completions`;
    this.activity.push({ id: this.nextActivityId++, at: Date.now(), method: 'POST', path, ...entry });
  }
}

/** A whole-file unified diff, enough for the preview. */
function unifiedDiff(path: string, before: string, after: string): string {
  const a = before === '' ? [] : before.replace(/\n$/, '').split('\n');
  const b = after === '' ? [] : after.replace(/\n$/, '').split('\n');
  return [`--- ${before === '' ? '/dev/null' : path}`, `+++ ${after === '' ? '/dev/null' : path}`, `@@ -${a.length ? 1 : 0},${a.length} +${b.length ? 1 : 0},${b.length} @@`, ...a.map((l) => `-${l}`), ...b.map((l) => `+${l}`)].join('\n') + '\n';
}
