/**
 * The one typed API of the app: every verb the renderer (over IPC or HTTP) and the CLI may call.
 * Plain data only, so the renderer can import it. Times are epoch milliseconds.
 */
import type { ErrorCode, ErrorDto } from './errors.js';
import type { Provider } from './providers.js';
import type { UsageQuery, UsageReport } from './usage.js';

/** How the client authenticates at the token endpoint. */
export type AuthMethod = 'client_secret_basic' | 'client_secret_post';

/** Where the client secret lives; the secret itself never crosses the API. */
export type SecretStorage = 'keyring' | 'safe-storage' | 'file' | 'environment' | 'memory' | 'none';

/** Where a setting's value came from. */
export type SettingSource = 'environment' | 'stored' | 'default';

/** Portkey's Azure OpenAI options, sent as `x-portkey-azure-*` on `/azure-openai` requests. */
export interface AzureOptions {
  /** `x-portkey-azure-resource-name`: the NAME in https://NAME.openai.azure.com. */
  resourceName: string;
  /** `x-portkey-azure-deployment-id` when the model has no entry in `deployments`. */
  deploymentId: string;
  /** Model -> deployment, for a resource with one deployment per model. */
  deployments: Record<string, string>;
  /** `x-portkey-azure-api-version`, e.g. 2024-10-21 (or v1). */
  apiVersion: string;
}

/**
 * What the company's Portkey needs beyond the provider: the Azure options, and extra `x-portkey-*`
 * headers (a config id, a virtual key) for every provider or one. Set by the user; never by a client.
 */
export interface ProviderOptions {
  azure: AzureOptions;
  /** Sent on every request. */
  headers: Record<string, string>;
  /** Sent on one provider's requests, over `headers`. */
  providerHeaders: Partial<Record<Provider, Record<string, string>>>;
}

/** Settings as the UI may see them: everything but the client secret. */
export interface PublicSettings {
  gatewayUrl: string;
  clientId: string;
  tokenEndpoint: string;
  scope: string;
  authMethod: AuthMethod;
  port: number;
  caFile: string;
  testModels: Record<Provider, string>;
  providerOptions: ProviderOptions;
  secret: { present: boolean; storage: SecretStorage };
  sources: Partial<Record<'gatewayUrl' | 'clientId' | 'clientSecret' | 'tokenEndpoint' | 'scope' | 'providerOptions', SettingSource>>;
}

/** What the first-run form and the settings screen send. Omitted secret keeps the stored one. */
export interface SettingsInput {
  gatewayUrl: string;
  clientId: string;
  clientSecret?: string;
  tokenEndpoint: string;
  scope?: string;
  authMethod?: AuthMethod;
  port?: number;
  caFile?: string;
  testModels?: Partial<Record<Provider, string>>;
  /** Replaces the stored provider options (environment values still win). */
  providerOptions?: ProviderOptions;
}

/** The token service's state, as the tray, the UI and `ai-gateway status` show it. */
export interface TokenStatus {
  state: 'unconfigured' | 'idle' | 'refreshing' | 'valid' | 'failed' | 'rejected';
  validUntil: number | null;
  obtainedAt: number | null;
  nextRefreshAt: number | null;
  lastError: ErrorDto | null;
}

/** The local proxy as agents see it. */
export interface ProxyStatus {
  running: boolean;
  url: string;
  port: number;
}

/** Everything the status line, the tray and the token screen need in one read. */
export interface AppStatus {
  token: TokenStatus;
  proxy: ProxyStatus;
  settings: PublicSettings | null;
  demo: boolean;
  version: string;
  now: number;
  /**
   * How to run the `ai-gateway` command on this machine from any folder, as the process serving the window
   * knows it (`node /path/bin/ai-gateway.cjs` when it is not on PATH); absent: `ai-gateway`.
   */
  cliCommand?: string;
}

/** What went wrong in a connectivity probe, in the words the UI uses to pick a fix. */
export type Diagnosis =
  | 'ok'
  | 'credentials_rejected'
  | 'token_endpoint_unreachable'
  | 'token_rejected'
  | 'provider_not_set'
  | 'model_unknown'
  | 'gateway_unreachable'
  | 'gateway_error'
  | 'tls_untrusted'
  | 'timeout'
  | 'settings_missing'
  | 'provider_options_missing'
  | 'provider_key_rejected'
  | 'provider_unreachable'
  | 'streaming_broken';

/** The streaming half of a probe: a short `stream: true` request, read to its end. */
export interface StreamCheck {
  ok: boolean;
  status: number | null;
  message: string;
}

/** One provider's connectivity result. */
export interface ProbeResult {
  provider: Provider;
  model: string;
  ok: boolean;
  status: number | null;
  latencyMs: number | null;
  diagnosis: Diagnosis;
  message: string;
  fix: string | null;
  /** The streaming request, sent once the plain one worked (absent when it did not). */
  streaming?: StreamCheck;
}

/** The six agents the app sets up. */
export const AGENT_IDS = ['claude-code', 'opencode', 'codex', 'continue', 'goose', 'langchain'] as const;

/** One of the agents. */
export type AgentId = (typeof AGENT_IDS)[number];

/** Proxy mode: the agent talks to the local proxy with a local key. Direct: the agent runs `ai-gateway token`. */
export type SetupMode = 'proxy' | 'direct';

/** What detection found out about one agent. */
export interface AgentInfo {
  id: AgentId;
  name: string;
  installed: boolean;
  version: string | null;
  binary: string | null;
  configFiles: string[];
  configured: boolean;
  /** Set when one of its config files does not parse the way the agent itself parses it (the agent cannot use it): what and where. */
  configProblem: string | null;
  mode: SetupMode | null;
  modes: SetupMode[];
  /** Why direct mode is not offered, when it is not. */
  directUnsupportedReason: string | null;
  warnings: string[];
  providers: Provider[];
  defaultModels: string[];
}

/** A request to plan or apply an agent's setup. */
export interface SetupRequest {
  agent: AgentId;
  mode?: SetupMode;
  models?: string[];
  provider?: Provider;
  /** Turn off the agent's telemetry and non-essential traffic where it has a switch. */
  quiet?: boolean;
}

/** One file a setup would touch, with a unified diff of the change. */
export interface FileChange {
  path: string;
  action: 'create' | 'update' | 'unchanged' | 'delete' | 'restore';
  diff: string;
  holdsKey: boolean;
}

/** A ready-to-copy code snippet (LangChain and friends). */
export interface Snippet {
  title: string;
  language: 'python' | 'javascript' | 'shell';
  code: string;
}

/** What a setup (or undo) will do, before it does it. */
export interface SetupPlan {
  agent: AgentId;
  mode: SetupMode;
  changes: FileChange[];
  notes: string[];
  warnings: string[];
  snippets: Snippet[];
}

/** What a setup (or undo) did. */
export interface SetupResult {
  plan: SetupPlan;
  /** Files written (created, edited or restored). */
  written: string[];
  /** Files removed: undo of a file setup had created. */
  removed: string[];
  /** Backups made by this change. */
  backups: string[];
}

/** One line of `ai-gateway doctor` and of the wizard's verify step. */
export interface DoctorCheck {
  name: string;
  ok: boolean;
  message: string;
  fix: string | null;
}

/** The doctor's verdict on one agent. */
export interface DoctorReport {
  agent: AgentId;
  ok: boolean;
  checks: DoctorCheck[];
}

/** One request through the proxy, without bodies or secrets. */
export interface ActivityEntry {
  id: number;
  at: number;
  agent: string | null;
  provider: Provider | null;
  method: string;
  path: string;
  model: string | null;
  status: number;
  latencyMs: number;
  inputTokens: number | null;
  outputTokens: number | null;
  error: ErrorCode | null;
  /** On a refused request's row: how many more were refused (missing or wrong key) since the last such row. */
  refusedSince?: number;
}

/** What "Try the demo" did: the desktop app restarts in demo mode; elsewhere the user is told the command. */
export interface DemoLaunch {
  started: boolean;
  instructions: string;
}

/** Every verb of the app. Each returns a promise; failures reject with an ApiError ({code, message}). */
export interface GatewayApi {
  getStatus(): Promise<AppStatus>;
  validateSettings(input: SettingsInput): Promise<ErrorDto[]>;
  saveSettings(input: SettingsInput): Promise<AppStatus>;
  refreshToken(): Promise<TokenStatus>;
  testConnectivity(providers?: Provider[]): Promise<ProbeResult[]>;
  listAgents(): Promise<AgentInfo[]>;
  planSetup(request: SetupRequest): Promise<SetupPlan>;
  applySetup(request: SetupRequest): Promise<SetupResult>;
  planUndo(agent: AgentId): Promise<SetupPlan>;
  undoSetup(agent: AgentId): Promise<SetupResult>;
  verifyAgent(agent: AgentId): Promise<DoctorReport>;
  getActivity(): Promise<ActivityEntry[]>;
  /** The usage history over a window, grouped and bucketed (the Usage screen, the tray's today line). */
  getUsage(query: UsageQuery): Promise<UsageReport>;
  regenerateLocalKey(agent: AgentId): Promise<void>;
  startDemo(): Promise<DemoLaunch>;
}

/** The verbs by name, for IPC channel and HTTP route registration; checked complete below. */
export const API_METHODS = [
  'getStatus',
  'validateSettings',
  'saveSettings',
  'refreshToken',
  'testConnectivity',
  'listAgents',
  'planSetup',
  'applySetup',
  'planUndo',
  'undoSetup',
  'verifyAgent',
  'getActivity',
  'getUsage',
  'regenerateLocalKey',
  'startDemo',
] as const satisfies readonly (keyof GatewayApi)[];

/** A verb's name. */
export type ApiMethod = (typeof API_METHODS)[number];

// Compile-time completeness: adding a verb to GatewayApi without listing it above fails the type-check.
type MissingVerbs = Exclude<keyof GatewayApi, ApiMethod>;
const _allVerbsListed: MissingVerbs extends never ? true : never = true;
void _allVerbsListed;

/** How a call's outcome crosses IPC and HTTP. */
export type ApiReply<T> = { ok: true; value: T } | { ok: false; error: ErrorDto };

/** An API failure as the client side sees it. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}
