/** Continue: entries of `models[]` in `~/.continue/config.yaml` whose names end in "(AI Gateway)". */
import { join } from 'node:path';
import type { AgentDescriptor } from '../descriptor.js';
import type { OwnedEdit } from '../engine/config-engine.js';
import { pick, providerOfModel, proxyPrefix, str } from './common.js';

const configPath = (continueDir: string): string => join(continueDir, 'config.yaml');
/** Our entries are recognised by this suffix; the user's other models are never touched. */
export const CONTINUE_SUFFIX = ' (AI Gateway)';

/** Continue talks Chat Completions (`provider: openai`); the gateway serves that format for every provider. */
export const continueDev: AgentDescriptor = {
  id: 'continue',
  name: 'Continue',
  binary: 'cn',
  versionArgs: ['--version'],
  modes: ['proxy'],
  directUnsupportedReason:
    'Continue cannot run a command to get its API key: apiKey is a fixed string (or ${{ secrets.NAME }} read once at start), so an hourly gateway token would expire mid-session. Use proxy mode.',
  providers: ['openai', 'anthropic', 'google', 'azure-openai'],
  // Syntax: YAML 1.2 (the Continue CLI 1.5.x parses config.yaml with eemeli/yaml, the library we edit it with).
  strictJson: false,
  configFiles: (loc) => [configPath(loc.continueDir)],
  render(input, loc) {
    const edits: OwnedEdit[] = input.models.map((model) => ({
      path: ['models', { name: `${model}${CONTINUE_SUFFIX}` }],
      value: {
        name: `${model}${CONTINUE_SUFFIX}`,
        provider: 'openai',
        model,
        apiBase: `${proxyPrefix(input.proxyUrl, providerOfModel(model, input.provider))}/v1`,
        apiKey: input.localKey,
        roles: ['chat', 'edit', 'apply', 'summarize'],
      },
    }));
    return {
      // name and version are required at the top of a config.yaml (config-yaml schema).
      files: [{ path: configPath(loc.continueDir), format: 'yaml', holdsKey: true, edits, skeleton: 'name: Local Config\nversion: 1.0.0\nschema: v1\n' }],
      notes: [`Choose a model ending in "${CONTINUE_SUFFIX.trim()}" in Continue's model picker (cn: /model). The Continue CLI reads this file unless started with --config.`],
      warnings: [],
      snippets: [],
    };
  },
  async readEndpoint(read, loc) {
    const config = await read(configPath(loc.continueDir));
    const models = pick(config, 'models');
    if (!Array.isArray(models)) return null;
    const ours = models.find((m) => str(pick(m, 'name'))?.endsWith(CONTINUE_SUFFIX));
    const baseUrl = str(pick(ours, 'apiBase'));
    if (!baseUrl) return null;
    return { baseUrl, key: str(pick(ours, 'apiKey')) ?? null, format: 'chat-completions', mode: 'proxy' };
  },
  async overrides() {
    return [];
  },
};
