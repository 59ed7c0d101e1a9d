/**
 * `npm run bench`: what the proxy costs an agent. Starts a minimal loopback upstream (own process), the
 * token endpoint double, the real proxy through `Runtime` (own process, for a clean RSS), the same proxy
 * with the usage history off (recording on vs off, same run) and, when
 * installed, nginx doing the same header injection; then measures all of them in one run, in
 * interleaved batches (direct, proxy, nginx, rotating) so machine noise lands on each alike.
 *
 * Usage: node out/test/bench/proxy-bench.js [--json] [--no-nginx] [--rounds N]
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { setMaxListeners } from 'node:events';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { TokenEndpoint } from '../../app/core/demo/token-endpoint.js';
import { Loader, type Target } from './load.js';
import { startNginx, type Nginx } from './nginx.js';
import { fmt, percentile, table } from './stats.js';
import type { ProxyUsage } from './proxy-child.js';
import type { UpstreamStats } from './upstream.js';

const args = process.argv.slice(2);
const asJson = args.includes('--json');
const roundsArg = args.indexOf('--rounds');
const ROUNDS = Math.min(Math.max(roundsArg === -1 ? 10 : Number(args[roundsArg + 1]) || 10, 1), 30);
const LATENCY_REQUESTS = 250; // per target per round, concurrency 1
const THROUGHPUT_MS = 400; // per target per round, concurrency 32
const CONCURRENCY = 32;
const SHORT_STREAMS = 8; // one-event streams per target per round, for time to first event
const LONG_EVENTS = 60; // events of the long stream per target per round
const EVENT_GAP_MS = 5;
const OPEN_STREAMS = 100;
const HARD_LIMIT_MS = 150_000;

const progress = (line: string) => process.stderr.write(`${line}\n`);

/** Forks a bench child and waits (bounded) for its first message of type `ready`. */
async function forkChild<T>(file: string, env: Record<string, string>, timeoutMs: number): Promise<{ child: ChildProcess; ready: T }> {
  const child = fork(new URL(file, import.meta.url), [], { env: { ...env, NODE_ENV: 'production' }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const ready = await ask<T>(child, null, 'ready', timeoutMs);
  return { child, ready };
}

/** Sends `command` (if any) to a child and waits for its answer of `type`, at most `timeoutMs`. */
function ask<T>(child: ChildProcess, command: object | null, type: string, timeoutMs = 5_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`bench child ${child.pid} did not answer "${type}" within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (message: { type: string }) => {
      if (message.type === type) done(null, message as T);
    };
    const onExit = (code: number | null) => done(new Error(`bench child ${child.pid} exited (${code}) before answering "${type}"`));
    const done = (error: Error | null, value?: T) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(value!);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
    if (command) child.send(command);
  });
}

/** Stops a child politely, then for good after a second. */
async function stopChild(child: ChildProcess | null): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  if (child.connected) child.send({ type: 'stop' });
  const timer = setTimeout(() => child.kill('SIGKILL'), 1_000);
  await exited;
  clearTimeout(timer);
}

interface Samples {
  latency: number[];
  requests: number;
  seconds: number;
  /** CPU time the target's own process spent on the c=32 batches (null: not measurable, e.g. direct). */
  cpuMicros: number | null;
  firstEvent: number[];
  eventDelay: number[];
}

async function main(): Promise<void> {
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'ai-gateway-bench-'));
  let upstream: ChildProcess | null = null;
  let proxy: ChildProcess | null = null;
  let bareProxy: ChildProcess | null = null;
  let freshProxy: ChildProcess | null = null;
  let nginx: Nginx | null = null;
  const tokens = await new TokenEndpoint({ clientId: 'bench-client', clientSecret: 'bench-secret' }).start();
  const loaders: Loader[] = [];
  try {
    progress('starting upstream, proxy' + (args.includes('--no-nginx') ? '' : ' and nginx (if installed)') + ' ...');
    const up = await forkChild<{ port: number }>('./upstream.js', {}, 10_000);
    upstream = up.child;
    const upstreamOrigin = `http://127.0.0.1:${up.ready.port}`;
    const startProxy = (home: string, usageHistory = true) =>
      forkChild<{ url: string; key: string }>(
        './proxy-child.js',
        {
          BENCH_USAGE_HISTORY: usageHistory ? 'on' : 'off',
          AI_GATEWAY_HOME: join(dir, home),
          GATEWAY_URL: upstreamOrigin,
          GATEWAY_CLIENT_ID: 'bench-client',
          GATEWAY_CLIENT_SECRET: 'bench-secret',
          GATEWAY_TOKEN_ENDPOINT: tokens.url,
        },
        20_000,
      );
    const px = await startProxy('home');
    proxy = px.child;
    // The same proxy with the usage history off, measured in the same rounds: what recording costs.
    const bare = await startProxy('bare-home', false);
    bareProxy = bare.child;
    const jwt = await tokens.sign('bench-client', 3600);
    const common = { 'content-type': 'application/json', accept: 'application/json' };
    const targets: Target[] = [
      { name: 'direct', origin: upstreamOrigin, path: '/v1/chat/completions', headers: { ...common, authorization: `Bearer ${jwt}`, 'x-portkey-provider': 'openai', 'x-bench-via': 'direct' } },
      { name: 'proxy', origin: px.ready.url, path: '/openai/v1/chat/completions', headers: { ...common, authorization: `Bearer ${px.ready.key}`, 'x-bench-via': 'proxy' } },
      { name: 'no history', origin: bare.ready.url, path: '/openai/v1/chat/completions', headers: { ...common, authorization: `Bearer ${bare.ready.key}`, 'x-bench-via': 'no history' } },
    ];
    let nginxNote: string | null = null;
    if (!args.includes('--no-nginx')) {
      const started = await startNginx({ upstreamPort: up.ready.port, token: jwt, dir, provider: 'openai' });
      if ('skipped' in started) nginxNote = started.skipped;
      else {
        nginx = started;
        targets.push({ name: 'nginx', origin: nginx.origin, path: '/openai/v1/chat/completions', headers: { ...common, authorization: `Bearer ${px.ready.key}`, 'x-bench-via': 'nginx' } });
      }
    } else nginxNote = 'skipped (--no-nginx)';
    for (const target of targets) loaders.push(new Loader(target));

    progress(`warming up ${targets.map((t) => t.name).join(', ')} ...`);
    for (const loader of loaders) {
      await loader.latency(500, performance.now() + 5_000);
      await loader.throughput(CONCURRENCY, 300);
      await loader.stream(10, 1);
    }

    const proxyChild = proxy;
    const bareChild = bareProxy;
    // CPU time of the process in the middle: a figure the machine's noise hardly moves.
    const cpuOf: Record<string, () => Promise<number | null>> = {
      direct: async () => null,
      proxy: async () => (await ask<ProxyUsage>(proxyChild, { type: 'usage' }, 'usage')).cpuMicros,
      'no history': async () => (await ask<ProxyUsage>(bareChild, { type: 'usage' }, 'usage')).cpuMicros,
      nginx: async () => nginx?.cpuMicros() ?? null,
    };
    const samples = new Map<string, Samples>(targets.map((t) => [t.name, { latency: [], requests: 0, seconds: 0, cpuMicros: 0, firstEvent: [], eventDelay: [] }]));
    for (let round = 0; round < ROUNDS; round++) {
      progress(`round ${round + 1}/${ROUNDS}`);
      // Rotate the order each round so no target always runs right after another's burst.
      const order = loaders.map((_, i) => loaders[(i + round) % loaders.length]!);
      for (const loader of order) samples.get(loader.target.name)!.latency.push(...(await loader.latency(LATENCY_REQUESTS, performance.now() + 3_000)));
      for (const loader of order) {
        const s = samples.get(loader.target.name)!;
        const cpuBefore = await cpuOf[loader.target.name]!();
        const { requests, seconds } = await loader.throughput(CONCURRENCY, THROUGHPUT_MS);
        const cpuAfter = await cpuOf[loader.target.name]!();
        s.requests += requests;
        s.seconds += seconds;
        s.cpuMicros = cpuBefore === null || cpuAfter === null || s.cpuMicros === null ? null : s.cpuMicros + cpuAfter - cpuBefore;
      }
      for (const loader of order) {
        const s = samples.get(loader.target.name)!;
        for (let i = 0; i <= SHORT_STREAMS; i++) {
          const { firstMs, delaysMs } = await loader.stream(i === SHORT_STREAMS ? LONG_EVENTS : 1, EVENT_GAP_MS);
          s.firstEvent.push(firstMs);
          s.eventDelay.push(...delaysMs);
        }
      }
    }
    const connections = await ask<{ stats: UpstreamStats }>(upstream, { type: 'stats' }, 'stats');

    progress(`holding ${OPEN_STREAMS} streams open through a fresh proxy, then through the loaded one ...`);
    // The clean figure: a proxy process that has done nothing but start, serve a short warm-up and hold the streams.
    const fresh = await startProxy('fresh-home');
    freshProxy = fresh.child;
    const freshLoader = new Loader({ ...targets[1]!, name: 'fresh proxy', origin: fresh.ready.url, headers: { ...targets[1]!.headers, authorization: `Bearer ${fresh.ready.key}`, 'x-bench-via': 'fresh-proxy' } });
    await freshLoader.latency(200, performance.now() + 5_000);
    await freshLoader.stream(10, 1);
    const freshIdle = await ask<ProxyUsage>(fresh.child, { type: 'usage' }, 'usage');
    const freshHeld = await holdStreams(freshLoader, fresh.child);
    await freshLoader.close();
    await stopChild(fresh.child);
    // The same proxy after all the rounds above: its V8 heap has grown with the c=32 load.
    const idle = await ask<ProxyUsage>(proxy, { type: 'usage' }, 'usage');
    const held = await holdStreams(loaders[1]!, proxy);

    const elapsed = (performance.now() - started) / 1000;
    report({ targets: targets.map((t) => t.name), samples, connections: connections.stats, freshIdle, freshHeld, idle, held, nginxNote, nginxVersion: nginx?.version ?? null, elapsed });
  } finally {
    await Promise.all(loaders.map((l) => l.close().catch(() => undefined)));
    await Promise.all([stopChild(proxy), stopChild(bareProxy), stopChild(freshProxy), stopChild(upstream), nginx?.stop(), tokens.close()]);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Opens OPEN_STREAMS slow SSE streams through the proxy, and reads the proxy's memory while they are all open. */
async function holdStreams(loader: Loader, proxy: ChildProcess): Promise<ProxyUsage & { open: number }> {
  const pool = loader.widePool(OPEN_STREAMS);
  const abort = new AbortController();
  setMaxListeners(OPEN_STREAMS + 10, abort.signal);
  let open = 0;
  let allOpen: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (allOpen = resolve));
  const streams = Array.from({ length: OPEN_STREAMS }, () =>
    loader
      .stream(300, 20, pool, abort.signal, () => {
        if (++open === OPEN_STREAMS) allOpen();
      })
      .catch(() => undefined),
  );
  await Promise.race([opened, new Promise((resolve) => setTimeout(resolve, 5_000))]);
  let peak: ProxyUsage = { rss: 0, heapTotal: 0, heapUsed: 0, external: 0, cpuMicros: 0 };
  for (let i = 0; i < 3; i++) {
    const memory = await ask<ProxyUsage>(proxy, { type: 'usage' }, 'usage');
    if (memory.rss > peak.rss) peak = memory;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  abort.abort();
  await Promise.all(streams);
  await pool.destroy().catch(() => undefined);
  return { open, ...peak };
}

interface Results {
  targets: string[];
  samples: Map<string, Samples>;
  connections: UpstreamStats;
  /** A proxy process that only started, warmed up briefly and held the streams. */
  freshIdle: ProxyUsage;
  freshHeld: ProxyUsage & { open: number };
  /** The proxy that served all the rounds. */
  idle: ProxyUsage;
  held: ProxyUsage & { open: number };
  nginxNote: string | null;
  nginxVersion: string | null;
  elapsed: number;
}

function report(results: Results): void {
  const summary = Object.fromEntries(
    results.targets.map((name) => {
      const s = results.samples.get(name)!;
      return [
        name,
        {
          latencyP50Ms: percentile(s.latency, 50),
          latencyP99Ms: percentile(s.latency, 99),
          latencySamples: s.latency.length,
          requestsPerSecond: s.requests / s.seconds,
          cpuMicrosPerRequest: s.cpuMicros === null ? null : s.cpuMicros / s.requests,
          firstEventP50Ms: percentile(s.firstEvent, 50),
          firstEventP99Ms: percentile(s.firstEvent, 99),
          firstEventSamples: s.firstEvent.length,
          eventDelayP50Ms: percentile(s.eventDelay, 50),
          eventDelayP99Ms: percentile(s.eventDelay, 99),
          eventSamples: s.eventDelay.length,
          upstreamConnections: results.connections[name]?.connections ?? 0,
          upstreamRequests: results.connections[name]?.requests ?? 0,
        },
      ];
    }),
  );
  const direct = summary.direct!;
  const proxy = summary.proxy!;
  const added = (s: typeof direct) => ({
    p50: s.latencyP50Ms - direct.latencyP50Ms,
    p99: s.latencyP99Ms - direct.latencyP99Ms,
    firstEvent: s.firstEventP50Ms - direct.firstEventP50Ms,
    eventP99: s.eventDelayP99Ms - direct.eventDelayP99Ms,
    throughputRatio: s.requestsPerSecond / direct.requestsPerSecond,
  });
  const proxyAdded = added(proxy);
  const mb = (bytes: number) => bytes / 1024 / 1024;
  const requestsPerConnection = proxy.upstreamRequests / Math.max(1, proxy.upstreamConnections);
  // Recording on vs off, same run, same rounds: a ratio the machine's noise hits alike on both sides.
  const bare = summary['no history']!;
  const history = {
    latencyP50Ratio: proxy.latencyP50Ms / bare.latencyP50Ms,
    throughputRatio: proxy.requestsPerSecond / bare.requestsPerSecond,
    cpuRatio: proxy.cpuMicrosPerRequest !== null && bare.cpuMicrosPerRequest !== null ? proxy.cpuMicrosPerRequest / bare.cpuMicrosPerRequest : null,
  };
  const goals = [
    { goal: 'usage history on/off: p50 at c=1 <= 1.1x', value: `${fmt(history.latencyP50Ratio, 2)}x`, pass: history.latencyP50Ratio <= 1.1 },
    { goal: `usage history on/off: req/s at c=${CONCURRENCY} >= 0.9x`, value: `${fmt(history.throughputRatio, 2)}x`, pass: history.throughputRatio >= 0.9 },
    { goal: 'usage history on/off: CPU per request <= 1.1x', value: history.cpuRatio === null ? 'n/a' : `${fmt(history.cpuRatio, 2)}x`, pass: history.cpuRatio !== null && history.cpuRatio <= 1.1 },
    { goal: 'added p50 at c=1 <= 0.2 ms', value: `${fmt(proxyAdded.p50)} ms`, pass: proxyAdded.p50 <= 0.2 },
    { goal: `req/s at c=${CONCURRENCY} >= 0.3x direct`, value: `${fmt(proxyAdded.throughputRatio, 2)}x`, pass: proxyAdded.throughputRatio >= 0.3 },
    { goal: 'added time to first SSE event <= 0.5 ms', value: `${fmt(proxyAdded.firstEvent)} ms`, pass: proxyAdded.firstEvent <= 0.5 },
    { goal: 'added per-event p99 <= 1 ms', value: `${fmt(proxyAdded.eventP99)} ms`, pass: proxyAdded.eventP99 <= 1 },
    {
      goal: `RSS with ${OPEN_STREAMS} streams < 100 MB`,
      value: `${fmt(mb(results.freshHeld.rss), 1)} MB (${results.freshHeld.open} open)`,
      pass: results.freshHeld.open === OPEN_STREAMS && mb(results.freshHeld.rss) < 100,
    },
    {
      // At most one connection per concurrent request, each carrying many requests.
      goal: 'upstream connections reused',
      value: `${proxy.upstreamRequests} req / ${proxy.upstreamConnections} conn`,
      pass: proxy.upstreamConnections <= CONCURRENCY + 2 && requestsPerConnection >= 10,
    },
  ];
  const machine = { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version, platform: `${process.platform}-${process.arch}` };

  if (asJson) {
    const out = {
      machine,
      method: { rounds: ROUNDS, latencyRequests: LATENCY_REQUESTS, throughputMs: THROUGHPUT_MS, concurrency: CONCURRENCY, shortStreams: SHORT_STREAMS, longEvents: LONG_EVENTS, eventGapMs: EVENT_GAP_MS, openStreams: OPEN_STREAMS },
      targets: summary,
      added: Object.fromEntries(results.targets.filter((t) => t !== 'direct').map((t) => [t, added(summary[t]!)])),
      proxyMemory: {
        measured: 'process.memoryUsage() of the proxy child process',
        fresh: { idle: results.freshIdle, withStreams: results.freshHeld },
        afterLoad: { idle: results.idle, withStreams: results.held },
        openStreams: OPEN_STREAMS,
      },
      nginx: results.nginxVersion ?? results.nginxNote,
      usageHistory: history,
      goals,
      elapsedSeconds: results.elapsed,
    };
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
    return;
  }

  const others = results.targets.filter((t) => t !== 'direct');
  const header = ['', 'direct', ...others.flatMap((t) => [t, 'x direct'])];
  const row = (label: string, pick: (s: typeof direct) => number, digits = 3) => [
    label,
    fmt(pick(direct), digits),
    ...others.flatMap((t) => [fmt(pick(summary[t]!), digits), `${fmt(pick(summary[t]!) / pick(direct), 2)}x`]),
  ];
  const addedRow = (label: string, pick: (a: ReturnType<typeof added>) => number) => [label, '', ...others.flatMap((t) => [fmt(pick(added(summary[t]!))), ''])];
  const rows = [
    row('latency p50, c=1 (ms)', (s) => s.latencyP50Ms),
    row('latency p99, c=1 (ms)', (s) => s.latencyP99Ms),
    addedRow('  added p50 (ms)', (a) => a.p50),
    addedRow('  added p99 (ms)', (a) => a.p99),
    row(`requests/s, c=${CONCURRENCY}`, (s) => s.requestsPerSecond, 0),
    ['  CPU per request (µs)', '', ...others.flatMap((t) => [fmt(summary[t]!.cpuMicrosPerRequest, 0), ''])],
    row('SSE first event p50 (ms)', (s) => s.firstEventP50Ms),
    addedRow('  added (ms)', (a) => a.firstEvent),
    row('SSE event delay p50 (ms)', (s) => s.eventDelayP50Ms),
    row('SSE event delay p99 (ms)', (s) => s.eventDelayP99Ms),
    addedRow('  added p99 (ms)', (a) => a.eventP99),
    ['upstream connections', String(direct.upstreamConnections), ...others.flatMap((t) => [String(summary[t]!.upstreamConnections), ''])],
    ['upstream requests', String(direct.upstreamRequests), ...others.flatMap((t) => [String(summary[t]!.upstreamRequests), ''])],
  ];
  const lines = [
    `AI Gateway proxy bench: ${machine.cpus} x ${machine.cpu}, node ${machine.node}, ${machine.platform}`,
    `${ROUNDS} interleaved rounds; per target per round: ${LATENCY_REQUESTS} sequential requests, ${THROUGHPUT_MS} ms at c=${CONCURRENCY}, ${SHORT_STREAMS} one-event streams + one ${LONG_EVENTS}-event stream (${EVENT_GAP_MS} ms apart)`,
    `nginx: ${results.nginxVersion ?? results.nginxNote}`,
    '',
    table(header, rows),
    '',
    `proxy RSS (own child process), fresh: ${fmt(mb(results.freshIdle.rss), 1)} MB idle, ${fmt(mb(results.freshHeld.rss), 1)} MB with ${results.freshHeld.open} open streams` +
      ` (V8 heap ${fmt(mb(results.freshHeld.heapUsed), 1)} used of ${fmt(mb(results.freshHeld.heapTotal), 1)} MB)`,
    `                            after the rounds above: ${fmt(mb(results.idle.rss), 1)} MB idle, ${fmt(mb(results.held.rss), 1)} MB with ${results.held.open} open streams` +
      ` (V8 heap ${fmt(mb(results.held.heapUsed), 1)} used of ${fmt(mb(results.held.heapTotal), 1)} MB: grown by the c=${CONCURRENCY} load, not held by the streams)`,
    '',
    table(
      ['goal (proxy)', 'measured', 'result'],
      goals.map((g) => [g.goal, g.value, g.pass ? 'PASS' : 'MISS']),
    ),
    '',
    `done in ${fmt(results.elapsed, 1)} s`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

// Whatever happens, the bench ends: children are stopped by their disconnect handlers when we exit.
setTimeout(() => {
  progress(`bench: gave up after ${HARD_LIMIT_MS / 1000} s`);
  process.exit(2);
}, HARD_LIMIT_MS).unref();

main().then(
  () => process.exit(0),
  (error: unknown) => {
    progress(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
