import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mkdtemp } from 'node:fs/promises';
import type { UsageRecord } from '../../../app/contract/usage.js';
import { readRecords } from '../../../app/core/usage/history-files.js';
import { UsageRecorder } from '../../../app/core/usage/usage-recorder.js';

const limits = () => ({ retentionMs: 7 * 86_400_000, maxBytes: 50 << 20 });
const record = (at: number): UsageRecord => ({ at, agent: 'codex', provider: 'openai', model: 'gpt-5', status: 200, firstByteMs: 1, totalMs: 2, inputTokens: 3, outputTokens: 4, side: null, cause: null, demo: false });

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'agw-recorder-'));
  try {
    await fn(join(root, 'usage'));
  } finally {
    await chmod(root, 0o700).catch(() => undefined);
    await rm(root, { recursive: true, force: true });
  }
}

test('recorder: record() writes nothing by itself; flush() and close() put the queue on disk in order', async () => {
  await withDir(async (dir) => {
    const recorder = new UsageRecorder({ dir, limits, flushMs: 60_000 });
    const now = Date.now();
    for (let i = 0; i < 3; i++) recorder.record(record(now + i));
    assert.deepEqual(await readRecords(dir, 0, Infinity), [], 'queued, not written on the request path');
    await recorder.flush();
    recorder.record(record(now + 3));
    await recorder.close();
    assert.deepEqual((await readRecords(dir, 0, Infinity)).map((r) => r.at - now), [0, 1, 2, 3]);
  });
});

test('recorder: a full batch is written without waiting for the timer', async () => {
  await withDir(async (dir) => {
    const recorder = new UsageRecorder({ dir, limits, flushMs: 60_000, batchSize: 10 });
    const now = Date.now();
    for (let i = 0; i < 10; i++) recorder.record(record(now + i));
    // The batch went to disk on the tenth record; flush() only waits for that write.
    await recorder.flush();
    assert.equal((await readRecords(dir, 0, Infinity)).length, 10);
    await recorder.close();
  });
});

test('recorder: while the disk refuses writes the queue is kept (bounded, oldest dropped) and reported once; it is written when the disk is back', async () => {
  await withDir(async (dir) => {
    // A file where the history folder should be: every append fails.
    await mkdir(join(dir, '..'), { recursive: true });
    await writeFile(dir, 'not a folder');
    const errors: string[] = [];
    const recorder = new UsageRecorder({ dir, limits, flushMs: 60_000, maxQueued: 5, onError: (what) => errors.push(what) });
    const now = Date.now();
    for (let i = 0; i < 4; i++) recorder.record(record(now + i));
    await recorder.flush();
    for (let i = 4; i < 8; i++) recorder.record(record(now + i));
    await recorder.flush();
    assert.deepEqual(errors, ['append'], 'one report for the outage, not one per batch');
    assert.equal(recorder.dropped, 3);
    await rm(dir);
    await recorder.close();
    assert.deepEqual((await readRecords(dir, 0, Infinity)).map((r) => r.at - now), [3, 4, 5, 6, 7]);
  });
});
