/**
 * The usage history on disk: processes appending at once, a write torn by a crash, pruning by age and
 * size under the cross-process lock, and the size of a heavy week.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFile, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { UsageRecord } from '../../app/contract/usage.js';
import { DAY_MS, dayFilePath, dayOf, listDayFiles } from '../../app/core/usage/day-files.js';
import { appendRecords, readRecords } from '../../app/core/usage/history-files.js';
import { pruneHistory } from '../../app/core/usage/prune-history.js';
import { UsageRecorder } from '../../app/core/usage/usage-recorder.js';
import { tempDir } from '../helpers/stack.js';

const NOW = Date.UTC(2026, 11, 2, 12, 0, 0);

function record(at: number, agent = 'claude-code', n = 0): UsageRecord {
  return { at, agent, provider: 'anthropic', model: 'claude-sonnet-4-5-20250929', status: 200, firstByteMs: 400 + (n % 700), totalMs: 2_000 + (n % 9_000), inputTokens: 12_000 + n, outputTokens: 800 + (n % 3_000), side: null, cause: null, demo: false };
}

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await tempDir('agw-usage-');
  try {
    await fn(join(dir, 'usage'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A child process that records `count` requests through its own UsageRecorder, in small batches. */
function appender(dir: string, agent: string, count: number): Promise<void> {
  const recorder = new URL('../../app/core/usage/usage-recorder.js', import.meta.url).href;
  const script = `
    const { UsageRecorder } = await import(${JSON.stringify(recorder)});
    const recorder = new UsageRecorder({ dir: ${JSON.stringify(dir)}, limits: () => ({ retentionMs: 7 * 86400000, maxBytes: 50 * 1048576 }), batchSize: 25 });
    for (let i = 0; i < ${count}; i++) {
      recorder.record({ at: ${NOW} + i, agent: ${JSON.stringify(agent)}, provider: 'openai', model: 'gpt-5', status: 200, firstByteMs: i, totalMs: i + 1, inputTokens: i, outputTokens: 1, side: null, cause: null, demo: false });
      if (i % 100 === 0) await new Promise((r) => setImmediate(r));
    }
    await recorder.close();`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`appender ${agent} exited ${code}: ${stderr}`))));
  });
}

test('two processes appending at once: every record of both arrives whole', async () => {
  await withDir(async (dir) => {
    await Promise.all([appender(dir, 'serve', 3_000), appender(dir, 'desktop', 3_000)]);
    const records = await readRecords(dir, 0, Infinity);
    for (const agent of ['serve', 'desktop']) {
      const mine = records.filter((r) => r.agent === agent).map((r) => r.inputTokens);
      assert.equal(mine.length, 3_000, agent);
      assert.deepEqual(mine, Array.from({ length: 3_000 }, (_, i) => i), `${agent}'s records in order, none lost or torn`);
    }
    const text = await readFile(dayFilePath(dir, dayOf(NOW)), 'utf8');
    assert.equal(text.split('\n').filter((l) => l !== '').length, 6_000, 'no line holds parts of two records');
  });
});

test('a write torn by a crash loses only its own partial line; the next batch and the readers carry on', async () => {
  await withDir(async (dir) => {
    await appendRecords(dir, [record(NOW, 'before')]);
    // What a process killed in the middle of its write leaves: the first half of a line, no newline.
    const torn = JSON.stringify([NOW + 1, 'torn', 'openai', 'gpt-5', 200, 1, 2, 3, 4, null, null, 0]);
    await appendFile(dayFilePath(dir, dayOf(NOW)), '\n' + torn.slice(0, torn.length / 2));
    assert.deepEqual((await readRecords(dir, 0, Infinity)).map((r) => r.agent), ['before']);
    await appendRecords(dir, [record(NOW + 2, 'after'), record(NOW + 3, 'after')]);
    assert.deepEqual((await readRecords(dir, 0, Infinity)).map((r) => r.agent), ['before', 'after', 'after']);
    // Pruning rewrites the file without the torn line.
    await pruneHistory(dir, { retentionMs: 7 * DAY_MS, maxBytes: 1 << 20 }, NOW);
    assert.deepEqual((await readRecords(dir, 0, Infinity)).map((r) => r.agent), ['before', 'after', 'after']);
  });
});

test('pruning by age: days past the retention are deleted, the boundary day keeps only its newer records', async () => {
  await withDir(async (dir) => {
    const ats = [NOW - 10 * DAY_MS, NOW - 8 * DAY_MS, NOW - 7 * DAY_MS - 3_600_000, NOW - 7 * DAY_MS + 3_600_000, NOW - DAY_MS, NOW];
    await appendRecords(dir, ats.map((at, i) => record(at, `r${i}`)));
    assert.equal((await listDayFiles(dir)).length, 5);
    const result = await pruneHistory(dir, { retentionMs: 7 * DAY_MS, maxBytes: 1 << 20 }, NOW);
    assert.deepEqual((await readRecords(dir, 0, Infinity)).map((r) => r.agent), ['r3', 'r4', 'r5']);
    assert.deepEqual((await listDayFiles(dir)).map((f) => f.day), [dayOf(NOW - 7 * DAY_MS), dayOf(NOW - DAY_MS), dayOf(NOW)]);
    assert.equal(result.removedFiles, 2);
    await assert.rejects(stat(join(dir, 'history.lock')), { code: 'ENOENT' }, 'the lock is released');
  });
});

test('pruning by size: the oldest days go first; a single day over the cap keeps its newest records', async () => {
  await withDir(async (dir) => {
    const perDay = 200;
    for (let d = 3; d >= 0; d--) await appendRecords(dir, Array.from({ length: perDay }, (_, i) => record(NOW - d * DAY_MS + i, `day${d}`, i)));
    const files = await listDayFiles(dir);
    const daySize = (await stat(files[0]!.path)).size;
    const result = await pruneHistory(dir, { retentionMs: 30 * DAY_MS, maxBytes: Math.floor(daySize * 2.5) }, NOW);
    assert.ok(result.bytes <= daySize * 2.5);
    assert.deepEqual([...new Set((await readRecords(dir, 0, Infinity)).map((r) => r.agent))], ['day1', 'day0']);

    const cap = Math.floor(daySize / 2);
    await pruneHistory(dir, { retentionMs: 30 * DAY_MS, maxBytes: cap }, NOW);
    const left = await readRecords(dir, 0, Infinity);
    assert.ok(left.length > 0 && left.length < perDay / 2, `${left.length} records left`);
    assert.deepEqual(left.map((r) => r.at), Array.from({ length: left.length }, (_, i) => NOW + perDay - left.length + i), 'the newest ones, in order');
    assert.ok((await stat(dayFilePath(dir, dayOf(NOW)))).size <= cap);
  });
});

test('a heavy week (20,000 requests) stays under 3 MB on disk', async () => {
  await withDir(async (dir) => {
    const recorder = new UsageRecorder({ dir, limits: () => ({ retentionMs: 7 * DAY_MS, maxBytes: 50 << 20 }) });
    for (let i = 0; i < 20_000; i++) recorder.record({ ...record(NOW - 6 * DAY_MS + i * 25_000, ['claude-code', 'codex', 'opencode'][i % 3]!, i), status: i % 50 === 0 ? 502 : 200, ...(i % 50 === 0 ? { side: 'provider' as const, cause: 'provider_unreachable' } : {}) });
    await recorder.close();
    let bytes = 0;
    for (const file of await listDayFiles(dir)) bytes += (await stat(file.path)).size;
    assert.equal((await readRecords(dir, 0, Infinity)).length, 20_000);
    assert.ok(bytes < 3 * 1024 * 1024, `${bytes} bytes`);
  });
});
