/**
 * Broken or lax agent configs: doctor and the agent list say what the agent cannot read (never "not set up"),
 * setup refuses a JSON file a strict-JSON agent would ignore, undo names its way back, and backups stay bounded.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AppError } from '../../../app/core/errors.js';
import { KEPT_PER_FILE } from '../../../app/core/agents/engine/backups.js';
import { sandbox } from './helpers.js';

const claudeFile = (home: string): string => join(home, '.claude', 'settings.json');
const codexFile = (home: string): string => join(home, '.codex', 'config.toml');

async function seed(path: string, text: string): Promise<void> {
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, text);
}

test('doctor and the agent list report a set-up config that no longer parses, naming file, line and column', async () => {
  const sb = await sandbox();
  try {
    await sb.service.apply({ agent: 'claude-code' });
    await sb.service.apply({ agent: 'codex' });
    const claude = await readFile(claudeFile(sb.home), 'utf8');
    await writeFile(claudeFile(sb.home), claude.replace('"env": {', '"env": {,'));
    await writeFile(codexFile(sb.home), `${await readFile(codexFile(sb.home), 'utf8')}broken = = 1\n`);

    for (const [agent, file, line] of [['claude-code', claudeFile(sb.home), 2], ['codex', codexFile(sb.home), null]] as const) {
      const checks = await sb.service.inspect(agent);
      const failed = checks.filter((c) => !c.ok);
      assert.equal(failed.length, 1, JSON.stringify(checks));
      assert.equal(failed[0]!.name, 'config parses');
      assert.match(failed[0]!.message, new RegExp(`^${file.replace(/[.]/g, '\\.')} does not parse at line ${line ?? '\\d+'}, column \\d+: .+; fix that line`));
      assert.doesNotMatch(failed[0]!.message + failed[0]!.fix, /not set up|ai-gateway setup/);
      const info = (await sb.service.list()).find((a) => a.id === agent)!;
      assert.equal(info.configProblem, failed[0]!.message, 'the UI card shows the same');
    }
    const codexText = await sb.service.inspect('codex');
    assert.match(codexText[0]!.message, /config\.toml does not parse at line \d+, column 10/);
  } finally {
    await sb.cleanup();
  }
});

test('Claude Code reads settings.json as strict JSON: setup refuses comments and trailing commas, naming line and column, and leaves the file alone', async () => {
  const cases = [
    { text: '// my own settings\n{\n  "theme": "dark"\n}\n', what: 'a comment', where: 'line 1, column 1' },
    { text: '{\n  "theme": "dark", /* mine */\n  "x": 1\n}\n', what: 'a comment', where: 'line 2, column 20' },
    { text: '{\n  "permissions": { "allow": ["a",] },\n  "theme": "dark"\n}\n', what: 'a trailing comma', where: 'line 2, column 33' },
    { text: '{\n  "theme": "dark",\n}\n', what: 'a trailing comma', where: 'line 2, column 18' },
  ];
  for (const c of cases) {
    const sb = await sandbox();
    try {
      await seed(claudeFile(sb.home), c.text);
      await assert.rejects(sb.service.apply({ agent: 'claude-code' }), (error: unknown) => {
        assert.ok(error instanceof AppError);
        assert.equal(error.code, 'config_unparseable');
        assert.ok(error.message.includes(`has ${c.what} at ${c.where}, which Claude Code cannot read`), error.message);
        return true;
      });
      assert.equal(await readFile(claudeFile(sb.home), 'utf8'), c.text, 'not changed');
      // Doctor checks the file the way Claude Code parses it, too.
      const checks = await sb.service.inspect('claude-code');
      assert.equal(checks[0]!.ok, false);
      assert.match(checks[0]!.message, new RegExp(`has ${c.what} at ${c.where}: Claude Code reads it as strict JSON and ignores the whole file`));
    } finally {
      await sb.cleanup();
    }
  }
});

test('a comment added after setup fails doctor for Claude Code, while OpenCode (JSONC) keeps its comments and passes', async () => {
  const sb = await sandbox();
  try {
    await sb.service.apply({ agent: 'claude-code' });
    assert.ok((await sb.service.inspect('claude-code')).every((c) => c.ok));
    await writeFile(claudeFile(sb.home), `// note\n${await readFile(claudeFile(sb.home), 'utf8')}`);
    const [first] = await sb.service.inspect('claude-code');
    assert.equal(first!.ok, false);
    assert.match(first!.message, /has a comment at line 1, column 1/);

    const opencode = join(sb.home, '.config', 'opencode', 'opencode.json');
    await seed(opencode, '{\n  // mine\n  "theme": "nord",\n}\n');
    await sb.service.apply({ agent: 'opencode' });
    assert.match(await readFile(opencode, 'utf8'), /\/\/ mine/);
    assert.ok((await sb.service.inspect('opencode')).every((c) => c.ok), JSON.stringify(await sb.service.inspect('opencode')));
  } finally {
    await sb.cleanup();
  }
});

test('undo of a file that no longer parses is refused, naming the backup of the file before setup and the command that restores it', async () => {
  const sb = await sandbox();
  try {
    const before = '{\n  "theme": "dark"\n}\n';
    await seed(claudeFile(sb.home), before);
    await sb.service.apply({ agent: 'claude-code' });
    await sb.service.apply({ agent: 'claude-code', models: ['claude-sonnet-4-5'] });
    const broken = (await readFile(claudeFile(sb.home), 'utf8')).replace('"theme": "dark"', '"theme": "dark",,');
    await writeFile(claudeFile(sb.home), broken);
    let command = '';
    await assert.rejects(sb.service.undo('claude-code'), (error: unknown) => {
      assert.ok(error instanceof AppError);
      assert.equal(error.code, 'config_unparseable');
      assert.match(error.message, /is not valid JSON at line \d+, column \d+ .*undo never rewrites a file that does not parse/);
      command = /: (cp \S+ \S+)$/.exec(error.message)?.[1] ?? '';
      return true;
    });
    assert.equal(await readFile(claudeFile(sb.home), 'utf8'), broken, 'refused: the file is not rewritten');
    assert.match(command, /^cp \S+ \S+settings\.json$/);
    await promisify(execFile)('sh', ['-c', command]);
    assert.equal(await readFile(claudeFile(sb.home), 'utf8'), before, 'the named command puts back the file as it was before setup');

    // A file setup created: nothing existed, so the way back is to remove it.
    await sb.service.apply({ agent: 'codex' });
    await writeFile(codexFile(sb.home), 'broken = = 1\n');
    await assert.rejects(sb.service.undo('codex'), /Setup created this file \(nothing was there before\), so to drop it and your edits since, remove it: rm \S+config\.toml$/);
  } finally {
    await sb.cleanup();
  }
});

test('undo of a file setup created reports it removed (not written) and keeps no ".original" of our own content', async () => {
  const sb = await sandbox();
  try {
    await sb.service.apply({ agent: 'codex' });
    const done = await sb.service.undo('codex');
    assert.deepEqual(done.removed, [codexFile(sb.home)]);
    assert.deepEqual(done.written, []);
    const names = await readdir(join(sb.stateDir, 'backups')).catch(() => [] as string[]);
    assert.deepEqual(names.filter((n) => n.endsWith('.original')), [], `no .original for a created file: ${names.join(', ')}`);
  } finally {
    await sb.cleanup();
  }
});

test(`backups: at most ${KEPT_PER_FILE} dated copies per file over many rounds, and undo still restores the original bytes`, async () => {
  const sb = await sandbox();
  try {
    const before = '{\n  "theme": "dark"\n}\n';
    await seed(claudeFile(sb.home), before);
    for (let round = 0; round < 3; round++) {
      for (const model of ['claude-a', 'claude-b', 'claude-c', 'claude-d']) await sb.service.apply({ agent: 'claude-code', models: [model] });
      const names = await readdir(join(sb.stateDir, 'backups'));
      assert.ok(names.filter((n) => n.endsWith('.bak')).length <= KEPT_PER_FILE, names.join(', '));
      assert.equal(names.filter((n) => n.endsWith('.original')).length, 1);
      await sb.service.undo('claude-code');
      assert.equal(await readFile(claudeFile(sb.home), 'utf8'), before, `round ${round}`);
    }
    const names = await readdir(join(sb.stateDir, 'backups'));
    assert.ok(names.length <= KEPT_PER_FILE + 1, names.join(', '));
  } finally {
    await sb.cleanup();
  }
});
