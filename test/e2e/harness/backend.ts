/**
 * What the e2e tests run against. Today: the in-test FakeGatewayApi behind our own startWebUi. Later: the
 * real `ai-gateway serve --ui` with the gateway double; only this file changes, the tests and page objects
 * talk to the `E2eBackend` interface.
 */
import { fileURLToPath } from 'node:url';
import type { AgentId } from '../../../app/contract/api.js';
import type { Provider } from '../../../app/contract/providers.js';
import { startWebUi } from '../../../app/web/server.js';
import { FakeGatewayApi } from './fake-gateway-api.js';
import type { FakeApiOptions } from './fake-gateway-api.js';

/** A running app with its UI, plus the knobs the tests need on the gateway side. */
export interface E2eBackend {
  /** The URL with its session token, as `serve --ui` prints it. */
  url: string;
  /** Makes the gateway fail requests for one provider (the probe must go red with a diagnosis). */
  failProvider(provider: Provider): Promise<void>;
  /** How many times the app fetched a token since start. */
  tokenFetches(): Promise<number>;
  /** The content of the config file an agent's setup wrote, or null when there is none. */
  agentConfig(agent: AgentId): Promise<string | null>;
  close(): Promise<void>;
}

/** The built renderer (`vite build` output), from out/test/e2e/harness. */
const RENDERER_DIR = fileURLToPath(new URL('../../../renderer', import.meta.url));

/** Starts the fake api behind the headless UI server. */
export async function startBackend(options: FakeApiOptions = {}): Promise<E2eBackend> {
  const api = new FakeGatewayApi(options);
  const ui = await startWebUi({ api, staticDir: RENDERER_DIR, demo: options.demo ?? false });
  return {
    url: ui.url,
    failProvider: async (provider) => api.failProvider(provider),
    tokenFetches: async () => api.refreshes,
    agentConfig: async (agent) => {
      const info = (await api.listAgents()).find((a) => a.id === agent);
      const path = info?.configFiles[0];
      return path ? (api.files.get(path) ?? null) : null;
    },
    close: () => ui.close(),
  };
}
