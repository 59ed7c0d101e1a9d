/** `ai-gateway token`: prints a valid access token, a drop-in for get-gateway-token.sh and Claude Code's apiKeyHelper. */
import type { Command } from '../command.js';
import { appDataDir, appFiles } from '../../core/config/paths.js';
import { DEFAULT_PROXY_PORT } from '../../core/config/settings-schema.js';
import { FileSettingsStore } from '../../core/config/settings-store.js';
import { CLI_KEY_OWNER, LocalKeyStore } from '../../core/keys/local-keys.js';
import { tokenFromRunningProxy } from '../running-proxy.js';

/** The token command. */
export const tokenCommand: Command = {
  name: 'token',
  summary: 'Print a valid gateway access token on stdout. Uses the running proxy\'s cached token when one runs, else fetches one.',
  usage: '',
  options: {},
  details: 'For scripts and direct-mode agents (apiKeyHelper, Codex auth command). Prefer proxy mode: agents then never hold the token.',
  async run(_args, io) {
    // The common case (an agent's apiKeyHelper while the proxy runs) loads only the settings file, the
    // local keys and node:http; the token client and the rest of the runtime load only when none runs.
    const files = appFiles(appDataDir(io.env));
    const port = (await new FileSettingsStore(files.settings).read()).port ?? DEFAULT_PROXY_PORT;
    const cached = await tokenFromRunningProxy(port, await new LocalKeyStore(files.localKeys).keyFor(CLI_KEY_OWNER));
    if (cached) {
      io.out(cached);
      return 0;
    }
    const { buildRuntime, loadRuntime } = await import('../build-runtime.js');
    const cli = buildRuntime(io);
    await loadRuntime(cli);
    await cli.runtime.settings.require();
    io.out(await cli.runtime.tokens.getToken());
    return 0;
  },
};
