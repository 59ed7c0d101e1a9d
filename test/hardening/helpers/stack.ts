/** The hardening suite's stack: token endpoint + gateway doubles and a real Runtime (proxy on port 0) in a temp AI_GATEWAY_HOME. */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemorySecretStore } from '../../../app/core/config/secret-store.js';
import { TokenEndpoint, type TokenEndpointOptions } from '../../../app/core/demo/token-endpoint.js';
import { GatewayDouble, type GatewayDoubleOptions } from '../../../app/core/demo/gateway-double.js';
import type { RuntimeOptions, Runtime } from '../../../app/core/runtime.js';
import type { Clock } from '../../../app/core/auth/clock.js';
import { buildRuntime } from '../../../app/cli/build-runtime.js';
import type { Io } from '../../../app/cli/io.js';
import type { Logger } from '../../../app/core/log/logger.js';

/** The client secret every hardening test uses: scanned for everywhere at the end. */
export const CLIENT_ID = 'hardening-client';
export const CLIENT_SECRET = 'hs-SECRET-7f3b9c2e1d4a6b8c0e2f4a6c8e0b2d4f';

/** A token endpoint that remembers every JWT it signed, so the leak scan knows them all. */
export class RecordingTokenEndpoint extends TokenEndpoint {
  readonly signed: string[] = [];
  override async sign(subject: string, lifetimeSeconds: number, nowMs?: number): Promise<string> {
    const token = await super.sign(subject, lifetimeSeconds, nowMs);
    this.signed.push(token);
    return token;
  }
}

/** A clock whose wall time can jump; timers stay real. */
export class JumpClock implements Clock {
  offset = 0;
  now(): number {
    return Date.now() + this.offset;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    return setTimeout(fn, ms).unref();
  }
  clearTimeout(handle: unknown): void {
    clearTimeout(handle as NodeJS.Timeout);
  }
}

/** Everything one test needs, and its teardown. */
export interface Stack {
  home: string;
  env: Record<string, string>;
  tokenEndpoint: RecordingTokenEndpoint;
  gateway: GatewayDouble;
  runtime: Runtime;
  logger: Logger;
  /** Text the runtime's CLI wiring printed (stderr echo of warnings). */
  output: string[];
  /** The proxy's base URL. */
  url: string;
  port: number;
  /** A local key for an agent ("test" by default). */
  key(owner?: string): Promise<string>;
  /** The log file's text (all generations). */
  logText(): Promise<string>;
  close(): Promise<void>;
}

/** How to start a stack. */
export interface StackOptions {
  token?: Partial<Omit<TokenEndpointOptions, 'clientId' | 'clientSecret'>>;
  gateway?: Partial<Omit<GatewayDoubleOptions, 'jwks' | 'issuer'>>;
  runtime?: Omit<RuntimeOptions, 'env' | 'dataDir'>;
  /** Runs after the doubles start, before the runtime (set faults for the first token request here). */
  beforeStart?: (doubles: { tokenEndpoint: RecordingTokenEndpoint; gateway: GatewayDouble }) => void;
  /** Start the proxy (default true). */
  proxy?: boolean;
}

/** Starts the doubles and a runtime wired exactly as the CLI wires it (log file, token events). */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const home = await mkdtemp(join(tmpdir(), 'aigw-hard-'));
  const tokenEndpoint = await new RecordingTokenEndpoint({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, ...options.token }).start();
  const gateway = await new GatewayDouble({ jwks: tokenEndpoint.jwks, issuer: tokenEndpoint.issuer, ...options.gateway }).start();
  options.beforeStart?.({ tokenEndpoint, gateway });
  const env: Record<string, string> = {
    AI_GATEWAY_HOME: home,
    HOME: home,
    PATH: process.env.PATH ?? '',
    GATEWAY_URL: gateway.url,
    GATEWAY_CLIENT_ID: CLIENT_ID,
    GATEWAY_CLIENT_SECRET: CLIENT_SECRET,
    GATEWAY_TOKEN_ENDPOINT: tokenEndpoint.url,
  };
  const output: string[] = [];
  const io: Io = { out: (t) => output.push(t), err: (t) => output.push(t), interactive: false, env, cwd: home, confirm: async (_q, d) => d };
  const { runtime, logger } = buildRuntime(io, { portOverride: 0, secureSecretStore: new MemorySecretStore(), ...options.runtime }, true);
  await runtime.start({ proxy: options.proxy !== false });
  const port = runtime.port;
  return {
    home,
    env,
    tokenEndpoint,
    gateway,
    runtime,
    logger,
    output,
    url: `http://127.0.0.1:${port}`,
    port,
    key: (owner = 'test') => runtime.keys.keyFor(owner),
    async logText() {
      const dir = runtime.files.logs;
      const names = await readdir(dir).catch(() => [] as string[]);
      const parts = await Promise.all(names.map((n) => readFile(join(dir, n), 'utf8')));
      return parts.join('\n');
    },
    async close() {
      await runtime.stop();
      await gateway.close();
      await tokenEndpoint.close();
      await rm(home, { recursive: true, force: true });
    },
  };
}

/** Waits until `predicate` holds, polling; fails after `timeoutMs`. */
export async function waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The `exp` claim (seconds) of a JWT, read without verifying. */
export function jwtExp(token: string): number {
  const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: number };
  return payload.exp ?? 0;
}

/** The bearer token of a recorded gateway request. */
export function bearerOf(headers: { authorization?: string | undefined }): string {
  return (headers.authorization ?? '').replace(/^Bearer /, '');
}
