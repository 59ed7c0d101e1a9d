/**
 * What the e2e tests run against: the real `ai-gateway serve --ui` (a child process with its own temporary
 * HOME and AI_GATEWAY_HOME) in front of the token endpoint and gateway doubles. The tests and page objects
 * talk to the `E2eBackend` interface only.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentId } from '../../../app/contract/api.js';
import type { Provider } from '../../../app/contract/providers.js';
import type { UsageRecord } from '../../../app/contract/usage.js';
import { appFiles } from '../../../app/core/config/paths.js';
import { appendRecords } from '../../../app/core/usage/history-files.js';
import { GatewayDouble } from '../../../app/core/demo/gateway-double.js';
import { TokenEndpoint } from '../../../app/core/demo/token-endpoint.js';
import { AI_GATEWAY, runBounded } from '../../agents/agent-harness.js';
import { freePort } from '../../helpers/stack.js';

/** The gateway values a user types into the first-run form (the doubles' addresses and credentials). */
export interface GatewayValues {
  gatewayUrl: string;
  clientId: string;
  clientSecret: string;
  tokenEndpoint: string;
}

/** A running app with its UI, plus the knobs the tests need on the gateway side. */
export interface E2eBackend {
  /** The URL with its session token, as `serve --ui` prints it. */
  url: string;
  /** What the token endpoint and gateway accept. */
  gateway: GatewayValues;
  /** Token lifetime the endpoint grants, in seconds. */
  tokenLifetimeSeconds: number;
  /** Makes the gateway fail requests for one provider (the probe must go red with a diagnosis). */
  failProvider(provider: Provider): Promise<void>;
  /** How many times the app fetched a token since start. */
  tokenFetches(): Promise<number>;
  /** Makes the token endpoint answer 503 until `restoreTokenEndpoint`. */
  failTokenEndpoint(): Promise<void>;
  restoreTokenEndpoint(): Promise<void>;
  /** Where an agent's setup writes its config file (under the app's HOME). */
  agentConfigPath(agent: AgentId): string;
  /** The content of the config file an agent's setup wrote, or null when there is none. */
  agentConfig(agent: AgentId): Promise<string | null>;
  /** Sends one small request through the local proxy, as a script with a local key from `ai-gateway env` would; returns the HTTP status. */
  requestThroughProxy(provider: Provider, model: string): Promise<number>;
  /** A loopback port nothing listens on (for a settings change of the proxy port). */
  freePort(): Promise<number>;
  /** Runs a command line the window told the user to type, in a terminal like the one `serve --ui` runs in (its HOME, PATH, folder; no GATEWAY_*). */
  startInTerminal(argv: string[]): ChildProcess;
  close(): Promise<void>;
}

/** How to start it. */
export interface BackendOptions {
  /** Start with the GATEWAY_* variables set; otherwise unconfigured, on the first-run screen. */
  configured: boolean;
  /** Usage history to start with, written through the core's history store before the app starts. */
  history?: readonly UsageRecord[];
  /** The price table (`prices.json`) to start with, in dollars per million tokens. */
  prices?: Record<string, { input: number; output: number }>;
}

/** Where each agent's setup writes, relative to HOME (Linux paths of the real registry). */
const CONFIG_FILES: Partial<Record<AgentId, string>> = {
  'claude-code': '.claude/settings.json',
  opencode: '.config/opencode/opencode.json',
  continue: '.continue/config.yaml',
  codex: '.codex/config.toml',
  goose: '.config/goose/config.yaml',
};

const CLIENT_ID = 'e2e-client';
const CLIENT_SECRET = 'e2e-client-secret-0123456789';
const TOKEN_LIFETIME_SECONDS = 600;

/** Starts the doubles and `ai-gateway serve --ui` with a fresh HOME; resolves once the UI URL is printed. */
export async function startBackend(options: BackendOptions): Promise<E2eBackend> {
  const tokenEndpoint = await new TokenEndpoint({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, lifetimeSeconds: TOKEN_LIFETIME_SECONDS }).start();
  const gateway = await new GatewayDouble({ jwks: tokenEndpoint.jwks, issuer: tokenEndpoint.issuer }).start();
  const values: GatewayValues = { gatewayUrl: gateway.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, tokenEndpoint: tokenEndpoint.url };
  const home = await mkdtemp(join(tmpdir(), 'aigw-e2e-'));
  const appHome = join(home, '.ai-gateway-e2e');
  await mkdir(appHome, { recursive: true });
  await writeFile(join(appHome, 'settings.json'), JSON.stringify({ port: await freePort() }));
  const files = appFiles(appHome);
  if (options.history) await appendRecords(files.usage, options.history);
  if (options.prices) await writeFile(files.prices, JSON.stringify(options.prices));
  const base: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: home, AI_GATEWAY_HOME: appHome, LANG: 'C.UTF-8', TERM: 'dumb', NO_COLOR: '1' };
  const gatewayEnv = options.configured
    ? { GATEWAY_URL: values.gatewayUrl, GATEWAY_CLIENT_ID: values.clientId, GATEWAY_CLIENT_SECRET: values.clientSecret, GATEWAY_TOKEN_ENDPOINT: values.tokenEndpoint }
    : {};

  const serve = spawn(process.execPath, [AI_GATEWAY, 'serve', '--ui', '--ui-port', '0', '--json'], { env: { ...base, ...gatewayEnv }, cwd: home, stdio: ['ignore', 'pipe', 'pipe'] });
  const stopDoubles = async () => {
    await Promise.all([gateway.close(), tokenEndpoint.close()]);
    await rm(home, { recursive: true, force: true });
  };
  const started: ChildProcess[] = [];
  let url: string;
  try {
    url = await readUiUrl(serve);
  } catch (error) {
    await stop(serve);
    await stopDoubles();
    throw error;
  }

  return {
    url,
    gateway: values,
    tokenLifetimeSeconds: TOKEN_LIFETIME_SECONDS,
    failProvider: async (provider) => {
      const body = JSON.stringify({ error: { message: "The model 'x' does not exist", type: 'invalid_request_error', code: 'model_not_found' } });
      gateway.setFault(provider, { kind: 'status', status: 404, body, headers: { 'content-type': 'application/json' } });
    },
    tokenFetches: async () => tokenEndpoint.requests,
    failTokenEndpoint: async () => tokenEndpoint.setFault({ kind: 'status', status: 503 }),
    restoreTokenEndpoint: async () => tokenEndpoint.setFault(null),
    agentConfigPath: (agent) => join(home, CONFIG_FILES[agent] ?? `.unknown-${agent}`),
    agentConfig: async (agent) => {
      const relative = CONFIG_FILES[agent];
      if (!relative) return null;
      try {
        return await readFile(join(home, relative), 'utf8');
      } catch {
        return null;
      }
    },
    requestThroughProxy: async (provider, model) => {
      const env = await runBounded(process.execPath, [AI_GATEWAY, 'env', '--json'], base, 20_000);
      if (env.code !== 0) throw new Error(`ai-gateway env failed: ${env.stderr}`);
      const vars = JSON.parse(env.stdout) as Record<string, string>;
      const key = vars.OPENAI_API_KEY!;
      const proxy = vars.AI_GATEWAY_PROXY_URL!;
      const response =
        provider === 'anthropic'
          ? await fetch(`${proxy}/anthropic/v1/messages`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', 'x-api-key': key, 'anthropic-version': '2023-06-01' },
              body: JSON.stringify({ model, max_tokens: 16, messages: [{ role: 'user', content: 'Say hi' }] }),
            })
          : await fetch(`${proxy}/${provider}/v1/chat/completions`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
              body: JSON.stringify({ model, max_tokens: 16, messages: [{ role: 'user', content: 'Say hi' }] }),
            });
      await response.arrayBuffer();
      return response.status;
    },
    freePort,
    startInTerminal: (argv) => {
      const child = spawn(argv[0]!, argv.slice(1), { env: base, cwd: home, stdio: ['ignore', 'pipe', 'pipe'] });
      started.push(child);
      return child;
    },
    close: async () => {
      await Promise.all(started.map(stop));
      await stop(serve);
      await stopDoubles();
    },
  };
}

/** Reads the `--json` line `{"proxy", "ui", "demo"}` from serve's stdout. */
function readUiUrl(serve: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => reject(new Error(`serve --ui did not print its URL in 20 s:\n${stdout}\n${stderr}`)), 20_000);
    serve.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    serve.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      for (const line of stdout.split('\n')) {
        if (!line.startsWith('{')) continue;
        try {
          const printed = JSON.parse(line) as { ui: string | null };
          if (printed.ui) {
            clearTimeout(timer);
            resolve(printed.ui);
          }
        } catch {
          // An incomplete line: wait for the rest.
        }
      }
    });
    serve.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve --ui exited (${String(code)}) before printing its URL:\n${stdout}\n${stderr}`));
    });
  });
}

/** SIGTERM, then wait for the exit (SIGKILL after 10 s). */
async function stop(serve: ChildProcess): Promise<void> {
  if (serve.exitCode !== null || serve.signalCode !== null) return;
  const exited = new Promise((resolve) => serve.once('exit', resolve));
  serve.kill('SIGTERM');
  const timer = setTimeout(() => serve.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
