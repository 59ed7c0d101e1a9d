/**
 * The usage history's day files under attack or damage: a file the user cannot read is never emptied by a
 * prune nor hides the rest of the history, and a symlink planted in the folder is never appended to,
 * read through or rewritten.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmod, chown, lstat, mkdir, readFile, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { UsageRecord } from '../../app/contract/usage.js';
import { DAY_MS, dayFilePath, dayOf } from '../../app/core/usage/day-files.js';
import { appendRecords, readRecords } from '../../app/core/usage/history-files.js';
import { pruneHistory } from '../../app/core/usage/prune-history.js';
import { tempDir } from '../helpers/stack.js';
import { canSwitchUser } from './helpers/squatter.js';

const NOW = Date.UTC(2026, 11, 2, 12, 0, 0);
const NOBODY = 65534;
const LIMITS = { retentionMs: 7 * DAY_MS, maxBytes: 1 << 20 };

const record = (at: number, agent: string): UsageRecord => ({ at, agent, provider: 'anthropic', model: 'claude-sonnet-4-5', status: 200, firstByteMs: 100, totalMs: 900, inputTokens: 10, outputTokens: 5, side: null, cause: null, demo: false });

async function withDir(fn: (dir: string, home: string) => Promise<void>): Promise<void> {
  const home = await tempDir('agw-history-');
  try {
    await fn(join(home, 'usage'), home);
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

/** Runs `code` (an ES module body with `dir` and the history modules in scope) as another user, or as this one on an unreadable file. */
function runAsOther(code: string, dir: string): { status: number | null; stdout: string; stderr: string } {
  const modules = new URL('../../app/core/usage/', import.meta.url).href;
  const script = `const { pruneHistory } = await import('${modules}prune-history.js'); const { readRecords } = await import('${modules}history-files.js'); const dir = ${JSON.stringify(dir)}; ${code}`;
  const user = canSwitchUser() ? { uid: NOBODY, gid: NOBODY } : {};
  return spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', cwd: '/', ...user, env: { PATH: process.env.PATH ?? '' } });
}

/** A history whose boundary day (due for a rewrite by age) cannot be read by the user pruning it. */
async function unreadableBoundaryDay(dir: string, home: string): Promise<string> {
  await appendRecords(dir, [record(NOW - 7 * DAY_MS - 3_600_000, 'old'), record(NOW - 7 * DAY_MS + 3_600_000, 'kept'), record(NOW, 'today')]);
  const boundary = dayFilePath(dir, dayOf(NOW - 7 * DAY_MS));
  if (canSwitchUser()) {
    // The folder is the other user's; the day file stays root's and 0600: EACCES for them, as after a `sudo ai-gateway serve`.
    await chown(home, NOBODY, NOBODY);
    await chown(dir, NOBODY, NOBODY);
    await chown(dayFilePath(dir, dayOf(NOW)), NOBODY, NOBODY);
  } else await chmod(boundary, 0o000);
  return boundary;
}

test('a prune never rewrites a day file it could not read (it was emptied): the file is skipped and named with the fix', () =>
  withDir(async (dir, home) => {
    const boundary = await unreadableBoundaryDay(dir, home);
    const before = await readFile(boundary, 'utf8');
    const run = runAsOther(`const r = await pruneHistory(dir, ${JSON.stringify(LIMITS)}, ${NOW}); console.log(JSON.stringify({ rewritten: r.rewrittenFiles, skipped: r.skipped.map((s) => s.message) }));`, dir);
    assert.equal(run.status, 0, run.stderr);
    const result = JSON.parse(run.stdout) as { rewritten: number; skipped: string[] };
    assert.equal(await readFile(boundary, 'utf8'), before, 'the file is as it was');
    assert.equal(result.rewritten, 0);
    assert.equal(result.skipped.length, 1);
    assert.match(result.skipped[0]!, new RegExp(`Skipped the usage history file ${boundary.replaceAll('.', '\\.')}: permission denied\\. Make it yours again \\(chown .* && chmod 600 .*\\), or remove it\\.`));
  }));

test('reading the history skips a day file it cannot read and says which, instead of failing with a raw EACCES', () =>
  withDir(async (dir, home) => {
    const boundary = await unreadableBoundaryDay(dir, home);
    const run = runAsOther(`const skipped = []; const records = await readRecords(dir, 0, Infinity, (s) => skipped.push(s.message)); console.log(JSON.stringify({ agents: records.map((r) => r.agent), skipped }));`, dir);
    assert.equal(run.status, 0, run.stderr);
    const result = JSON.parse(run.stdout) as { agents: string[]; skipped: string[] };
    assert.deepEqual(result.agents, ['today']);
    assert.deepEqual(result.skipped.length, 1);
    assert.match(result.skipped[0]!, new RegExp(`${boundary.replaceAll('.', '\\.')}: permission denied`));
  }));

test('a day file that is a symlink is never appended to, read through, rewritten or deleted: the target stays as it was', () =>
  withDir(async (dir, home) => {
    await mkdir(dir, { recursive: true });
    const victim = join(home, 'victim.txt');
    await writeFile(victim, 'precious\n');
    const planted = [dayOf(NOW), dayOf(NOW - 7 * DAY_MS), dayOf(NOW - 10 * DAY_MS)].map((day) => dayFilePath(dir, day));
    for (const path of planted) await symlink(victim, path);

    await assert.rejects(appendRecords(dir, [record(NOW, 'appended')]), { message: new RegExp(`${planted[0]!.replaceAll('.', '\\.')}: it is a symbolic link or not a regular file.*Remove it`) });
    await appendRecords(dir, [record(NOW - DAY_MS, 'yesterday')]);
    const skipped: string[] = [];
    assert.deepEqual((await readRecords(dir, 0, Infinity, (s) => skipped.push(s.path))).map((r) => r.agent), ['yesterday']);
    assert.deepEqual(skipped.sort(), [...planted].sort());

    const result = await pruneHistory(dir, LIMITS, NOW);
    assert.deepEqual(result.skipped.map((s) => s.path).sort(), [...planted].sort());
    assert.equal(result.rewrittenFiles, 0);
    assert.equal(await readFile(victim, 'utf8'), 'precious\n');
    for (const path of planted) {
      assert.ok((await lstat(path)).isSymbolicLink(), path);
      assert.equal(await readlink(path), victim);
    }
  }));
