import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { UsageRecord } from '../../../app/contract/usage.js';
import { readRecords } from '../../../app/core/usage/history-files.js';
import { isDoorRefusal, RefusedFold } from '../../../app/core/usage/refused-fold.js';
import { UsageRecorder } from '../../../app/core/usage/usage-recorder.js';

const refusal = (at: number, fields: Partial<UsageRecord> = {}): UsageRecord => ({ at, agent: null, provider: 'openai', model: null, status: 401, firstByteMs: null, totalMs: 1, inputTokens: null, outputTokens: null, side: 'local', cause: 'local_key_invalid', demo: false, ...fields });
const counted = (records: UsageRecord[]) => records.reduce((sum, r) => sum + (r.count ?? 1), 0);

test('refused fold: only refusals for the local key, before an agent, are folded', () => {
  assert.equal(isDoorRefusal(refusal(0)), true);
  assert.equal(isDoorRefusal(refusal(0, { cause: 'local_key_missing' })), true);
  assert.equal(isDoorRefusal(refusal(0, { agent: 'codex', cause: 'token_rejected', side: 'gateway' })), false);
  assert.equal(isDoorRefusal(refusal(0, { status: 200, side: null, cause: null })), false);
});

test('refused fold: the first of a window is written at once, the rest counted into one record; a new window starts over', () => {
  const fold = new RefusedFold(60_000);
  assert.deepEqual(fold.add(refusal(1000), 1000), [refusal(1000)]);
  for (let i = 1; i < 500; i++) assert.deepEqual(fold.add(refusal(1000 + i), 1000 + i), []);
  assert.equal(fold.pending, true);
  const folded = fold.take();
  assert.deepEqual(folded, [{ ...refusal(1499), count: 499 }], 'one record, the last one\'s time, the count of the rest');
  assert.deepEqual(fold.take(), [], 'handed out once');
  // Still the same window after take(): reading the history gives the sender no extra record of its own.
  assert.deepEqual(fold.add(refusal(2000), 2000), []);
  // The window is over: what is left of the old one comes first, then the new window's first.
  assert.deepEqual(fold.add(refusal(61_000), 61_000), [{ ...refusal(2000), count: 1 }, refusal(61_000)]);
  assert.equal(fold.pending, false);
});

test('refused fold: kinds are folded apart (provider, cause), so the history still says which', () => {
  const fold = new RefusedFold(60_000);
  const now: UsageRecord[] = [];
  for (let i = 0; i < 30; i++) {
    now.push(...fold.add(refusal(i, { provider: i % 2 ? 'anthropic' : 'openai', cause: i % 3 ? 'local_key_invalid' : 'local_key_missing' }), i));
  }
  const all = [...now, ...fold.take()];
  assert.equal(now.length, 4, 'one at once per kind');
  assert.ok(all.length <= 8);
  assert.equal(counted(all), 30);
  assert.equal(counted(all.filter((r) => r.provider === 'anthropic' && r.cause === 'local_key_missing')), 5);
});

test('recorder: a flood of refusals becomes two records, written when the window ends even if nobody reads', async () => {
  const root = await mkdtemp(join(tmpdir(), 'agw-fold-'));
  const dir = join(root, 'usage');
  try {
    const recorder = new UsageRecorder({ dir, limits: () => ({ retentionMs: 86_400_000, maxBytes: 50 << 20 }), flushMs: 10, refusedWindowMs: 1_500 });
    const t = Date.now();
    for (let i = 0; i < 500; i++) recorder.record(refusal(t + i));
    /** The counts on disk once `n` records are there (polled, bounded: timers run late on a loaded machine). */
    const written = async (n: number) => {
      for (let i = 0; i < 200; i++) {
        const records = await readRecords(dir, 0, Infinity);
        if (records.length >= n) return records.map((r) => r.count ?? 1);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      throw new Error(`fewer than ${n} records written`);
    };
    // The batch timer writes the first at once; the 499 wait for the window's end.
    assert.deepEqual(await written(1), [1]);
    assert.deepEqual(await written(2), [1, 499]);
    await recorder.close();
    assert.equal((await readRecords(dir, 0, Infinity)).length, 2, 'nothing more on close');
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
