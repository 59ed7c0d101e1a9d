/** `ai-gateway token`: prints a valid access token, a drop-in for get-gateway-token.sh and Claude Code's apiKeyHelper. */
import type { Command } from '../command.js';
import type { Io } from '../io.js';
import { AppError } from '../../core/errors.js';
import { dataDirFor, demoDataDir } from '../demo-location.js';
import { tokenFromRunningProxy } from '../running-proxy.js';

/**
 * The running proxy's token (the real one, or the demo's with `demo`), or null when none runs. A listener
 * that cannot prove it is this user's proxy makes this throw before anything is sent.
 */
export function runningProxyToken(io: Io, demo: boolean): Promise<string | null> {
  return tokenFromRunningProxy(dataDirFor(io.env, demo), { demo });
}

/** The token command. */
export const tokenCommand: Command = {
  name: 'token',
  summary: 'Print a valid gateway access token on stdout. Uses the running proxy\'s cached token when one runs, else fetches one.',
  usage: '[--demo]',
  options: { demo: { type: 'boolean', help: 'Take the token from the running `ai-gateway demo`.' } },
  details:
    'For scripts and direct-mode agents (apiKeyHelper, Codex auth command). Prefer proxy mode: agents then never hold the token.\n' +
    'The local key is sent only to a proxy that proved it is yours (see the README\'s security section); any other listener is refused.',
  async run(args, io) {
    // The common case (an agent's apiKeyHelper while the proxy runs) loads only the proxy record, the
    // local keys and node:http; the token client and the rest of the runtime load only when none runs.
    // A listener that cannot prove it is this user's proxy makes this throw before anything is sent.
    const demo = args.values.demo === true;
    const cached = await runningProxyToken(io, demo);
    if (cached) {
      io.out(cached);
      return 0;
    }
    if (demo) throw new AppError('proxy_not_running', 'No demo runs: start it with `ai-gateway demo`.');
    const { buildRuntime, loadRuntime } = await import('../build-runtime.js');
    const cli = buildRuntime(io);
    await loadRuntime(cli);
    if (!cli.runtime.resolved) {
      // Not set up, but a demo runs: its (harmless) token rather than "not configured".
      const fromDemo = await tokenFromRunningProxy(demoDataDir(io.env), { demo: true }).catch(() => null);
      if (fromDemo) {
        io.err('Using the running demo: the real app is not set up.');
        io.out(fromDemo);
        return 0;
      }
    }
    await cli.runtime.settings.require();
    io.out(await cli.runtime.tokens.getToken());
    return 0;
  },
};
