/**
 * `ai-gateway ui-link`: a new one-time link to the app window `serve --ui` (or `demo --ui`) is serving, for a
 * closed tab or another browser, without restarting the proxy every agent uses. The link comes from the
 * running proxy, proven first and then asked with the CLI's own local key on that same connection (as
 * `token` does): only this user's `ai-gateway` command can get one.
 */
import { AppError } from '../../core/errors.js';
import { LINK_LIFETIME_MS, MAX_OUTSTANDING_LINKS } from '../../web/login-tokens.js';
import type { Command } from '../command.js';
import { dataDirFor } from '../demo-location.js';
import { cliKeyIn, findRunningProxy, unprovenError } from '../running-proxy.js';

/** The ui-link command. */
export const uiLinkCommand: Command = {
  name: 'ui-link',
  summary: 'Print a new one-time link to the app window of the running `ai-gateway serve --ui`: for a closed tab or another browser, no restart needed.',
  usage: '[--demo]',
  options: { demo: { type: 'boolean', help: 'A link to the window of the running `ai-gateway demo --ui`.' } },
  details:
    `The link opens the window once, in one browser tab, within ${LINK_LIFETIME_MS / 60_000} minutes; only the newest ${MAX_OUTSTANDING_LINKS} unused links work.` +
    ' Every link opens the same window session, which ends when `serve --ui` stops.\n' +
    'It is asked of the running proxy only after it proved it is yours, with the command\'s own local key (see the README\'s security section).',
  async run(args, io) {
    const demo = args.values.demo === true;
    const start = demo ? '`ai-gateway demo --ui`' : '`ai-gateway serve --ui`';
    const dataDir = dataDirFor(io.env, demo);
    const found = await findRunningProxy(dataDir, { demo });
    if (found.state === 'unproven') throw unprovenError(found);
    if (found.state === 'none') throw new AppError('proxy_not_running', `No window runs: start ${start} (no ${demo ? 'demo' : 'proxy'} of yours runs now).`);
    let url: string | null;
    try {
      url = await found.proxy.uiLink(await cliKeyIn(dataDir)());
    } finally {
      await found.proxy.close();
    }
    if (url === null) {
      throw new AppError(
        'proxy_not_running',
        `No window runs: start ${start}. The ${demo ? 'demo' : 'proxy'} running on port ${found.proxy.port} (pid ${found.proxy.pid}) was started without --ui; stop it first${demo ? '' : ' (the desktop app opens its own window from the tray)'}.`,
      );
    }
    io.out(url);
    return 0;
  },
};
