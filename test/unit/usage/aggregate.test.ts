import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { UsageRecord } from '../../../app/contract/usage.js';
import { aggregateUsage, bucketSizeFor, percentile } from '../../../app/core/usage/aggregate.js';

const T0 = Date.UTC(2026, 11, 1, 0, 0, 0);
const MIN = 60_000;
const UNTIL = T0 + 6 * 60 * MIN;

const ok = (fields: Partial<UsageRecord>): UsageRecord => ({
  at: T0,
  agent: null,
  provider: null,
  model: null,
  status: 200,
  firstByteMs: null,
  totalMs: 0,
  inputTokens: null,
  outputTokens: null,
  side: null,
  cause: null,
  demo: false,
  ...fields,
});

const RECORDS: UsageRecord[] = [
  ok({ at: T0 + MIN, agent: 'claude-code', provider: 'anthropic', model: 'claude-sonnet-4-5', firstByteMs: 100, totalMs: 1000, inputTokens: 1000, outputTokens: 500 }),
  ok({ at: T0 + 2 * MIN, agent: 'claude-code', provider: 'anthropic', model: 'claude-sonnet-4-5', firstByteMs: 300, totalMs: 3000, inputTokens: 2000, outputTokens: 1000 }),
  ok({ at: T0 + 20 * MIN, agent: 'codex', provider: 'openai', model: 'gpt-5', firstByteMs: 200, totalMs: 2000, inputTokens: 4000, outputTokens: 2000 }),
  ok({ at: T0 + 21 * MIN, agent: 'codex', provider: 'openai', model: 'gpt-5', status: 502, totalMs: 50, side: 'provider', cause: 'provider_unreachable' }),
  ok({ at: T0 + 22 * MIN, provider: 'openai', status: 401, totalMs: 1, side: 'local', cause: 'local_key_invalid' }),
  // Left out: the demo's (unless asked for), and outside the window on either side.
  ok({ at: T0 + 30 * MIN, agent: 'demo-sample', provider: 'anthropic', model: 'claude-sonnet-4-5', totalMs: 10, inputTokens: 10, outputTokens: 10, demo: true }),
  ok({ at: T0 - 1, agent: 'codex', provider: 'openai', totalMs: 5, inputTokens: 99 }),
  ok({ at: UNTIL + 1, agent: 'codex', provider: 'openai', totalMs: 5, inputTokens: 99 }),
];

test('aggregate: totals, groups by agent with nearest-rank p50/p95, causes by side, no money without a price table', () => {
  const report = aggregateUsage(RECORDS, { since: T0, until: UNTIL }, { now: UNTIL + 10 * MIN, prices: null });
  assert.equal(report.by, 'agent');
  assert.deepEqual(report.totals, { requests: 5, errors: 2, inputTokens: 7000, outputTokens: 3500, costUsd: null });
  assert.deepEqual(report.groups, [
    { key: 'claude-code', requests: 2, errors: 0, inputTokens: 3000, outputTokens: 1500, costUsd: null, firstByteMs: { p50: 100, p95: 300 }, totalMs: { p50: 1000, p95: 3000 } },
    { key: 'codex', requests: 2, errors: 1, inputTokens: 4000, outputTokens: 2000, costUsd: null, firstByteMs: { p50: 200, p95: 200 }, totalMs: { p50: 50, p95: 2000 } },
    { key: '(unknown)', requests: 1, errors: 1, inputTokens: 0, outputTokens: 0, costUsd: null, firstByteMs: { p50: null, p95: null }, totalMs: { p50: 1, p95: 1 } },
  ]);
  assert.deepEqual(
    report.byProvider.map((g) => [g.key, g.requests, g.firstByteMs, g.totalMs]),
    [
      ['openai', 3, { p50: 200, p95: 200 }, { p50: 50, p95: 2000 }],
      ['anthropic', 2, { p50: 100, p95: 300 }, { p50: 1000, p95: 3000 }],
    ],
  );
  assert.deepEqual(report.causes, [
    { side: 'local', cause: 'local_key_invalid', count: 1 },
    { side: 'provider', cause: 'provider_unreachable', count: 1 },
  ]);
  assert.equal(report.priced, false);
  assert.deepEqual(report.unpricedModels, []);
});

test('aggregate: buckets cover the window without gaps, per group key', () => {
  const report = aggregateUsage(RECORDS, { since: T0, until: UNTIL }, { now: UNTIL, prices: null });
  // 6 hours: 15-minute buckets (5-minute ones would be 72, over the 60 a chart can show).
  assert.equal(report.bucketMs, 15 * MIN);
  assert.equal(report.buckets.length, 25);
  report.buckets.forEach((bucket, i) => assert.equal(bucket.start, T0 + i * 15 * MIN));
  assert.deepEqual(report.buckets[0], { start: T0, requests: { 'claude-code': 2 }, tokens: { 'claude-code': 4500 }, errors: 0 });
  assert.deepEqual(report.buckets[1], { start: T0 + 15 * MIN, requests: { codex: 2, '(unknown)': 1 }, tokens: { codex: 6000, '(unknown)': 0 }, errors: 2 });
  for (const bucket of report.buckets.slice(2)) assert.deepEqual([bucket.requests, bucket.tokens, bucket.errors], [{}, {}, 0]);
});

test('aggregate: by model and by provider; the demo only when asked for', () => {
  const byModel = aggregateUsage(RECORDS, { since: T0, until: UNTIL, by: 'model', includeDemo: true }, { now: UNTIL, prices: null });
  assert.deepEqual(
    byModel.groups.map((g) => [g.key, g.requests, g.inputTokens + g.outputTokens]),
    [
      ['claude-sonnet-4-5', 3, 4520],
      ['gpt-5', 2, 6000],
      ['(unknown)', 1, 0],
    ],
  );
  assert.equal(byModel.totals.requests, 6);
  const byProvider = aggregateUsage(RECORDS, { since: T0, until: UNTIL, by: 'provider' }, { now: UNTIL, prices: null });
  assert.deepEqual(byProvider.groups.map((g) => [g.key, g.requests, g.errors]), [['openai', 3, 2], ['anthropic', 2, 0]]);
  assert.deepEqual(byProvider.buckets[1]!.requests, { openai: 3 });
});

test('aggregate: a price table turns tokens into dollars per million, a family entry (`gpt-*`) included', () => {
  const prices = { 'claude-sonnet-4-5': { input: 3, output: 15 }, 'gpt-*': { input: 1.25, output: 10 } };
  const report = aggregateUsage(RECORDS, { since: T0, until: UNTIL }, { now: UNTIL, prices });
  // claude-code: 3000 in * $3 + 1500 out * $15 per million = 0.009 + 0.0225; codex: 4000 * 1.25 + 2000 * 10 = 0.005 + 0.02.
  assert.deepEqual(report.groups.map((g) => [g.key, g.costUsd]), [['claude-code', 0.0315], ['codex', 0.025], ['(unknown)', 0]]);
  assert.equal(report.totals.costUsd, 0.0565);
  assert.equal(report.priced, true);
  assert.deepEqual(report.unpricedModels, []);
});

test('aggregate: a model with tokens and no price makes its groups\' cost unknown, never a partial sum', () => {
  const report = aggregateUsage(RECORDS, { since: T0, until: UNTIL }, { now: UNTIL, prices: { 'claude-sonnet-4-5': { input: 3, output: 15 } } });
  assert.deepEqual(report.groups.map((g) => [g.key, g.costUsd]), [['claude-code', 0.0315], ['codex', null], ['(unknown)', 0]]);
  assert.equal(report.totals.costUsd, null);
  assert.deepEqual(report.unpricedModels, ['gpt-5']);
});

test('aggregate: an empty history still has every bucket, zero totals and null percentiles', () => {
  const report = aggregateUsage([], { since: T0, until: T0 + 24 * 60 * MIN }, { now: 0, prices: null });
  assert.equal(report.bucketMs, 60 * MIN);
  assert.equal(report.buckets.length, 25);
  assert.deepEqual(report.totals, { requests: 0, errors: 0, inputTokens: 0, outputTokens: 0, costUsd: null });
  assert.deepEqual([report.groups, report.byProvider, report.causes], [[], [], []]);
});

test('percentile and bucket size: nearest rank, and at most 60 buckets for any window', () => {
  const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20];
  assert.equal(percentile(values, 0.5), 10);
  assert.equal(percentile(values, 0.95), 19);
  assert.equal(percentile([7], 0.95), 7);
  assert.equal(percentile([], 0.5), null);
  assert.equal(bucketSizeFor(7 * 24 * 60 * MIN), 3 * 60 * MIN);
  assert.equal(bucketSizeFor(30 * 24 * 60 * MIN), 12 * 60 * MIN);
  assert.equal(bucketSizeFor(31 * 24 * 60 * MIN), 24 * 60 * MIN);
  for (const span of [0, MIN, 59 * MIN, 61 * MIN, 2e9, 4e10, 1e12]) assert.ok(span / bucketSizeFor(span) <= 60, String(span));
});

test('aggregate: a record of folded refusals counts as the requests it stands for (totals, groups, buckets, causes), once in the times', () => {
  const real = ok({ at: T0 + MIN, agent: 'claude-code', provider: 'openai', model: 'gpt-5', firstByteMs: 200, totalMs: 2000, inputTokens: 10, outputTokens: 5 });
  const refusal = (at: number, count?: number) => ok({ at, provider: 'openai', status: 401, totalMs: 1, side: 'local', cause: 'local_key_invalid', ...(count === undefined ? {} : { count }) });
  // The first refusal of a window as it came, then the 499 after it folded into one record.
  const records = [real, refusal(T0 + 2 * MIN), refusal(T0 + 3 * MIN, 499)];
  const report = aggregateUsage(records, { since: T0, until: UNTIL, by: 'provider' }, { now: UNTIL, prices: null });
  assert.deepEqual([report.totals.requests, report.totals.errors], [501, 500]);
  const openai = report.groups.find((g) => g.key === 'openai')!;
  assert.deepEqual([openai.requests, openai.errors], [501, 500]);
  // Three samples (2000, 1, 1): the flood does not stand for 500 samples of 1 ms.
  assert.deepEqual(openai.totalMs, { p50: 1, p95: 2000 });
  assert.deepEqual(report.causes, [{ side: 'local', cause: 'local_key_invalid', count: 500 }]);
  const requests = report.buckets.reduce((sum, b) => sum + (b.requests.openai ?? 0), 0);
  const errors = report.buckets.reduce((sum, b) => sum + b.errors, 0);
  assert.deepEqual([requests, errors], [501, 500]);
  assert.deepEqual([report.buckets[0]!.requests.openai, report.buckets[0]!.errors], [501, 500], 'all in the first quarter hour');
});

test('aggregate: no window makes more than 62 buckets, even one past Date\'s range that a caller did not check', () => {
  // 1e300 + 60000 === 1e300: a loop stepping `start` to `until` never ended there.
  for (const [since, until] of [[1e300, 1e300], [0, 8.64e15], [8.64e15, 8.64e15], [0, 1e300], [T0, T0]] as const) {
    const report = aggregateUsage([ok({ at: since }), ...RECORDS], { since, until }, { now: T0, prices: null });
    assert.ok(report.buckets.length >= 1 && report.buckets.length <= 62, `${since}..${until}: ${report.buckets.length} buckets`);
    assert.equal(report.buckets.reduce((sum, b) => sum + Object.values(b.requests).reduce((a, n) => a + n, 0), 0) <= report.totals.requests, true);
  }
});
