/**
 * The real proxy for the bench, run in its own process so its RSS is its own: built the way
 * `ai-gateway serve` builds it (the CLI's runtime with its logger, one debug line per request), with a
 * temp AI_GATEWAY_HOME, the GATEWAY_* settings the parent passes in the environment, and port 0.
 */
import { buildRuntime } from '../../app/cli/build-runtime.js';
import type { Io } from '../../app/cli/io.js';
import { MemorySecretStore } from '../../app/core/config/secret-store.js';

/** What the parent can ask over IPC. */
export type ProxyCommand = { type: 'usage' } | { type: 'stop' };

/** The proxy process's memory and CPU time so far. */
export interface ProxyUsage {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  /** User plus system CPU time, in microseconds. */
  cpuMicros: number;
}

const env: Record<string, string | undefined> = {
  AI_GATEWAY_HOME: process.env.AI_GATEWAY_HOME,
  GATEWAY_URL: process.env.GATEWAY_URL,
  GATEWAY_CLIENT_ID: process.env.GATEWAY_CLIENT_ID,
  GATEWAY_CLIENT_SECRET: process.env.GATEWAY_CLIENT_SECRET,
  GATEWAY_TOKEN_ENDPOINT: process.env.GATEWAY_TOKEN_ENDPOINT,
};
// Only the values above: a corporate HTTPS_PROXY on this machine must not route loopback traffic.
const io: Io = {
  out: () => undefined,
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : text + '\n'),
  interactive: false,
  env,
  cwd: process.cwd(),
  confirm: async (_question, defaultYes) => defaultYes,
};
// As `serve` does (echo on): the request log lines cost what they cost users.
// BENCH_USAGE_HISTORY=off: the same proxy without the usage history, to measure what recording costs.
const usageHistory = process.env.BENCH_USAGE_HISTORY !== 'off';
const { runtime, logger } = buildRuntime(io, { portOverride: 0, secureSecretStore: new MemorySecretStore(), usageHistory }, true);
await runtime.start();
const key = await runtime.keys.keyFor('bench');
// The first token is fetched now, so the first measured request does not pay for it.
await runtime.tokens.getToken();
process.send!({ type: 'ready', url: runtime.proxyUrl, key });

process.on('message', (command: ProxyCommand) => {
  if (command.type === 'usage') {
    const { rss, heapTotal, heapUsed, external } = process.memoryUsage();
    const { user, system } = process.cpuUsage();
    process.send!({ type: 'usage', rss, heapTotal, heapUsed, external, cpuMicros: user + system } satisfies ProxyUsage & { type: 'usage' });
  }
  if (command.type === 'stop') void runtime.stop().finally(() => (logger.flush(), process.exit(0)));
});
process.on('disconnect', () => process.exit(0));
