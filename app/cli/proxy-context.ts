/**
 * The one answer every command gets to "which proxy, on which port": the running proxy's record (what
 * `serve --port`, the app or the demo really bound), proven before use; the port setting only when none runs.
 */
import { childEnvironment } from '../core/config/child-env.js';
import type { RuntimeOptions } from '../core/runtime.js';
import { DEMO_PORT, dataDirFor, demoDataDir } from './demo-location.js';
import type { Io } from './io.js';
import { findRunningProxy, unprovenError, type ProxyDiscovery, type RunningProxy } from './running-proxy.js';

/** What a command works against. */
export interface ProxyContext {
  found: ProxyDiscovery;
  /** The proven proxy, or null when none runs. */
  running: RunningProxy | null;
  demo: boolean;
  /** Options for `buildRuntime`: the demo's data folder, the running proxy's port. */
  runtime: RuntimeOptions;
  /** The environment the command's runtime sees (the demo never sees GATEWAY_*). */
  env: Record<string, string | undefined>;
}

/**
 * Finds the proxy for a command: the real one, or the demo with `demo`. With `refuseUnproven`, a
 * listener that cannot prove it is this user's proxy is an error (the command would send it a key).
 */
export async function proxyContext(io: Io, options: { demo?: boolean; refuseUnproven?: boolean } = {}): Promise<ProxyContext> {
  const demo = options.demo === true;
  const found = await findRunningProxy(dataDirFor(io.env, demo), { demo });
  if (found.state === 'unproven' && options.refuseUnproven !== false) throw unprovenError(found);
  const running = found.state === 'running' ? found.proxy : null;
  // The demo's runtime sees no GATEWAY_* value: it must never mix real credentials in.
  const env = demo ? childEnvironment(io.env) : io.env;
  return { found, running, demo, env, runtime: runtimeOptionsFor(io, demo, running?.port) };
}

/** Runtime options for the real app or the demo, with the running proxy's port when one runs. */
export function runtimeOptionsFor(io: Io, demo: boolean, runningPort?: number): RuntimeOptions {
  const port = runningPort ?? (demo ? DEMO_PORT : undefined);
  return { env: demo ? childEnvironment(io.env) : io.env, ...(demo ? { dataDir: demoDataDir(io.env) } : {}), ...(port === undefined ? {} : { portOverride: port }) };
}

/** The running demo, proven, or null: for commands that fall back to it when the real app is not set up. */
export async function runningDemo(io: Io): Promise<RunningProxy | null> {
  const found = await findRunningProxy(demoDataDir(io.env), { demo: true });
  return found.state === 'running' ? found.proxy : null;
}

/** The line commands print when no proxy runs, naming how to start one. */
export function notRunningHint(port: number, demo: boolean): string {
  return demo
    ? `No demo runs: start it with \`ai-gateway demo\` (it listens on ${DEMO_PORT} unless --port says otherwise).`
    : `No ai-gateway proxy is running for you: start it with \`ai-gateway serve\` (or the desktop app); it will listen on port ${port}.`;
}
