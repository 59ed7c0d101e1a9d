/** `ai-gateway status`: settings, token state and expiry, proxy URL and whether it runs (the real one and the demo). */
import type { TokenStatus } from '../../contract/api.js';
import { KeyringSecretStore, keyringAccount } from '../../core/config/secret-store.js';
import { openSettings } from '../../core/config/open-settings.js';
import { registerSecret } from '../../core/log/redact.js';
import type { Command } from '../command.js';
import { DEMO_PORT, demoDataDir } from '../demo-location.js';
import { notRunningHint } from '../proxy-context.js';
import { findRunningProxy, type ProxyDiscovery } from '../running-proxy.js';
import { describeToken, table } from './format.js';

/** What status says about one proxy (the real one or the demo). */
function proxyFacts(found: ProxyDiscovery, port: number) {
  const running = found.state === 'running' ? found.proxy : null;
  return {
    url: `http://127.0.0.1:${running?.port ?? port}`,
    running: running !== null,
    pid: running?.pid ?? null,
    demo: running?.demo ?? false,
    problem: found.state === 'unproven' ? found.reason : null,
  };
}

/** The status command. */
export const statusCommand: Command = {
  name: 'status',
  summary: 'Show the gateway settings, the token state and expiry, and whether the proxy (and the demo) runs.',
  usage: '[--json]',
  options: { json: { type: 'boolean', help: 'Print JSON for programs.' } },
  async run(args, io) {
    // Only the settings, the proxy records and a loopback request each: no runtime, so status starts about as fast as Node.
    // A listener that cannot prove itself is reported, not refused: status sends it nothing secret.
    // The discoveries alone, not proxyContext: status builds no runtime, so it needs no runtime options.
    const { files, settings } = openSettings({ env: io.env, secureSecretStore: new KeyringSecretStore(keyringAccount(io.env)) });
    const [snapshot, real, demo] = await Promise.all([settings.snapshot(), findRunningProxy(files.dir), findRunningProxy(demoDataDir(io.env), { demo: true })]);
    const running = real.state === 'running' ? real.proxy : null;
    const demoRunning = demo.state === 'running' ? demo.proxy : null;
    await Promise.all([running?.close(), demoRunning?.close()]);
    registerSecret(snapshot.settings?.clientSecret);
    // Without a running proxy no process holds a token: the JWT lives only in the proxy's memory.
    const idle: TokenStatus = { state: snapshot.settings ? 'idle' : 'unconfigured', validUntil: null, obtainedAt: null, nextRefreshAt: null, lastError: null };
    const token = running?.token ?? idle;
    const proxy = proxyFacts(real, snapshot.view.port);
    const demoProxy = proxyFacts(demo, DEMO_PORT);
    const result = { configured: snapshot.settings !== null, problems: snapshot.errors, settings: snapshot.view, proxy, demoProxy, token, dataDir: files.dir };
    if (args.values.json) {
      io.out(JSON.stringify(result, null, 2));
      return 0;
    }
    const v = snapshot.view;
    const src = (key: keyof typeof v.sources) => (v.sources[key] ? ` (${v.sources[key]})` : '');
    const proxyLine = running ? `${proxy.url} running (pid ${running.pid})` : proxy.problem ? `NOT YOURS: ${proxy.problem}` : `not running. ${notRunningHint(snapshot.view.port, false)}`;
    const rows: [string, string][] = [
      ['Gateway', (v.gatewayUrl || '-') + src('gatewayUrl')],
      ['Client ID', (v.clientId || '-') + src('clientId')],
      ['Client secret', v.secret.present ? `set (${v.secret.storage})` : 'not set'],
      ['Token endpoint', (v.tokenEndpoint || '-') + src('tokenEndpoint')],
      ['Proxy', proxyLine],
      ['Token', running ? describeToken(token) : 'held by the running proxy only; none running'],
    ];
    if (demoRunning) rows.push(['Demo', `${demoProxy.url} running (pid ${demoRunning.pid}), token ${describeToken(demoRunning.token)}. Add --demo to env, run, token, test, setup, doctor.`]);
    else if (demoProxy.problem) rows.push(['Demo', `NOT YOURS: ${demoProxy.problem}`]);
    rows.push(['App data', files.dir]);
    io.out(table(rows));
    for (const problem of snapshot.errors) io.out(`! ${problem.message}`);
    return 0;
  },
};
