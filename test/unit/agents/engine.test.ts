import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, lstat, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { nodeFsOps, type FsOps } from '../../../app/core/agents/engine/fs-ops.js';
import { AppError } from '../../../app/core/errors.js';
import { fixture, sandbox } from './helpers.js';

const codexToml = (home: string): string => join(home, '.codex', 'config.toml');

async function seedCodex(home: string, text: string): Promise<string> {
  await mkdir(join(home, '.codex'), { recursive: true });
  await writeFile(codexToml(home), text, { mode: 0o644 });
  return codexToml(home);
}

test('an unparseable file is refused with its line and column, and left untouched', async (t) => {
  const cases = [
    { agent: 'codex' as const, dir: '.codex', file: 'config.toml', text: 'model = "o3"\nbroken = = 1\n', line: 2 },
    { agent: 'claude-code' as const, dir: '.claude', file: 'settings.json', text: '{\n  "env": {\n    "A": "1",,\n  }\n}\n', line: 3 },
    { agent: 'continue' as const, dir: '.continue', file: 'config.yaml', text: 'name: x\nmodels:\n  - name: a\n   bad: [\n', line: 4 },
  ];
  for (const c of cases) {
    await t.test(c.agent, async () => {
      const sb = await sandbox();
      try {
        await mkdir(join(sb.home, c.dir), { recursive: true });
        const path = join(sb.home, c.dir, c.file);
        await writeFile(path, c.text);
        await assert.rejects(sb.service.apply({ agent: c.agent }), (error: unknown) => {
          assert.ok(error instanceof AppError);
          assert.equal(error.code, 'config_unparseable');
          assert.match(error.message, new RegExp(`line ${c.line}\\b`));
          assert.ok(!error.message.includes('aigw_local_'), 'no key in the message');
          return true;
        });
        assert.equal(await readFile(path, 'utf8'), c.text);
      } finally {
        await sb.cleanup();
      }
    });
  }
});

test('a symlinked config stays a symlink; the real file is rewritten, 0600 because it holds a key', async () => {
  const sb = await sandbox();
  try {
    const real = join(sb.home, 'dotfiles', 'codex.toml');
    await mkdir(join(sb.home, 'dotfiles'));
    await writeFile(real, await fixture('codex-config.toml'), { mode: 0o644 });
    await mkdir(join(sb.home, '.codex'));
    await symlink('../dotfiles/codex.toml', codexToml(sb.home));
    await sb.service.apply({ agent: 'codex' });
    assert.ok((await lstat(codexToml(sb.home))).isSymbolicLink());
    assert.match(await readFile(real, 'utf8'), /\[model_providers\.aigateway\]/);
    assert.equal((await stat(real)).mode & 0o777, 0o600);
    await sb.service.undo('codex');
    assert.ok((await lstat(codexToml(sb.home))).isSymbolicLink());
    assert.equal(await readFile(real, 'utf8'), await fixture('codex-config.toml'));
    assert.equal((await stat(real)).mode & 0o777, 0o644, 'undo restores the original mode too');
  } finally {
    await sb.cleanup();
  }
});

test('a file changed between plan and apply aborts with config_changed and is not overwritten', async () => {
  const sb = await sandbox();
  try {
    const path = await seedCodex(sb.home, await fixture('codex-config.toml'));
    await sb.service.plan({ agent: 'codex' });
    const edited = `${await fixture('codex-config.toml')}# edited meanwhile\n`;
    await writeFile(path, edited);
    await assert.rejects(sb.service.apply({ agent: 'codex' }), (error: unknown) => error instanceof AppError && error.code === 'config_changed');
    assert.equal(await readFile(path, 'utf8'), edited);
    // A new plan sees the edit, and applying it works.
    await sb.service.plan({ agent: 'codex' });
    await sb.service.apply({ agent: 'codex' });
    assert.match(await readFile(path, 'utf8'), /# edited meanwhile/);
  } finally {
    await sb.cleanup();
  }
});

test('a crash between the temp write and the rename leaves the original intact and no temp file behind', async () => {
  const failingRename: FsOps = { ...nodeFsOps, rename: async () => Promise.reject(Object.assign(new Error('simulated crash'), { code: 'EIO' })) };
  const sb = await sandbox({}, { fs: failingRename });
  try {
    const original = await fixture('codex-config.toml');
    const path = await seedCodex(sb.home, original);
    await assert.rejects(sb.service.apply({ agent: 'codex' }), (error: unknown) => error instanceof AppError && error.code === 'config_write_failed' && !error.message.includes('aigw_local_'));
    assert.equal(await readFile(path, 'utf8'), original);
    assert.deepEqual((await readdir(join(sb.home, '.codex'))).filter((n) => n.endsWith('.tmp')), []);
  } finally {
    await sb.cleanup();
  }
});

test('backups: the first-touch original is kept, plus one per apply, all 0600', async () => {
  const sb = await sandbox();
  try {
    const original = await fixture('codex-config.toml');
    await seedCodex(sb.home, original);
    const first = await sb.service.apply({ agent: 'codex' });
    const second = await sb.service.apply({ agent: 'codex', models: ['gpt-4.1'] });
    const originals = first.backups.filter((b) => b.endsWith('.original'));
    assert.equal(originals.length, 1);
    assert.equal(await readFile(originals[0]!, 'utf8'), original);
    assert.ok(second.backups.some((b) => b.endsWith('.bak')));
    for (const b of [...first.backups, ...second.backups]) assert.equal((await stat(b)).mode & 0o777, 0o600);
    // Undo still goes back to the bytes from before the first apply.
    await sb.service.undo('codex');
    assert.equal(await readFile(codexToml(sb.home), 'utf8'), original);
  } finally {
    await sb.cleanup();
  }
});

test('unknown agents are refused with agent_unknown', async () => {
  const sb = await sandbox();
  try {
    await assert.rejects(sb.service.plan({ agent: 'vim' as never }), (error: unknown) => error instanceof AppError && error.code === 'agent_unknown');
    await assert.rejects(sb.service.plan({ agent: 'opencode', mode: 'direct' }), (error: unknown) => error instanceof AppError && error.code === 'bad_request');
  } finally {
    await sb.cleanup();
  }
});
