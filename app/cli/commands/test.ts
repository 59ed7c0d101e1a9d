/** `ai-gateway test`: the connectivity test, one small request per provider through the gateway. */
import { isProvider, PROVIDERS, type Provider } from '../../contract/providers.js';
import { AppError } from '../../core/errors.js';
import type { Command } from '../command.js';
import { buildRuntime, cliKey, loadRuntime } from '../build-runtime.js';
import { proxyContext, runningDemo, runtimeOptionsFor } from '../proxy-context.js';
import type { Io } from '../io.js';
import type { RunningProxy } from '../running-proxy.js';
import { createAppApi } from '../../core/app-api.js';
import { table } from './format.js';

/** The test command. */
export const testCommand: Command = {
  name: 'test',
  summary: 'Test connectivity to each provider through the gateway, plain and streamed: status, latency, and a diagnosis with the fix. Exits 1 when a provider fails.',
  usage: '[provider ...] [--demo] [--json]',
  allowPositionals: true,
  options: { json: { type: 'boolean', help: 'Print JSON for programs.' }, demo: { type: 'boolean', help: 'Test through the running `ai-gateway demo`.' } },
  details: `Providers: ${PROVIDERS.join(', ')}. Test models are the \`testModels\` setting. With a proxy running, the test runs inside it, with its token.`,
  async run(args, io) {
    for (const p of args.positionals) if (!isProvider(p)) throw new AppError('bad_request', `Unknown provider "${p}". Choose from: ${PROVIDERS.join(', ')}.`);
    const providers = args.positionals.length > 0 ? (args.positionals as Provider[]) : [...PROVIDERS];
    const demo = args.values.demo === true;
    const context = await proxyContext(io, { demo });
    let results;
    if (context.running) results = await testThrough(io, context.running, demo, providers);
    else if (demo) throw new AppError('proxy_not_running', 'No demo runs: start it with `ai-gateway demo`.');
    else {
      const cli = buildRuntime(io, context.runtime);
      await loadRuntime(cli);
      const running = cli.runtime.resolved ? null : await runningDemo(io);
      if (running) io.err(`Testing through the running demo on port ${running.port}: the real app is not set up.`);
      results = running ? await testThrough(io, running, true, providers) : await createAppApi(cli.runtime, io).testConnectivity(providers);
      await cli.runtime.stop();
    }
    if (args.values.json) io.out(JSON.stringify(results, null, 2));
    else {
      const streamed = (r: (typeof results)[number]) => (r.streaming ? (r.streaming.ok ? 'ok' : 'BROKEN') : '-');
      io.out(table([['Provider', 'Result', 'Latency', 'Streaming', 'Model', 'Diagnosis'], ...results.map((r) => [r.provider, r.ok ? 'ok' : 'FAILED', r.latencyMs === null ? '-' : `${r.latencyMs} ms`, streamed(r), r.model, r.ok ? '' : r.diagnosis])]));
      for (const r of results.filter((x) => !x.ok)) io.out(`\n${r.provider}: ${r.message}${r.fix ? `\n  Fix: ${r.fix}` : ''}`);
    }
    return results.every((r) => r.ok) ? 0 : 1;
  },
};

/** The connectivity test run inside a proven proxy, with the CLI key of its data folder. */
async function testThrough(io: Io, proxy: RunningProxy, demo: boolean, providers: Provider[]) {
  const { runtime } = buildRuntime(io, runtimeOptionsFor(io, demo, proxy.port));
  try {
    return await proxy.testConnectivity(await cliKey(runtime), providers);
  } finally {
    await proxy.close();
  }
}
