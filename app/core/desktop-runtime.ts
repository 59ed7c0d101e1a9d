/** The core as the desktop app runs it: one call that builds the runtime and its API, demo included. */
import type { GatewayApi } from '../contract/api.js';
import { createAppApi } from './app-api.js';
import { MemorySecretStore, type SecretStore } from './config/secret-store.js';
import { MemorySettingsStore, type SettingsStore } from './config/settings-store.js';
import { startDemoGateway, type DemoGateway } from './demo/demo-gateway.js';
import { DEMO_TRAFFIC_OWNER, startDemoTraffic } from './demo/demo-traffic.js';
import { Runtime } from './runtime.js';
import { Logger } from './log/logger.js';
import { logGatewayErrors } from './log/gateway-error-log.js';
import { DEMO_PROXY_PORT } from './desktop/demo-port.js';
import { logUsageProblems } from './log/usage-problem-log.js';

/** What the Electron shell hands the core. */
export interface DesktopRuntimeOptions {
  settingsStore: SettingsStore;
  secureSecretStore: SecretStore;
  demo: boolean;
  dataDir: string;
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** The token command direct-mode agents get: the app binary with `--print-token` (core/desktop/token-command.ts). */
  tokenCommand: string[];
}

/** The running core, as the shell sees it. */
export interface DesktopCore {
  api: GatewayApi;
  runtime: Runtime;
  tokens: Runtime['tokens'];
  readonly proxyUrl: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Builds the runtime; in demo mode it also starts the demo gateway and ignores the real settings. */
export async function createRuntime(options: DesktopRuntimeOptions): Promise<DesktopCore> {
  const env = options.env ?? process.env;
  let demo: DemoGateway | null = null;
  let runtime: Runtime;
  if (options.demo) {
    demo = await startDemoGateway({ firstByteMs: 120, eventGapMs: 30 });
    const { clientSecret, ...values } = demo.settings;
    runtime = new Runtime({ env: {}, dataDir: options.dataDir, demo: true, portOverride: DEMO_PROXY_PORT, settingsStore: new MemorySettingsStore(values), secureSecretStore: new MemorySecretStore(clientSecret) });
  } else {
    runtime = new Runtime({ env, dataDir: options.dataDir, settingsStore: options.settingsStore, secureSecretStore: options.secureSecretStore });
  }
  const logger = new Logger(runtime.files.logs);
  runtime.tokens.on('refreshed', ({ expiresAt }) => logger.info('token refreshed', { validUntil: new Date(expiresAt).toISOString() }));
  runtime.tokens.on('refreshFailed', (error) => logger.warn(`token refresh failed: ${error.message}`, { code: error.code }));
  logGatewayErrors(runtime.activity, logger);
  logUsageProblems(runtime, logger);
  let stopTraffic: (() => void) | null = null;
  const api = createAppApi(runtime, { env, cwd: options.cwd ?? process.cwd(), tokenCommand: options.tokenCommand });
  return {
    api,
    runtime,
    tokens: runtime.tokens,
    get proxyUrl() {
      return runtime.proxyUrl;
    },
    async start() {
      await runtime.start();
      if (demo && runtime.resolved) stopTraffic = startDemoTraffic(runtime.proxyUrl, await runtime.keys.keyFor(DEMO_TRAFFIC_OWNER), runtime.resolved.testModels);
    },
    async stop() {
      stopTraffic?.();
      await runtime.stop();
      await demo?.close();
    },
  };
}
