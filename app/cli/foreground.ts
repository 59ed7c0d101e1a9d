/** Runs the core in the foreground for `serve` and `demo`: start, print where things are, stop cleanly on a signal. */
import { PROVIDERS } from '../contract/providers.js';
import type { RuntimeOptions } from '../core/runtime.js';
import { duration } from './commands/format.js';
import { buildRuntime, loadRuntime } from './build-runtime.js';
import { createAppApi } from '../core/app-api.js';
import { withCommandHints } from '../core/api-command-hints.js';
import invocationModule from '../core/cli-invocation.cjs';
import { DEMO_TRAFFIC_OWNER, startDemoTraffic } from '../core/demo/demo-traffic.js';
import { AppError } from '../core/errors.js';
import type { Io } from './io.js';

const { invocation } = invocationModule;

/** What to run. */
export interface ForegroundOptions {
  port: number | undefined;
  ui: boolean;
  uiPort: number | undefined;
  json: boolean;
  runtime?: RuntimeOptions;
  /** Printed first, e.g. the demo's banner. */
  banner?: string;
  /** Resolves when the caller wants to stop (tests); SIGINT/SIGTERM always stop. */
  until?: Promise<void>;
  /** Called once everything listens, with the URLs (tests, demo). */
  onReady?: (urls: { proxy: string; ui: string | null }) => void;
}

/** Starts the runtime (and the UI), then waits for a signal. Returns the exit code. */
export async function startForeground(io: Io, options: ForegroundOptions): Promise<number> {
  // `ai-gateway ui-link` asks the proxy, which asks this: the window starts after the proxy, so until then (and without --ui) there is none.
  let newUiLink: (() => string) | null = null;
  const cli = buildRuntime(io, { ...options.runtime, ...(options.port === undefined ? {} : { portOverride: options.port }), uiLink: () => newUiLink?.() ?? null }, true);
  const { runtime, logger } = cli;
  await loadRuntime(cli);
  if (!runtime.resolved && !options.ui) {
    const problems = (await runtime.settings.snapshot()).errors.map((e) => `  - ${e.message}`).join('\n');
    io.err(`The gateway is not configured yet:\n${problems}\nExport the GATEWAY_* variables (see \`ai-gateway login --help\`), run \`ai-gateway login\`, or start with --ui to fill them in a browser.`);
    return 2;
  }
  // The window has no shell: its hints name the command the way it runs from any folder on this machine.
  const command = invocation(io.env, io.launcher, null);
  const api = withCommandHints(createAppApi(runtime, io), command);
  // Listening before start: the first token can arrive while the proxy is still binding and writing its record.
  runtime.tokens.once('refreshed', ({ expiresAt }) => io.err(`Token: valid for ${duration(expiresAt - Date.now())}.`));
  await runtime.start();
  let uiUrl: string | null = null;
  // For the page, which has no shell: spelled the way that works from any folder, like the page's other hints.
  const linkCommand = `${command} ui-link${runtime.demo ? ' --demo' : ''}`;
  let closeUi: (() => Promise<void>) | null = null;
  if (options.ui) {
    const { startHeadlessUi } = await import('./headless-ui.js');
    try {
      const ui = await startHeadlessUi(api, options.uiPort ?? 0, runtime.demo, `${command} ${runtime.demo ? 'demo' : 'serve'} --ui`, linkCommand);
      uiUrl = ui.url;
      newUiLink = ui.newLink;
      closeUi = ui.close;
    } catch (error) {
      // The proxy already listens: free its port too, or the process would hang on with half of what was asked.
      await runtime.stop();
      if ((error as { code?: unknown }).code === 'port_in_use') {
        throw new AppError('port_in_use', `Port ${options.uiPort} on 127.0.0.1 is already in use, so the app window cannot start. Pick another with --ui-port N, or leave --ui-port out for any free port.`);
      }
      throw error;
    }
  }
  if (options.banner) io.out(options.banner);
  if (options.json) {
    io.out(JSON.stringify({ proxy: runtime.proxyUrl, ui: uiUrl, demo: runtime.demo }));
  } else {
    io.out(`AI Gateway proxy listening on ${runtime.proxyUrl}`);
    for (const provider of PROVIDERS) io.out(`  ${provider.padEnd(13)} ${runtime.proxyUrl}/${provider}`);
    if (uiUrl) io.out(`App window: ${uiUrl}\n  (it opens once, in one browser tab: the page trades its token for a session kept in that tab; for another tab or browser, \`ai-gateway ui-link${runtime.demo ? ' --demo' : ''}\` prints a new link)`);
    // The demo's hints carry --demo: without it `setup` writes the real agent config, pointed at the real port.
    const demoFlag = runtime.demo ? ' --demo' : '';
    io.out(`Agents: \`ai-gateway setup <agent>${demoFlag}\`; scripts and SDKs: \`eval "$(ai-gateway env${demoFlag})"\`. Ctrl-C stops.`);
  }
  // Only --ui gets this far unconfigured: say so, or the proxy seems ready while every request would fail.
  if (!runtime.resolved) io.err(`The gateway is not configured yet: fill in the gateway settings in the app window (the App window URL above), or stop and run \`ai-gateway login\`. Until then every request through the proxy fails.`);
  logger.info('serve started', { proxy: runtime.proxyUrl, demo: runtime.demo });
  options.onReady?.({ proxy: runtime.proxyUrl, ui: uiUrl });
  const stopTraffic = runtime.demo && runtime.resolved ? startDemoTraffic(runtime.proxyUrl, await runtime.keys.keyFor(DEMO_TRAFFIC_OWNER), runtime.resolved.testModels) : null;

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    void options.until?.then(stop);
  });
  io.err('Stopping...');
  newUiLink = null;
  stopTraffic?.();
  await closeUi?.();
  await runtime.stop();
  logger.info('serve stopped');
  return 0;
}
