/** Claude Code: the `env` block (and `apiKeyHelper` in direct mode) of `~/.claude/settings.json`. */
import { join } from 'node:path';
import type { AgentDescriptor, Override } from '../descriptor.js';
import type { OwnedEdit } from '../engine/config-engine.js';
import { gatewayRoot, isSet, pick, proxyPrefix, shellCommand, str } from './common.js';

const settingsPath = (claudeDir: string): string => join(claudeDir, 'settings.json');

/** Claude Code reads the Anthropic Messages format; the base URL has no `/v1` (Claude appends it). */
export const claudeCode: AgentDescriptor = {
  id: 'claude-code',
  name: 'Claude Code',
  binary: 'claude',
  versionArgs: ['--version'],
  modes: ['proxy', 'direct'],
  directUnsupportedReason: null,
  providers: ['anthropic'],
  // Syntax: ~/.claude/settings.json is read as STRICT JSON. Checked with the real CLI (2.1.197): a `//` comment
  // line or a trailing comma makes it ignore the whole file (it then answers "Not logged in").
  strictJson: true,
  configFiles: (loc) => [settingsPath(loc.claudeDir)],
  render(input, loc) {
    const edits: OwnedEdit[] = [];
    const notes: string[] = [];
    const warnings: string[] = [];
    if (input.mode === 'proxy') {
      edits.push({ path: ['env', 'ANTHROPIC_BASE_URL'], value: proxyPrefix(input.proxyUrl, 'anthropic') });
      // AUTH_TOKEN (Authorization: Bearer) rather than API_KEY: no approval prompt, not sent to the vendor's own hosts.
      edits.push({ path: ['env', 'ANTHROPIC_AUTH_TOKEN'], value: input.localKey });
      notes.push('Claude Code sends its local key as Authorization: Bearer to the local proxy, which swaps it for the gateway token.');
    } else {
      edits.push({ path: ['apiKeyHelper'], value: shellCommand(input.tokenCommand) });
      edits.push({ path: ['env', 'ANTHROPIC_BASE_URL'], value: gatewayRoot(input.gatewayUrl ?? '') });
      edits.push({ path: ['env', 'ANTHROPIC_CUSTOM_HEADERS'], value: 'x-portkey-provider: anthropic' });
      edits.push({ path: ['env', 'CLAUDE_CODE_API_KEY_HELPER_TTL_MS'], value: '3000000' });
      notes.push('Direct mode: Claude Code runs the token command itself (again before 50 minutes, and after any 401).');
      warnings.push('Older Claude Code releases ignored CLAUDE_CODE_API_KEY_HELPER_TTL_MS from settings.json (issue #7660); if tokens are fetched every 5 minutes, also export it in your shell profile.');
      if (!input.quiet) warnings.push('With apiKeyHelper and without "quiet", Claude Code also sends the gateway token to its vendor\'s telemetry endpoints; choose quiet to turn that traffic off.');
    }
    if (input.modelsChosen) edits.push({ path: ['env', 'ANTHROPIC_MODEL'], value: input.models[0] });
    if (input.quiet) edits.push({ path: ['env', 'CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC'], value: '1' });
    return {
      files: [{ path: settingsPath(loc.claudeDir), format: 'json', holdsKey: input.mode === 'proxy', edits, skeleton: '{}\n' }],
      notes,
      warnings,
      snippets: [],
    };
  },
  async readEndpoint(read, loc) {
    const settings = await read(settingsPath(loc.claudeDir));
    const baseUrl = str(pick(settings, 'env', 'ANTHROPIC_BASE_URL'));
    if (!baseUrl) return null;
    const key = str(pick(settings, 'env', 'ANTHROPIC_AUTH_TOKEN')) ?? str(pick(settings, 'env', 'ANTHROPIC_API_KEY')) ?? null;
    const mode = str(pick(settings, 'apiKeyHelper')) ? 'direct' : 'proxy';
    return { baseUrl, key, format: 'anthropic-messages', mode };
  },
  async overrides(env, loc, read) {
    const found: Override[] = [];
    for (const name of ['ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN', 'ANTHROPIC_BASE_URL']) {
      if (isSet(env, name)) found.push({ message: `${name} is set in your shell and beats ~/.claude/settings.json. Remove it from your shell profile (unset ${name}) and open a new terminal.`, blocking: true });
    }
    // Project settings win over user settings.
    const projectFiles = [join(loc.cwd, '.claude', 'settings.json'), join(loc.cwd, '.claude', 'settings.local.json')];
    // In the home folder the "project" settings.json is the user settings file itself.
    for (const file of projectFiles.filter((f) => f !== settingsPath(loc.claudeDir))) {
      const project = await read(file);
      for (const name of ['ANTHROPIC_BASE_URL', 'ANTHROPIC_AUTH_TOKEN', 'ANTHROPIC_API_KEY']) {
        if (str(pick(project, 'env', name))) found.push({ message: `${file} sets ${name}, which beats the user settings in this project. Remove it there.`, blocking: true });
      }
    }
    return found;
  },
};
