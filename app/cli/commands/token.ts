/** `ai-gateway token`: prints a valid access token, a drop-in for get-gateway-token.sh and Claude Code's apiKeyHelper. */
import type { Command } from '../command.js';
import { buildRuntime, cliKey, loadRuntime } from '../build-runtime.js';
import { tokenFromRunningProxy } from '../running-proxy.js';

/** The token command. */
export const tokenCommand: Command = {
  name: 'token',
  summary: 'Print a valid gateway access token on stdout. Uses the running proxy\'s cached token when one runs, else fetches one.',
  usage: '',
  options: {},
  details: 'For scripts and direct-mode agents (apiKeyHelper, Codex auth command). Prefer proxy mode: agents then never hold the token.',
  async run(_args, io) {
    const cli = buildRuntime(io);
    await loadRuntime(cli);
    const { runtime } = cli;
    await runtime.settings.require();
    const cached = await tokenFromRunningProxy(runtime.port, await cliKey(runtime));
    const token = cached ?? (await runtime.tokens.getToken());
    io.out(token);
    return 0;
  },
};
