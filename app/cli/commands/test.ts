/** `ai-gateway test`: the connectivity test, one small request per provider through the gateway. */
import { isProvider, PROVIDERS, type Provider } from '../../contract/providers.js';
import { AppError } from '../../core/errors.js';
import type { Command } from '../command.js';
import { buildRuntime, loadRuntime } from '../build-runtime.js';
import { createAppApi } from '../../core/app-api.js';
import { table } from './format.js';

/** The test command. */
export const testCommand: Command = {
  name: 'test',
  summary: 'Test connectivity to each provider through the gateway: status, latency, and a diagnosis with the fix. Exits 1 when a provider fails.',
  usage: '[provider ...] [--json]',
  allowPositionals: true,
  options: { json: { type: 'boolean', help: 'Print JSON for programs.' } },
  details: `Providers: ${PROVIDERS.join(', ')}. Test models are the \`testModels\` setting.`,
  async run(args, io) {
    for (const p of args.positionals) if (!isProvider(p)) throw new AppError('bad_request', `Unknown provider "${p}". Choose from: ${PROVIDERS.join(', ')}.`);
    const cli = buildRuntime(io);
    await loadRuntime(cli);
    const providers = args.positionals.length > 0 ? (args.positionals as Provider[]) : [...PROVIDERS];
    const results = await createAppApi(cli.runtime, io).testConnectivity(providers);
    await cli.runtime.stop();
    if (args.values.json) io.out(JSON.stringify(results, null, 2));
    else {
      io.out(table([['Provider', 'Result', 'Latency', 'Model', 'Diagnosis'], ...results.map((r) => [r.provider, r.ok ? 'ok' : 'FAILED', r.latencyMs === null ? '-' : `${r.latencyMs} ms`, r.model, r.ok ? '' : r.diagnosis])]));
      for (const r of results.filter((x) => !x.ok)) io.out(`\n${r.provider}: ${r.message}${r.fix ? `\n  Fix: ${r.fix}` : ''}`);
    }
    return results.every((r) => r.ok) ? 0 : 1;
  },
};
