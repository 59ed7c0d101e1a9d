/** `ai-gateway serve`: the token service and the proxy in the foreground, until SIGINT/SIGTERM. */
import { PROVIDERS } from '../../contract/providers.js';
import type { Command } from '../command.js';
import { intOption } from '../command.js';
import { startForeground } from '../foreground.js';

/** The serve command. */
export const serveCommand: Command = {
  name: 'serve',
  summary: 'Run the token refresher and the local proxy in the foreground (Ctrl-C stops). Agents reach the gateway at http://127.0.0.1:PORT/<provider>.',
  usage: '[--port N] [--ui [--ui-port N]]',
  options: {
    port: { type: 'string', help: 'Proxy port (default: the `port` setting, 8484).', valueName: 'N' },
    ui: { type: 'boolean', help: 'Also serve the app window on 127.0.0.1 and print its one-time URL (it opens the window once, in one browser tab).' },
    'ui-port': { type: 'string', help: 'Port for --ui (default: a free one).', valueName: 'N' },
    json: { type: 'boolean', help: 'Print the startup facts as one JSON line.' },
  },
  details: `Provider prefixes: ${PROVIDERS.map((p) => `/${p}`).join(', ')}. Example: http://127.0.0.1:8484/openai/v1/chat/completions`,
  async run(args, io) {
    return startForeground(io, {
      port: intOption(args.values.port, 'port'),
      ui: args.values.ui === true,
      uiPort: intOption(args.values['ui-port'], 'ui-port'),
      json: args.values.json === true,
    });
  },
};
