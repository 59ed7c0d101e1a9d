/** `ai-gateway status`: settings, token state and expiry, proxy URL and whether it runs. */
import type { TokenStatus } from '../../contract/api.js';
import { KeyringSecretStore, keyringAccount } from '../../core/config/secret-store.js';
import { openSettings } from '../../core/config/open-settings.js';
import { registerSecret } from '../../core/log/redact.js';
import type { Command } from '../command.js';
import { runningProxyStatus } from '../running-proxy.js';
import { describeToken, table } from './format.js';

/** The status command. */
export const statusCommand: Command = {
  name: 'status',
  summary: 'Show the gateway settings, the token state and expiry, and whether the proxy runs.',
  usage: '[--json]',
  options: { json: { type: 'boolean', help: 'Print JSON for programs.' } },
  async run(args, io) {
    // Only the settings and one loopback request: no runtime, so status starts about as fast as Node.
    const { files, settings } = openSettings({ env: io.env, secureSecretStore: new KeyringSecretStore(keyringAccount(io.env)) });
    const snapshot = await settings.snapshot();
    registerSecret(snapshot.settings?.clientSecret);
    const proxyUrl = `http://127.0.0.1:${snapshot.view.port}`;
    const running = await runningProxyStatus(snapshot.view.port);
    // Without a running proxy no process holds a token: the JWT lives only in the proxy's memory.
    const idle: TokenStatus = { state: snapshot.settings ? 'idle' : 'unconfigured', validUntil: null, obtainedAt: null, nextRefreshAt: null, lastError: null };
    const token = running?.token ?? idle;
    const result = {
      configured: snapshot.settings !== null,
      problems: snapshot.errors,
      settings: snapshot.view,
      proxy: { url: proxyUrl, running: running !== null, demo: running?.demo ?? false },
      token,
      dataDir: files.dir,
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
        ['Proxy', `${proxyUrl} ${running ? 'running' : 'not running (start it with `ai-gateway serve`)'}`],
        ['Token', running ? describeToken(token) : 'held by the running proxy only; none running'],
        ['App data', files.dir],
      ]),
    );
    for (const problem of snapshot.errors) io.out(`! ${problem.message}`);
    return 0;
  },
};
