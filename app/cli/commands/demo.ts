/** `ai-gateway demo`: the whole app against a built-in, clearly labelled demo gateway; never touches real settings. */
import { DEMO_PORT, demoDataDir } from '../demo-location.js';
import { MemorySecretStore } from '../../core/config/secret-store.js';
import { childEnvironment } from '../../core/config/child-env.js';
import { MemorySettingsStore } from '../../core/config/settings-store.js';
import { startDemoGateway } from '../../core/demo/demo-gateway.js';
import type { Command } from '../command.js';
import { intOption } from '../command.js';
import { startForeground } from '../foreground.js';


/** The demo command. */
export const demoCommand: Command = {
  name: 'demo',
  summary: 'Try the app without company credentials: starts a demo token endpoint and gateway on 127.0.0.1 and runs the proxy (and with --ui the window) against them.',
  usage: '[--ui] [--port N] [--ui-port N]',
  options: {
    ui: { type: 'boolean', help: 'Also serve the app window and print its URL.' },
    port: { type: 'string', help: `Proxy port (default ${DEMO_PORT}).`, valueName: 'N' },
    'ui-port': { type: 'string', help: 'Port for --ui (default: a free one).', valueName: 'N' },
    json: { type: 'boolean', help: 'Print the startup facts as one JSON line.' },
  },
  details: 'The demo keeps its data in its own folder (<app data>/demo) and never reads or writes your real settings. Agents set up in the demo (`setup AGENT --demo` or its window) get their config in <app data>/demo/agent-home, never in your real config.',
  async run(args, io) {
    const demo = await startDemoGateway({ firstByteMs: 120, eventGapMs: 30 });
    // The demo ignores GATEWAY_* from the shell: it must never mix real credentials with the demo.
    const env = childEnvironment(io.env);
    const { clientSecret, ...values } = demo.settings;
    try {
      return await startForeground(
        { ...io, env },
        {
          port: intOption(args.values.port, 'port') ?? DEMO_PORT,
          ui: args.values.ui === true,
          uiPort: intOption(args.values['ui-port'], 'ui-port'),
          json: args.values.json === true,
          banner: `*** DEMO GATEWAY *** token endpoint ${demo.tokenEndpoint.url}, gateway ${demo.gateway.url} (tokens live ${demo.tokenEndpoint.lifetimeSeconds / 60} min). Nothing here reaches a real provider.\nTry it: eval "$(ai-gateway env --demo)" then point an SDK at $OPENAI_BASE_URL.`,
          runtime: {
            demo: true,
            dataDir: demoDataDir(io.env),
            settingsStore: new MemorySettingsStore({ ...values, secretInFile: false }),
            secureSecretStore: new MemorySecretStore(clientSecret),
          },
        },
      );
    } finally {
      await demo.close();
    }
  },
};
