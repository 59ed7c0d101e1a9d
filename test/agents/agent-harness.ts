/**
 * Runs the real agent CLIs against `ai-gateway serve` and the gateway doubles: a fresh HOME per agent,
 * configured only by `ai-gateway setup AGENT --yes`, stdin from /dev/null, every run bounded in time.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GatewayDouble, type GatewayDoubleOptions } from '../../app/core/demo/gateway-double.js';
import { TokenEndpoint } from '../../app/core/demo/token-endpoint.js';
import { freePort } from '../helpers/stack.js';

/** The repository root (tests run from out/test/agents). */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** Where `npm install --prefix test/agents` puts the agent CLIs. */
export const AGENT_BIN = join(ROOT, 'test/agents/node_modules/.bin');
/** The CLI under test: the launcher the README installs (bin/ai-gateway.cjs). */
export const AI_GATEWAY = join(ROOT, 'bin/ai-gateway.cjs');

/** True when the real agent CLIs are installed; CI installs them, so there a missing install is a failure. */
export function agentsInstalled(): boolean {
  return existsSync(join(AGENT_BIN, 'claude'));
}

/** What one process printed. */
export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** Runs a command with stdin from /dev/null (OpenCode and Codex wait forever on an open pipe), killed after `timeoutMs`. */
export function runBounded(command: string, args: string[], env: Record<string, string>, timeoutMs: number, cwd?: string): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, cwd: cwd ?? env.HOME, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut });
    });
  });
}

/** The arguments of `codex exec PROMPT`, offline and quiet: no update check, analytics or plugin sync (run it bounded: it never exits while its server is unreachable). */
export function codexExecArgs(prompt: string): string[] {
  return ['exec', '--skip-git-repo-check', '-c', 'check_for_update_on_startup=false', '-c', 'analytics.enabled=false', '-c', 'features.plugins=false', prompt];
}

/** A running `ai-gateway serve` with a fresh HOME, pointed at some gateway. */
export interface ServeStack {
  home: string;
  /** The environment an agent runs with: PATH, HOME, and the switches that keep agents offline. No gateway variables. */
  agentEnv: Record<string, string>;
  /** The GATEWAY_* variables (given to `serve`, never to agents). */
  gatewayEnv: Record<string, string>;
  /** Runs `ai-gateway ARGS` with the stack's app data (and `extraEnv`, e.g. gatewayEnv for `login`). */
  cli(args: string[], timeoutMs?: number, extraEnv?: Record<string, string>): Promise<RunResult>;
  /** Stops `serve`. */
  close(): Promise<void>;
}

/** The doubles, a running `ai-gateway serve`, and a fresh HOME, for one agent test. */
export interface AgentStack extends ServeStack {
  tokenEndpoint: TokenEndpoint;
  gateway: GatewayDouble;
}

/** Starts the doubles and `ai-gateway serve` on a free port; the serve process gets the GATEWAY_* variables, agents do not. */
export async function startAgentStack(gatewayOptions: Partial<Omit<GatewayDoubleOptions, 'jwks' | 'issuer'>> = {}): Promise<AgentStack> {
  const tokenEndpoint = await new TokenEndpoint({ clientId: 'agents-test', clientSecret: 'agents-test-secret-1234' }).start();
  const gateway = await new GatewayDouble({ ...gatewayOptions, jwks: tokenEndpoint.jwks, issuer: tokenEndpoint.issuer }).start();
  const serve = await startServe({ GATEWAY_URL: gateway.url, GATEWAY_CLIENT_ID: 'agents-test', GATEWAY_CLIENT_SECRET: 'agents-test-secret-1234', GATEWAY_TOKEN_ENDPOINT: tokenEndpoint.url });
  return {
    ...serve,
    tokenEndpoint,
    gateway,
    async close() {
      await serve.close();
      await Promise.all([gateway.close(), tokenEndpoint.close()]);
    },
  };
}

/** Starts `ai-gateway serve` on a free port in a fresh HOME with `gatewayEnv` (GATEWAY_URL, client, token endpoint). */
export async function startServe(gatewayEnv: Record<string, string>): Promise<ServeStack> {
  const home = await mkdtemp(join(tmpdir(), 'aigw-agents-'));
  const appHome = join(home, '.ai-gateway-test');
  await mkdir(appHome, { recursive: true });
  const port = await freePort();
  await writeFile(join(appHome, 'settings.json'), JSON.stringify({ port }));
  const base = { PATH: `${AGENT_BIN}:${process.env.PATH ?? ''}`, HOME: home, AI_GATEWAY_HOME: appHome, LANG: 'C.UTF-8', TERM: 'dumb', NO_COLOR: '1' };
  const serve = spawn(process.execPath, [AI_GATEWAY, 'serve'], { env: { ...base, ...gatewayEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
  let serveOutput = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${serveOutput}`)), 20_000);
    const onData = (chunk: Buffer) => {
      serveOutput += chunk.toString();
      if (serveOutput.includes('listening on')) {
        clearTimeout(timer);
        resolve();
      }
    };
    serve.stdout.on('data', onData);
    serve.stderr.on('data', onData);
    serve.on('exit', () => reject(new Error(`serve exited: ${serveOutput}`)));
  });
  const agentEnv = {
    ...base,
    // Keep every agent offline and quiet in the test run only (the user's config is not changed for this).
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_AUTOUPDATER: '1',
    OPENCODE_DISABLE_MODELS_FETCH: '1',
    OPENCODE_DISABLE_AUTOUPDATE: '1',
    OPENCODE_DISABLE_LSP_DOWNLOAD: 'true',
  };
  return {
    home,
    agentEnv,
    gatewayEnv,
    cli: (args, timeoutMs = 30_000, extraEnv = {}) => runBounded(process.execPath, [AI_GATEWAY, ...args], { ...base, ...extraEnv }, timeoutMs),
    async close() {
      if (serve.exitCode === null) {
        serve.kill('SIGTERM');
        await new Promise((resolve) => serve.once('exit', resolve));
      }
    },
  };
}
