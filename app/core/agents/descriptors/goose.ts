/** Goose: one declarative custom provider per gateway provider, plus GOOSE_PROVIDER/GOOSE_MODEL in config.yaml. */
import { join } from 'node:path';
import type { Provider } from '../../../contract/providers.js';
import type { AgentDescriptor, Override } from '../descriptor.js';
import type { FileSpec } from '../engine/config-engine.js';
import type { AgentLocations } from '../locations.js';
import { gatewayRoot, isSet, modelsByProvider, pick, proxyPrefix, str } from './common.js';

const providerId = (provider: Provider): string => (provider === 'openai' ? 'aigateway' : `aigateway_${provider.replace(/-/g, '_')}`);
const providerFile = (loc: AgentLocations, id: string): string => join(loc.gooseConfigDir, 'custom_providers', `${id}.json`);
const configPath = (loc: AgentLocations): string => join(loc.gooseConfigDir, 'config.yaml');

/**
 * The key goes in the provider's own `headers` (with `requires_auth: false` and no `api_key_env`): goose reads
 * `api_key_env` secrets only from the environment or its keyring, and the keyring cannot be written from here.
 */
export const goose: AgentDescriptor = {
  id: 'goose',
  name: 'Goose',
  binary: 'goose',
  versionArgs: ['--version'],
  modes: ['proxy', 'direct'],
  directUnsupportedReason: null,
  providers: ['openai', 'anthropic', 'google', 'azure-openai'],
  // Syntax: config.yaml is YAML (goose's config/base.rs reads it with serde_yaml; on a parse error goose replaces it
  // with a default config); custom_providers/*.json are STRICT JSON (declarative_providers.rs: serde_json::from_str,
  // a file that fails is skipped with a warning).
  strictJson: true,
  configFiles: (loc) => [providerFile(loc, 'aigateway'), configPath(loc)],
  render(input, loc) {
    const files: FileSpec[] = [];
    const groups = modelsByProvider(input.models, input.provider);
    const warnings: string[] = [];
    for (const [provider, models] of groups) {
      const id = providerId(provider);
      const common = {
        name: id,
        engine: 'openai',
        display_name: provider === 'openai' ? 'AI Gateway' : `AI Gateway (${provider})`,
        description: 'Company AI Gateway, set up by AI Gateway Desktop',
        api_key_env: '',
        models: models.map((name) => ({ name, context_limit: 128000 })),
        supports_streaming: true,
        dynamic_models: false,
      };
      const fields =
        input.mode === 'proxy'
          ? { ...common, base_url: `${proxyPrefix(input.proxyUrl, provider)}/v1`, requires_auth: false, headers: { Authorization: `Bearer ${input.localKey}` } }
          : {
              ...common,
              base_url: `${gatewayRoot(input.gatewayUrl ?? '')}/v1`,
              requires_auth: true,
              headers: { 'x-portkey-provider': provider },
              auth: { command: input.tokenCommand[0], args: input.tokenCommand.slice(1), refresh_interval: 3000, timeout_seconds: 10 },
            };
      files.push({
        path: providerFile(loc, id),
        format: 'json',
        holdsKey: input.mode === 'proxy',
        edits: Object.entries(fields).map(([key, value]) => ({ path: [key], value })),
        skeleton: '{}\n',
      });
    }
    const first = input.models[0]!;
    const firstProvider = [...groups.entries()].find(([, models]) => models.includes(first))![0];
    files.push({
      path: configPath(loc),
      format: 'yaml',
      holdsKey: false,
      edits: [
        { path: ['GOOSE_PROVIDER'], value: providerId(firstProvider) },
        { path: ['GOOSE_MODEL'], value: first },
      ],
      skeleton: '',
    });
    if (input.mode === 'direct') warnings.push('Direct mode needs a goose release with custom-provider `auth` commands (aaif-goose/goose PR #11657, August 2026); older releases fail with a missing key.');
    return {
      files,
      notes: ['Goose reads the provider when it starts: restart running goose sessions to use the AI Gateway.'],
      warnings,
      snippets: [],
    };
  },
  async readEndpoint(read, loc) {
    const config = await read(configPath(loc));
    const id = str(pick(config, 'GOOSE_PROVIDER'));
    if (!id || !id.startsWith('aigateway')) return null;
    const provider = await read(providerFile(loc, id));
    const baseUrl = str(pick(provider, 'base_url'));
    if (!baseUrl) return null;
    const auth = str(pick(provider, 'headers', 'Authorization'));
    const mode = pick(provider, 'auth') !== undefined ? 'direct' : 'proxy';
    return { baseUrl, key: auth?.replace(/^Bearer\s+/i, '') ?? null, format: 'chat-completions', mode };
  },
  async overrides(env) {
    const found: Override[] = [];
    for (const name of ['GOOSE_PROVIDER', 'GOOSE_MODEL']) {
      if (isSet(env, name)) found.push({ message: `${name} is set in your shell and beats goose's config.yaml. Remove it from your shell profile (unset ${name}).`, blocking: true });
    }
    return found;
  },
};
