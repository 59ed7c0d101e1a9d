import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import { parse as parseJsonc } from 'jsonc-parser';
import type { AgentId } from '../../../app/contract/api.js';
import { fixture, keyFor, sandbox } from './helpers.js';

interface Case {
  agent: AgentId;
  /** Where the fixture goes, relative to HOME. */
  file: string;
  fixture: string;
  /** Lines of the fixture that must come out byte for byte. */
  kept: string[];
  /** A user edit elsewhere in the file (after setup), and a check our values are gone after undo. */
  userEdit: (text: string) => string;
  parse: (text: string) => unknown;
  ours: (parsed: unknown) => unknown;
}

const get = (value: unknown, ...keys: string[]): unknown => keys.reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], value);

const CASES: Case[] = [
  {
    agent: 'claude-code',
    file: '.claude/settings.json',
    fixture: 'claude-settings.json',
    // Strict JSON: Claude Code ignores a settings.json with comments (setup refuses one, tested in engine.test.ts).
    kept: ['    "allow": ["Bash(npm test:*)"],', '    "deny": []', '  "theme": "dark"'],
    userEdit: (t) => t.replace('"theme": "dark"', '"theme": "light"'),
    parse: (t) => parseJsonc(t),
    ours: (p) => get(p, 'env', 'ANTHROPIC_AUTH_TOKEN') ?? get(p, 'env', 'ANTHROPIC_BASE_URL'),
  },
  {
    agent: 'opencode',
    file: '.config/opencode/opencode.jsonc',
    fixture: 'opencode.jsonc',
    kept: ['  // my theme', '  "theme": "tokyonight",', '      "options": { "baseURL": "http://localhost:11434/v1" },'],
    userEdit: (t) => t.replace('"tokyonight"', '"nord"'),
    parse: (t) => parseJsonc(t),
    ours: (p) => get(p, 'provider', 'aigateway'),
  },
  {
    agent: 'codex',
    file: '.codex/config.toml',
    fixture: 'codex-config.toml',
    kept: ['# My Codex config', 'approval_policy = "on-request"', 'notifications = true # keep', '# A provider of my own', 'env_key = "MINE_API_KEY"', 'command = "docs-mcp"'],
    userEdit: (t) => t.replace('notifications = true # keep', 'notifications = false # keep'),
    parse: (t) => parseToml(t),
    ours: (p) => get(p, 'model_providers', 'aigateway') ?? get(p, 'model_provider'),
  },
  {
    agent: 'continue',
    file: '.continue/config.yaml',
    fixture: 'continue-config.yaml',
    kept: ['# Continue config', 'name: My Config   # shown in the picker', '- name: Local Llama   # my own model', '  - chat', '# Context providers', '  - provider: docs'],
    userEdit: (t) => t.replace('  - provider: docs', '  - provider: docs\n  - provider: diff'),
    parse: (t) => parseYaml(t),
    ours: (p) => (get(p, 'models') as { name: string }[]).find((m) => m.name.endsWith('(AI Gateway)')),
  },
  {
    agent: 'goose',
    file: '.config/goose/config.yaml',
    fixture: 'goose-config.yaml',
    kept: ['# goose config', 'extensions:', '    type: builtin'],
    userEdit: (t) => t.replace('    type: builtin', '    type: builtin\n    timeout: 300'),
    parse: (t) => parseYaml(t),
    ours: (p) => (get(p, 'GOOSE_PROVIDER') === 'aigateway' ? 'ours' : undefined),
  },
];

async function seed(home: string, c: Case): Promise<string> {
  const path = join(home, c.file);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, await fixture(c.fixture), { mode: 0o644 });
  return path;
}

for (const c of CASES) {
  test(`${c.agent}: setup keeps foreign bytes, is idempotent, and undo restores the original exactly`, async () => {
    const sb = await sandbox();
    try {
      const path = await seed(sb.home, c);
      const original = await fixture(c.fixture);
      const plan = await sb.service.plan({ agent: c.agent, models: ['gpt-4.1-mini', 'claude-sonnet-4-5'] });
      const change = plan.changes.find((ch) => ch.path === path);
      assert.ok(change, `plan touches ${path}`);
      assert.equal(change.action, 'update');
      assert.ok(!change.diff.includes(keyFor(c.agent)), 'the diff masks the local key');
      const result = await sb.service.apply({ agent: c.agent, models: ['gpt-4.1-mini', 'claude-sonnet-4-5'] });
      assert.ok(result.written.includes(path));
      const after = await readFile(path, 'utf8');
      const lines = after.split('\n');
      for (const line of c.kept) assert.ok(lines.includes(line), `kept byte for byte: ${line}\n---\n${after}`);
      assert.ok(c.ours(c.parse(after)), 'our values are there');
      if (change.holdsKey) assert.equal((await stat(path)).mode & 0o777, 0o600);

      const again = await sb.service.apply({ agent: c.agent, models: ['gpt-4.1-mini', 'claude-sonnet-4-5'] });
      assert.deepEqual(again.written, [], 'second apply writes nothing');
      assert.ok(again.plan.changes.every((ch) => ch.action === 'unchanged'));
      assert.equal(await readFile(path, 'utf8'), after);

      const undoPlan = await sb.service.planUndo(c.agent);
      assert.ok(undoPlan.changes.some((ch) => ch.path === path && ch.action === 'restore'));
      await sb.service.undo(c.agent);
      assert.equal(await readFile(path, 'utf8'), original);
      assert.equal((await sb.service.planUndo(c.agent)).changes.length, 0, 'nothing left to undo');
    } finally {
      await sb.cleanup();
    }
  });

  test(`${c.agent}: undo after the user edited the file removes only our values`, async () => {
    const sb = await sandbox();
    try {
      const path = await seed(sb.home, c);
      await sb.service.apply({ agent: c.agent });
      const userEdited = c.userEdit(await readFile(path, 'utf8'));
      await writeFile(path, userEdited);
      const plan = await sb.service.planUndo(c.agent);
      assert.equal(plan.changes.find((ch) => ch.path === path)?.action, 'update');
      await sb.service.undo(c.agent);
      const after = await readFile(path, 'utf8');
      assert.equal(c.ours(c.parse(after)), undefined, `our values are gone:\n${after}`);
      // What remains is the original with the user's edit.
      assert.equal(after, c.userEdit(await fixture(c.fixture)));
    } finally {
      await sb.cleanup();
    }
  });
}

test('files we created are deleted by undo, and so are the folders setup created for them', async () => {
  const sb = await sandbox({ XDG_CONFIG_HOME: '' });
  try {
    for (const agent of ['claude-code', 'opencode', 'codex', 'continue', 'goose'] as const) {
      const result = await sb.service.apply({ agent });
      assert.ok(result.written.length > 0, agent);
      for (const file of result.written) assert.ok(await stat(file));
      await sb.service.undo(agent);
      for (const file of result.written) await assert.rejects(stat(file), { code: 'ENOENT' }, `${agent} ${file}`);
    }
    for (const folder of ['.claude', '.codex', '.continue', '.config/opencode', '.config/goose']) await assert.rejects(stat(join(sb.home, folder)), { code: 'ENOENT' }, folder);
  } finally {
    await sb.cleanup();
  }
});

test('a created file the user then edited keeps the user\'s part on undo', async () => {
  const sb = await sandbox();
  try {
    await sb.service.apply({ agent: 'claude-code' });
    const path = join(sb.home, '.claude', 'settings.json');
    const text = await readFile(path, 'utf8');
    await writeFile(path, text.replace('{', '{\n  "theme": "dark",'));
    await sb.service.undo('claude-code');
    assert.deepEqual(parseJsonc(await readFile(path, 'utf8')), { theme: 'dark' });
  } finally {
    await sb.cleanup();
  }
});

test('claude-code: proxy values, quiet, chosen model, and shell variables that beat settings are reported', async () => {
  const sb = await sandbox({ ANTHROPIC_API_KEY: 'sk-ant-shell' });
  try {
    const plan = await sb.service.plan({ agent: 'claude-code', models: ['claude-opus-4-1'], quiet: true });
    assert.ok(plan.warnings.some((w) => w.includes('ANTHROPIC_API_KEY')));
    await sb.service.apply({ agent: 'claude-code', models: ['claude-opus-4-1'], quiet: true });
    const settings = parseJsonc(await readFile(join(sb.home, '.claude', 'settings.json'), 'utf8')) as { env: Record<string, string> };
    assert.deepEqual(settings.env, {
      ANTHROPIC_BASE_URL: 'http://127.0.0.1:47800/anthropic',
      ANTHROPIC_AUTH_TOKEN: keyFor('claude-code'),
      ANTHROPIC_MODEL: 'claude-opus-4-1',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    });
    const checks = await sb.service.inspect('claude-code');
    assert.equal(checks.find((ch) => ch.name === 'nothing overrides it')?.ok, false);
    assert.deepEqual(await sb.service.configuredEndpoint('claude-code'), { baseUrl: 'http://127.0.0.1:47800/anthropic', key: keyFor('claude-code'), format: 'anthropic-messages' });
  } finally {
    await sb.cleanup();
  }
});

test('claude-code: switching to direct mode replaces the proxy values with apiKeyHelper and the gateway', async () => {
  const sb = await sandbox();
  try {
    await sb.service.apply({ agent: 'claude-code' });
    await sb.service.apply({ agent: 'claude-code', mode: 'direct' });
    const path = join(sb.home, '.claude', 'settings.json');
    const settings = parseJsonc(await readFile(path, 'utf8')) as { apiKeyHelper: string; env: Record<string, string> };
    assert.equal(settings.apiKeyHelper, '/opt/ai-gateway/bin/ai-gateway token');
    assert.deepEqual(settings.env, {
      ANTHROPIC_BASE_URL: 'https://gateway.example.invalid',
      ANTHROPIC_CUSTOM_HEADERS: 'x-portkey-provider: anthropic',
      CLAUDE_CODE_API_KEY_HELPER_TTL_MS: '3000000',
    });
    const [agent] = (await sb.service.list()).filter((a) => a.id === 'claude-code');
    assert.equal(agent?.mode, 'direct');
    await sb.service.undo('claude-code');
    await assert.rejects(stat(path), { code: 'ENOENT' });
  } finally {
    await sb.cleanup();
  }
});

test('codex: CODEX_HOME is honoured; proxy provider uses a bearer token, direct uses an auth command', async () => {
  const sb = await sandbox();
  try {
    const codexHome = join(sb.home, 'codex-home');
    sb.env['CODEX_HOME'] = codexHome;
    await sb.service.apply({ agent: 'codex', models: ['claude-sonnet-4-5'] });
    const config = JSON.parse(JSON.stringify(parseToml(await readFile(join(codexHome, 'config.toml'), 'utf8'))));
    assert.equal(config['model_provider'], 'aigateway');
    assert.equal(config['model'], 'claude-sonnet-4-5');
    assert.deepEqual(get(config, 'model_providers', 'aigateway'), {
      name: 'AI Gateway',
      base_url: 'http://127.0.0.1:47800/anthropic/v1',
      wire_api: 'responses',
      experimental_bearer_token: keyFor('codex'),
    });
    await sb.service.apply({ agent: 'codex', mode: 'direct' });
    const direct = JSON.parse(JSON.stringify(parseToml(await readFile(join(codexHome, 'config.toml'), 'utf8'))));
    assert.deepEqual(get(direct, 'model_providers', 'aigateway'), {
      name: 'AI Gateway',
      base_url: 'https://gateway.example.invalid/v1',
      wire_api: 'responses',
      http_headers: { 'x-portkey-provider': 'openai' },
      auth: { command: '/opt/ai-gateway/bin/ai-gateway', args: ['token'], timeout_ms: 10000, refresh_interval_ms: 300000 },
    });
  } finally {
    await sb.cleanup();
  }
});

test('codex: a ChatGPT sign-in is reported', async () => {
  const sb = await sandbox();
  try {
    await mkdir(join(sb.home, '.codex'));
    await writeFile(join(sb.home, '.codex', 'auth.json'), JSON.stringify({ auth_mode: 'chatgpt', tokens: {} }));
    const [info] = (await sb.service.list()).filter((a) => a.id === 'codex');
    assert.ok(info?.warnings.some((w) => w.includes('ChatGPT')));
  } finally {
    await sb.cleanup();
  }
});

test('opencode and goose: one provider per gateway provider; goose gets its key in headers, not env', async () => {
  const sb = await sandbox({ XDG_CONFIG_HOME: '/nonexistent-placeholder' });
  try {
    sb.env['XDG_CONFIG_HOME'] = join(sb.home, 'xdg');
    await sb.service.apply({ agent: 'opencode', models: ['claude-sonnet-4-5', 'gpt-4.1-mini'] });
    const oc = parseJsonc(await readFile(join(sb.home, 'xdg', 'opencode', 'opencode.json'), 'utf8'));
    assert.equal(get(oc, 'model'), 'aigateway-anthropic/claude-sonnet-4-5');
    assert.equal(get(oc, 'provider', 'aigateway-anthropic', 'npm'), '@ai-sdk/anthropic');
    assert.equal(get(oc, 'provider', 'aigateway-anthropic', 'options', 'baseURL'), 'http://127.0.0.1:47800/anthropic/v1');
    assert.equal(get(oc, 'provider', 'aigateway', 'options', 'baseURL'), 'http://127.0.0.1:47800/openai/v1');

    await sb.service.apply({ agent: 'goose', models: ['gpt-4.1-mini', 'claude-sonnet-4-5'] });
    const provider = JSON.parse(await readFile(join(sb.home, 'xdg', 'goose', 'custom_providers', 'aigateway.json'), 'utf8'));
    assert.equal(provider.engine, 'openai');
    assert.equal(provider.api_key_env, '');
    assert.equal(provider.requires_auth, false);
    assert.deepEqual(provider.headers, { Authorization: `Bearer ${keyFor('goose')}` });
    const anthropic = JSON.parse(await readFile(join(sb.home, 'xdg', 'goose', 'custom_providers', 'aigateway_anthropic.json'), 'utf8'));
    assert.equal(anthropic.base_url, 'http://127.0.0.1:47800/anthropic/v1');
    const config = parseYaml(await readFile(join(sb.home, 'xdg', 'goose', 'config.yaml'), 'utf8'));
    assert.deepEqual(config, { GOOSE_PROVIDER: 'aigateway', GOOSE_MODEL: 'gpt-4.1-mini' });
    // Dropping the Claude model removes its provider file.
    await sb.service.apply({ agent: 'goose', models: ['gpt-4.1-mini'] });
    await assert.rejects(stat(join(sb.home, 'xdg', 'goose', 'custom_providers', 'aigateway_anthropic.json')), { code: 'ENOENT' });
  } finally {
    await sb.cleanup();
  }
});

test('langchain: no file, snippets for Python and JavaScript pointed at the proxy', async () => {
  const sb = await sandbox();
  try {
    const plan = await sb.service.plan({ agent: 'langchain' });
    assert.deepEqual(plan.changes, []);
    const code = plan.snippets.map((s) => s.code).join('\n');
    assert.match(code, /ChatOpenAI\(\n {4}base_url="http:\/\/127\.0\.0\.1:47800\/openai\/v1"/);
    assert.match(code, /ChatAnthropic/);
    assert.match(code, /ai-gateway run -- python app\.py/);
    assert.deepEqual(new Set(plan.snippets.map((s) => s.language)), new Set(['python', 'javascript', 'shell']));
  } finally {
    await sb.cleanup();
  }
});

test('no agent\'s setup notes talk about this project\'s own test machine', async () => {
  const sb = await sandbox();
  try {
    for (const agent of ['claude-code', 'opencode', 'codex', 'continue', 'goose', 'langchain'] as const) {
      const plan = await sb.service.plan({ agent });
      for (const note of plan.notes) assert.doesNotMatch(note, /could not be run here|tested against|this project/i, `${agent}: ${note}`);
    }
  } finally {
    await sb.cleanup();
  }
});
