/** Codex CLI: a custom provider `aigateway` in `$CODEX_HOME/config.toml`, selected with root `model_provider`. */
import { join } from 'node:path';
import type { AgentDescriptor, Override } from '../descriptor.js';
import type { OwnedEdit } from '../engine/config-engine.js';
import { gatewayRoot, pick, providerOfModel, proxyPrefix, str } from './common.js';

const configPath = (codexHome: string): string => join(codexHome, 'config.toml');
const PROVIDER_ID = 'aigateway';

/** Codex speaks only the Responses API (`wire_api = "responses"`); the proxy translates it for the gateway. */
export const codex: AgentDescriptor = {
  id: 'codex',
  name: 'Codex CLI',
  binary: 'codex',
  versionArgs: ['--version'],
  modes: ['proxy', 'direct'],
  directUnsupportedReason: null,
  providers: ['openai', 'anthropic', 'google', 'azure-openai'],
  // Syntax: TOML 1.0 (Codex reads config.toml with the Rust `toml` crate); smol-toml checks the same grammar.
  strictJson: false,
  configFiles: (loc) => [configPath(loc.codexHome)],
  render(input, loc) {
    const model = input.models[0]!;
    const provider = providerOfModel(model, input.provider);
    const notes: string[] = [];
    const warnings: string[] = [];
    let table: Record<string, unknown>;
    if (input.mode === 'proxy') {
      // experimental_bearer_token: Codex then needs no shell variable (env_key would).
      table = { name: 'AI Gateway', base_url: `${proxyPrefix(input.proxyUrl, provider)}/v1`, wire_api: 'responses', experimental_bearer_token: input.localKey };
      notes.push('Codex sends the Responses API (/v1/responses); the local proxy translates it to Chat Completions for the gateway.');
    } else {
      const [command, ...args] = input.tokenCommand;
      table = {
        name: 'AI Gateway',
        base_url: `${gatewayRoot(input.gatewayUrl ?? '')}/v1`,
        wire_api: 'responses',
        http_headers: { 'x-portkey-provider': provider },
        auth: { command, args, timeout_ms: 10000, refresh_interval_ms: 300000 },
      };
      warnings.push('Direct mode needs a gateway that serves /v1/responses: Codex no longer speaks Chat Completions (wire_api = "chat" is rejected). Use proxy mode if the gateway only serves /v1/chat/completions.');
    }
    const edits: OwnedEdit[] = [
      { path: ['model_provider'], value: PROVIDER_ID },
      { path: ['model'], value: model },
      { path: ['model_providers', PROVIDER_ID], value: table },
    ];
    if (input.quiet) {
      edits.push({ path: ['check_for_update_on_startup'], value: false });
      edits.push({ path: ['analytics', 'enabled'], value: false });
    }
    return { files: [{ path: configPath(loc.codexHome), format: 'toml', holdsKey: input.mode === 'proxy', edits, skeleton: '' }], notes, warnings, snippets: [] };
  },
  async readEndpoint(read, loc) {
    const config = await read(configPath(loc.codexHome));
    const id = str(pick(config, 'model_provider'));
    if (!id) return null;
    const baseUrl = str(pick(config, 'model_providers', id, 'base_url'));
    if (!baseUrl) return null;
    const key = str(pick(config, 'model_providers', id, 'experimental_bearer_token')) ?? null;
    const mode = pick(config, 'model_providers', id, 'auth') !== undefined ? 'direct' : 'proxy';
    return { baseUrl, key, format: 'responses', mode };
  },
  async overrides(_env, loc, read) {
    const found: Override[] = [];
    const config = await read(configPath(loc.codexHome));
    const profile = str(pick(config, 'profile'));
    if (profile) found.push({ message: `${configPath(loc.codexHome)} selects profile "${profile}", which may choose another model_provider. Remove the profile line or run codex with --profile pointing at a profile that uses "${PROVIDER_ID}".`, blocking: true });
    const auth = await read(join(loc.codexHome, 'auth.json'));
    const authMode = str(pick(auth, 'auth_mode'));
    if (authMode === 'chatgpt' || authMode === 'chatgptAuthTokens' || pick(auth, 'tokens') !== undefined) {
      found.push({ message: 'Codex is signed in with ChatGPT. The AI Gateway provider does not use that login; `codex logout` removes it if company policy requires.', blocking: false });
    }
    return found;
  },
};
