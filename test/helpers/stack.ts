/**
 * The tests' gateway world on 127.0.0.1, port 0 everywhere: the token endpoint and gateway doubles,
 * and optionally a real Runtime (settings, token service, local keys, proxy) pointed at them through
 * GATEWAY_* in a throw-away AI_GATEWAY_HOME.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemorySecretStore } from '../../app/core/config/secret-store.js';
import { GatewayDouble, type GatewayDoubleOptions } from '../../app/core/demo/gateway-double.js';
import { TokenEndpoint, type TokenEndpointOptions } from '../../app/core/demo/token-endpoint.js';
import { Runtime, type RuntimeOptions } from '../../app/core/runtime.js';

/** A fresh empty folder under the OS temp dir; remove it with `rm(path, { recursive: true, force: true })`. */
export function tempDir(prefix = 'agw-test-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** A TCP port that was free a moment ago (for the rare places that cannot take port 0, such as `env`'s URL). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A listener holding a port on 127.0.0.1, like another program would; close its server to free it. */
export async function occupyPort(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as { port: number }).port, server };
}

/** The credentials the doubles accept by default. */
export const TEST_CLIENT_ID = 'test-client';
/** A client secret long enough for the redactor, distinctive enough to grep for in outputs. */
export const TEST_CLIENT_SECRET = 'test-secret-7f3a9c1e5b';

/** Options for the doubles. */
export interface DoublesOptions {
  /** Passed to the TokenEndpoint (clientId/clientSecret default to TEST_CLIENT_*). */
  tokenEndpoint?: Partial<TokenEndpointOptions>;
  /** Passed to the GatewayDouble (jwks and issuer come from the token endpoint). */
  gateway?: Partial<Omit<GatewayDoubleOptions, 'jwks' | 'issuer'>>;
}

/** The two doubles and the environment that points the app at them. */
export interface Doubles {
  tokenEndpoint: TokenEndpoint;
  gateway: GatewayDouble;
  /** GATEWAY_URL, GATEWAY_CLIENT_ID, GATEWAY_CLIENT_SECRET, GATEWAY_TOKEN_ENDPOINT. */
  gatewayEnv: Record<string, string>;
  close(): Promise<void>;
}

/** Starts the token endpoint and the gateway double on 127.0.0.1, port 0. */
export async function startDoubles(options: DoublesOptions = {}): Promise<Doubles> {
  const tokenEndpoint = await new TokenEndpoint({ clientId: TEST_CLIENT_ID, clientSecret: TEST_CLIENT_SECRET, ...options.tokenEndpoint }).start();
  const gateway = await new GatewayDouble({ ...options.gateway, jwks: tokenEndpoint.jwks, issuer: tokenEndpoint.issuer }).start();
  return {
    tokenEndpoint,
    gateway,
    gatewayEnv: {
      GATEWAY_URL: gateway.url,
      GATEWAY_CLIENT_ID: options.tokenEndpoint?.clientId ?? TEST_CLIENT_ID,
      GATEWAY_CLIENT_SECRET: options.tokenEndpoint?.clientSecret ?? TEST_CLIENT_SECRET,
      GATEWAY_TOKEN_ENDPOINT: tokenEndpoint.url,
    },
    async close() {
      await Promise.all([gateway.close(), tokenEndpoint.close()]);
    },
  };
}

/** Options for a whole stack. */
export interface StackOptions extends DoublesOptions {
  /** Extra or overriding environment for the runtime (e.g. GATEWAY_URL of a closed port, GATEWAY_SCOPE). */
  env?: Record<string, string | undefined>;
  /** Runtime options over the defaults (portOverride 0, in-memory secure secret store). */
  runtime?: Partial<RuntimeOptions>;
  /** Start the proxy (default true); false starts only the token service. */
  proxy?: boolean;
}

/** A running stack: doubles, a started Runtime and its proxy. */
export interface Stack extends Doubles {
  runtime: Runtime;
  /** The temp AI_GATEWAY_HOME, removed by close(). */
  home: string;
  /** The runtime's whole environment. */
  env: Record<string, string | undefined>;
  /** The proxy's base URL (http://127.0.0.1:PORT), or '' when started without it. */
  proxyUrl: string;
  /** The proxy's port. */
  port: number;
  /** A local key for `owner` (created on first use), as agents present it. */
  key(owner?: string): Promise<string>;
  /** Stops the runtime and the doubles and removes the home. */
  close(): Promise<void>;
}

/** Starts the doubles and a Runtime with a temp AI_GATEWAY_HOME and GATEWAY_* pointing at them. */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const doubles = await startDoubles(options);
  const home = await tempDir('agw-home-');
  const env: Record<string, string | undefined> = { AI_GATEWAY_HOME: home, ...doubles.gatewayEnv, ...options.env };
  const runtime = new Runtime({
    env,
    portOverride: 0,
    // Never the OS keyring: it is shared by every test and by the person running them.
    secureSecretStore: new MemorySecretStore(),
    ...options.runtime,
  });
  try {
    await runtime.start({ proxy: options.proxy !== false });
  } catch (error) {
    await runtime.stop();
    await doubles.close();
    await rm(home, { recursive: true, force: true });
    throw error;
  }
  const port = runtime.proxy?.port ?? 0;
  return {
    ...doubles,
    runtime,
    home,
    env,
    proxyUrl: runtime.proxy ? runtime.proxyUrl : '',
    port,
    key: (owner = 'test-agent') => runtime.keys.keyFor(owner),
    async close() {
      await runtime.stop();
      await doubles.close();
      await rm(home, { recursive: true, force: true });
    },
  };
}
