/** OpenCode: providers `aigateway*` and `model` in the global opencode config (`$XDG_CONFIG_HOME/opencode`). */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Provider } from '../../../contract/providers.js';
import type { AgentDescriptor, Override } from '../descriptor.js';
import type { OwnedEdit } from '../engine/config-engine.js';
import type { AgentLocations } from '../locations.js';
import { isSet, modelsByProvider, pick, proxyPrefix, str } from './common.js';

/**
 * opencode merges config.json, opencode.json, opencode.jsonc from its config folder, later ones winning,
 * so we edit the one that wins among those that exist, and create opencode.json when there is none.
 */
export function opencodeConfigPath(loc: AgentLocations, exists: (path: string) => boolean = existsSync): string {
  for (const name of ['opencode.jsonc', 'opencode.json', 'config.json']) {
    const path = join(loc.opencodeDir, name);
    if (exists(path)) return path;
  }
  return join(loc.opencodeDir, 'opencode.json');
}

const providerId = (provider: Provider): string => (provider === 'openai' ? 'aigateway' : `aigateway-${provider}`);

/** OpenCode uses the AI SDK: openai-compatible (Chat Completions) for most models, the Anthropic SDK for Claude. */
export const opencode: AgentDescriptor = {
  id: 'opencode',
  name: 'OpenCode',
  binary: 'opencode',
  versionArgs: ['--version'],
  modes: ['proxy'],
  directUnsupportedReason:
    'OpenCode cannot run a command to get its API key: options.apiKey is a fixed string (or {env:VAR} / {file:path}) read once at start, so an hourly gateway token would expire mid-session. Use proxy mode.',
  providers: ['openai', 'anthropic', 'google', 'azure-openai'],
  // Syntax: JSONC, comments and trailing commas allowed in opencode.json and opencode.jsonc alike (opencode parses
  // both with jsonc-parser, allowTrailingComma; checked with the real `opencode debug config`, 1.18.x).
  strictJson: false,
  configFiles: (loc) => [opencodeConfigPath(loc)],
  render(input, loc) {
    const edits: OwnedEdit[] = [];
    const groups = modelsByProvider(input.models, input.provider);
    for (const [provider, models] of groups) {
      const anthropic = provider === 'anthropic';
      edits.push({
        path: ['provider', providerId(provider)],
        value: {
          npm: anthropic ? '@ai-sdk/anthropic' : '@ai-sdk/openai-compatible',
          name: anthropic ? 'AI Gateway (Anthropic)' : provider === 'openai' ? 'AI Gateway' : `AI Gateway (${provider})`,
          options: { baseURL: `${proxyPrefix(input.proxyUrl, provider)}/v1`, apiKey: input.localKey },
          models: Object.fromEntries(models.map((m) => [m, { name: m }])),
        },
      });
    }
    const first = input.models[0]!;
    const firstProvider = [...groups.entries()].find(([, models]) => models.includes(first))![0];
    edits.push({ path: ['model'], value: `${providerId(firstProvider)}/${first}` });
    if (input.quiet) {
      edits.push({ path: ['share'], value: 'disabled' });
      edits.push({ path: ['autoupdate'], value: false });
    }
    return {
      files: [{ path: opencodeConfigPath(loc), format: 'json', holdsKey: true, edits, skeleton: '{\n  "$schema": "https://opencode.ai/config.json"\n}\n' }],
      notes: ['Pick another model inside OpenCode with /models; all AI Gateway models are listed under the "AI Gateway" providers.'],
      warnings: [],
      snippets: [],
    };
  },
  async readEndpoint(read, loc) {
    const config = await read(opencodeConfigPath(loc));
    const model = str(pick(config, 'model'));
    const id = model?.split('/')[0];
    if (!id) return null;
    const baseUrl = str(pick(config, 'provider', id, 'options', 'baseURL'));
    if (!baseUrl) return null;
    const key = str(pick(config, 'provider', id, 'options', 'apiKey')) ?? null;
    const format = str(pick(config, 'provider', id, 'npm')) === '@ai-sdk/anthropic' ? 'anthropic-messages' : 'chat-completions';
    return { baseUrl, key, format, mode: 'proxy' };
  },
  async overrides(env, loc, read) {
    const found: Override[] = [];
    for (const name of ['OPENCODE_CONFIG', 'OPENCODE_CONFIG_CONTENT', 'OPENCODE_CONFIG_DIR']) {
      if (isSet(env, name)) found.push({ message: `${name} is set in your shell; opencode merges that config over the global one. Make sure it does not set "model" or the aigateway providers, or unset ${name}.`, blocking: true });
    }
    for (const name of ['opencode.json', 'opencode.jsonc', join('.opencode', 'opencode.json'), join('.opencode', 'opencode.jsonc')]) {
      const file = join(loc.cwd, name);
      const project = await read(file);
      if (str(pick(project, 'model'))) found.push({ message: `${file} sets "model" for this project, which beats the global config. Remove it there to use the AI Gateway model.`, blocking: true });
    }
    return found;
  },
};
