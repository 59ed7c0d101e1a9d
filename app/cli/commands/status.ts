/** `ai-gateway status`: settings, token state and expiry, proxy URL and whether it runs. */
import type { Command } from '../command.js';
import { buildRuntime, loadRuntime } from '../build-runtime.js';
import { runningProxyStatus } from '../running-proxy.js';
import { describeToken, table } from './format.js';

/** The status command. */
export const statusCommand: Command = {
  name: 'status',
  summary: 'Show the gateway settings, the token state and expiry, and whether the proxy runs.',
  usage: '[--json]',
  options: { json: { type: 'boolean', help: 'Print JSON for programs.' } },
  async run(args, io) {
    const cli = buildRuntime(io);
    await loadRuntime(cli);
    const { runtime } = cli;
    const snapshot = await runtime.settings.snapshot();
    const running = await runningProxyStatus(runtime.port);
    const token = running?.token ?? runtime.tokens.status();
    const result = {
      configured: snapshot.settings !== null,
      problems: snapshot.errors,
      settings: snapshot.view,
      proxy: { url: runtime.proxyUrl, running: running !== null, demo: running?.demo ?? false },
      token,
      dataDir: runtime.files.dir,
    };
    if (args.values.json) {
      io.out(JSON.stringify(result, null, 2));
      return 0;
    }
    const v = snapshot.view;
    const src = (key: keyof typeof v.sources) => (v.sources[key] ? ` (${v.sources[key]})` : '');
    io.out(
      table([
        ['Gateway', (v.gatewayUrl || '-') + src('gatewayUrl')],
        ['Client ID', (v.clientId || '-') + src('clientId')],
        ['Client secret', v.secret.present ? `set (${v.secret.storage})` : 'not set'],
        ['Token endpoint', (v.tokenEndpoint || '-') + src('tokenEndpoint')],
        ['Proxy', `${runtime.proxyUrl} ${running ? 'running' : 'not running (start it with `ai-gateway serve`)'}`],
        ['Token', running ? describeToken(token) : 'held by the running proxy only; none running'],
        ['App data', runtime.files.dir],
      ]),
    );
    for (const problem of snapshot.errors) io.out(`! ${problem.message}`);
    return 0;
  },
};
