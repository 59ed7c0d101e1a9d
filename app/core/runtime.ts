/**
 * The composition root of the core: settings, token service, local keys, the proxy and the API, wired
 * once. The CLI, the headless UI and the Electron shell all build one of these.
 */
import type { Dispatcher } from 'undici';
import type { PublicSettings } from '../contract/api.js';
import type { appFiles } from './config/paths.js';
import { openSettings } from './config/open-settings.js';
import type { SecretStore } from './config/secret-store.js';
import type { SettingsService, ResolvedSettings } from './config/settings-service.js';
import type { SettingsStore } from './config/settings-store.js';
import { DEFAULT_PROXY_PORT } from './config/settings-schema.js';
import { createTokenGrant } from './auth/token-client.js';
import { TokenService, type TokenServiceOptions } from './auth/token-service.js';
import { LocalKeyStore } from './keys/local-keys.js';
import { createDispatcher, type DispatcherOptions } from './net/dispatcher.js';
import { ActivityLog } from './proxy/activity-log.js';
import { gatewayTarget, type GatewayTarget } from './proxy/gateway-client.js';
import { portkeyHeadersFor } from './config/provider-options.js';
import { ProxyServer, type RouteHandler } from './proxy/proxy-server.js';
import { responsesRoute } from './proxy/responses-route.js';
import { join } from 'node:path';
import { forcePrivateDirs } from './config/private-dirs.js';
import { PROVIDERS } from '../contract/providers.js';
import { probeAll } from './probes/connectivity.js';
import { newProofSecret, proofFor, readProxyRecord, removeProxyRecord, writeProxyRecord, type ProxyRecord } from './running/proxy-record.js';
import { recordLiveness } from './running/live-record.js';
import { AppError } from './errors.js';
import { APP_VERSION } from './version.js';
import { UsageRecorder } from './usage/usage-recorder.js';
import { usageLimits, type UsageLimits } from './usage/usage-limits.js';

/** How to build a runtime; every seam has a default for real use. */
export interface RuntimeOptions {
  env?: Record<string, string | undefined>;
  dataDir?: string;
  settingsStore?: SettingsStore;
  /** The desktop app passes a safeStorage-backed store; the CLI uses the OS keyring. */
  secureSecretStore?: SecretStore;
  /** Port from `--port`, over the setting. */
  portOverride?: number;
  demo?: boolean;
  tokenOptions?: TokenServiceOptions;
  dispatcherOptions?: Omit<DispatcherOptions, 'env' | 'caFile'>;
  proxyHeadersTimeoutMs?: number;
  maxBodyBytes?: number;
  /** Record requests in the usage history (default true; the bench turns it off to measure its cost). */
  usageHistory?: boolean;
  /** Extra route handlers (the Responses translation registers here). */
  handlers?: (runtime: Runtime) => RouteHandler[];
  /**
   * A new one-time link to the headless window this process serves, or null while it serves none: what
   * `ai-gateway ui-link` gets from the proxy. `serve --ui` wires it (the window runs in the same process).
   */
  uiLink?: () => string | null;
}

/** The running core. */
export class Runtime {
  readonly env: Record<string, string | undefined>;
  readonly files: ReturnType<typeof appFiles>;
  readonly settings: SettingsService;
  readonly tokens: TokenService;
  readonly keys: LocalKeyStore;
  readonly activity = new ActivityLog();
  /** The usage history's writer: the proxy queues every finished request into it. */
  readonly usage: UsageRecorder;
  /** Told when the history could not be written, pruned or read (a file skipped); the shells point it at the log. */
  onUsageProblem: ((what: 'append' | 'prune' | 'read', error: unknown) => void) | null = null;
  private limits: UsageLimits;
  readonly demo: boolean;
  readonly version = APP_VERSION;
  private current: ResolvedSettings | null = null;
  /** The settings as last loaded, secret excluded: known even while incomplete (agent setup needs the port). */
  private loadedView: PublicSettings | null = null;
  private target: GatewayTarget | null = null;
  private dispatcher: Dispatcher | null = null;
  private proxyServer: ProxyServer | null = null;
  /** This run's proof secret: written to the 0600 record, never sent; the proxy answers challenges with it. */
  private readonly proofSecret = newProofSecret();

  constructor(private readonly options: RuntimeOptions = {}) {
    this.env = options.env ?? process.env;
    this.demo = options.demo ?? false;
    const opened = openSettings({ env: this.env, ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }), ...(options.settingsStore ? { settingsStore: options.settingsStore } : {}), ...(options.secureSecretStore ? { secureSecretStore: options.secureSecretStore } : {}) });
    this.files = opened.files;
    this.settings = opened.settings;
    this.tokens = new TokenService(null, options.tokenOptions);
    this.keys = new LocalKeyStore(this.files.localKeys);
    // Defaults until load() reads the settings file (a bad environment value is reported there).
    this.limits = usageLimits({}, {});
    this.usage = new UsageRecorder({ dir: this.files.usage, limits: () => this.limits, onError: (what, error) => this.onUsageProblem?.(what, error) });
  }

  /** How much usage history is kept, as last loaded. */
  get usageLimits(): UsageLimits {
    return this.limits;
  }

  /** The resolved settings in force, or null while unconfigured. */
  get resolved(): ResolvedSettings | null {
    return this.current;
  }

  /** The public view of the settings in force (null before the first load), read without touching disk or keyring. */
  get view(): PublicSettings | null {
    return this.loadedView;
  }

  /** The gateway the proxy and probes send to, or null while unconfigured. */
  get gateway(): GatewayTarget | null {
    return this.target;
  }

  /** The proxy, once started. */
  get proxy(): ProxyServer | null {
    return this.proxyServer;
  }

  /** The port the proxy uses (or would use). */
  get port(): number {
    return this.proxyServer?.port ?? this.options.portOverride ?? this.loadedView?.port ?? DEFAULT_PROXY_PORT;
  }

  /** The proxy's base URL for agents. */
  get proxyUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Reads the settings and builds the token client; does not fetch a token or listen. */
  async load(): Promise<void> {
    await forcePrivateDirs([this.files.dir, this.files.agentsState]);
    this.limits = await this.settings.usageLimits();
    const snapshot = await this.settings.snapshot();
    this.current = snapshot.settings;
    this.loadedView = snapshot.view;
    await this.dispatcher?.close().catch(() => undefined);
    this.dispatcher = null;
    this.target = null;
    if (!this.current) {
      this.tokens.reconfigure(null);
      return;
    }
    this.dispatcher = createDispatcher({ ...this.options.dispatcherOptions, env: this.env, caFile: this.current.caFile || undefined });
    const providerOptions = this.current.providerOptions;
    this.target = gatewayTarget(this.current.gatewayUrl, this.dispatcher, (provider, model) => portkeyHeadersFor(providerOptions, provider, model));
    this.tokens.reconfigure(
      createTokenGrant({
        tokenEndpoint: this.current.tokenEndpoint,
        clientId: this.current.clientId,
        clientSecret: this.current.clientSecret,
        scope: this.current.scope,
        authMethod: this.current.authMethod,
        dispatcher: this.dispatcher,
      }),
    );
  }

  /** Loads settings, starts background token refreshes and, unless told not to, the proxy. */
  async start(options: { proxy?: boolean } = {}): Promise<void> {
    await this.load();
    // The port first: a taken port must fail before the first token request (the endpoint bills per token).
    if (options.proxy !== false) {
      await this.startProxy();
      this.usage.start();
    }
    this.tokens.start();
  }

  /** Re-reads settings after a change; restarts the proxy if its port changed. */
  async reload(): Promise<void> {
    const oldPort = this.port;
    await this.load();
    if (this.proxyServer && this.port !== oldPort && this.options.portOverride === undefined) {
      await removeProxyRecord(this.files.proxyRecord, this.proofSecret).catch(() => undefined);
      await this.proxyServer.close();
      this.proxyServer = null;
      await this.startProxy();
    }
  }

  /** Stops refreshing, closes the proxy and the connection pool. */
  async stop(): Promise<void> {
    this.tokens.stop();
    if (this.proxyServer) await removeProxyRecord(this.files.proxyRecord, this.proofSecret).catch(() => undefined);
    await this.proxyServer?.close();
    this.proxyServer = null;
    await this.usage.close();
    await this.dispatcher?.close().catch(() => undefined);
    this.dispatcher = null;
  }

  /**
   * Refuses to start while another proxy of this data folder runs: its record is how every command finds
   * it, and a second proxy writing its own over it would hide the first (and remove nothing of it on exit:
   * removal checks the proof). A record left by a proxy that is gone is replaced.
   */
  private async refuseIfAnotherRuns(): Promise<void> {
    let record: ProxyRecord | null = null;
    try {
      record = readProxyRecord(this.files.proxyRecord);
    } catch {
      // A record that fails the checks names no proxy of ours: this one writes its own over it.
    }
    if (!record || record.proof === this.proofSecret || record.pid === process.pid) return;
    const liveness = await recordLiveness(record);
    if (liveness === 'gone') return;
    const what = record.demo ? 'The demo' : 'Another ai-gateway proxy';
    const state = liveness === 'live' ? 'already runs' : 'seems to run (it took the connection but did not answer)';
    throw new AppError(
      'proxy_already_running',
      `${what} ${state} for this app data folder: pid ${record.pid}, port ${record.port}. Use it (\`ai-gateway status\` shows it), or stop it first. If no ai-gateway runs, remove ${this.files.proxyRecord}.`,
      { side: 'local' },
    );
  }

  private async startProxy(): Promise<void> {
    await this.refuseIfAnotherRuns();
    const server = new ProxyServer({
      port: this.options.portOverride ?? this.loadedView?.port ?? DEFAULT_PROXY_PORT,
      target: () => this.target,
      tokens: this.tokens,
      keys: this.keys,
      activity: this.activity,
      ...(this.options.usageHistory === false ? {} : { usage: this.usage }),
      demo: this.demo,
      handlers: [
        ...(this.options.handlers?.(this) ?? []),
        responsesRoute({ mode: () => this.current?.responsesApi ?? 'auto', gatewayUrl: () => this.current?.gatewayUrl ?? null, memoFile: join(this.files.dir, 'responses-support.json') }),
      ],
      version: this.version,
      local: {
        status: () => ({ service: 'ai-gateway', version: this.version, demo: this.demo, token: this.tokens.status() }),
        token: async () => {
          const accessToken = await this.tokens.getToken();
          return { accessToken, expiresAt: this.tokens.status().validUntil };
        },
        prove: (nonce, port) => proofFor(this.proofSecret, nonce, port),
        uiLink: () => this.options.uiLink?.() ?? null,
        // `ai-gateway test` against a running proxy (or demo) uses its token and settings, not a new token.
        // With the provider options, so a missing Azure option is named instead of blamed on the test model.
        test: async (providers) =>
          probeAll(
            {
              target: this.target,
              tokens: this.tokens,
              models: this.current?.testModels ?? this.loadedView?.testModels ?? (await this.settings.snapshot()).view.testModels,
              ...(this.current ? { providerOptions: this.current.providerOptions } : {}),
            },
            providers.length ? providers : PROVIDERS,
          ),
      },
      ...(this.options.proxyHeadersTimeoutMs === undefined ? {} : { headersTimeoutMs: this.options.proxyHeadersTimeoutMs }),
      ...(this.options.maxBodyBytes === undefined ? {} : { maxBodyBytes: this.options.maxBodyBytes }),
    });
    await server.listen();
    this.proxyServer = server;
    // The one source of truth for the port every other command and the app use.
    await writeProxyRecord(this.files.proxyRecord, { service: 'ai-gateway', port: server.port, pid: process.pid, demo: this.demo, version: this.version, startedAt: Date.now(), proof: this.proofSecret });
  }
}
