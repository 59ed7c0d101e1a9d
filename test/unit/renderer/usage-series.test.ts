// The usage screen's transforms (renderer/src/features/usage/): the report into stacked series over time, the
// error rate, speed by provider, causes in words, the cost shown only with prices, and the charts' key moves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { UsageBucket, UsageGroup, UsageReport } from '../../../app/contract/index.js';
import { causeLabel, SIDE_LABELS } from '../../../renderer/src/features/usage/cause-labels.js';
import { nextPoint, startPoint } from '../../../renderer/src/features/usage/charts/keyboard.js';
import { causeRows, costText, errorRate, groupLabel, latencyByProvider, MAX_SERIES, OTHER_KEY, overTime, SPAN_MS, usageQuery } from '../../../renderer/src/features/usage/usage-series.js';

const HOUR = 3_600_000;
const SINCE = Date.UTC(2026, 5, 1, 0, 0, 0);

function group(key: string, requests: number, patch: Partial<UsageGroup> = {}): UsageGroup {
  return { key, requests, errors: 0, inputTokens: 0, outputTokens: 0, costUsd: null, firstByteMs: { p50: null, p95: null }, totalMs: { p50: null, p95: null }, ...patch };
}

function bucket(hour: number, requests: Record<string, number>, tokens: Record<string, number>, errors = 0): UsageBucket {
  return { start: SINCE + hour * HOUR, requests, tokens, errors };
}

function report(patch: Partial<UsageReport>): UsageReport {
  return {
    since: SINCE,
    until: SINCE + 4 * HOUR,
    by: 'agent',
    bucketMs: HOUR,
    totals: { requests: 0, errors: 0, inputTokens: 0, outputTokens: 0, costUsd: null },
    groups: [],
    byProvider: [],
    buckets: [],
    causes: [],
    priced: false,
    unpricedModels: [],
    ...patch,
  };
}

const twoAgents = report({
  groups: [group('codex', 5), group('claude-code', 3)],
  buckets: [bucket(0, { codex: 2, 'claude-code': 1 }, { codex: 100, 'claude-code': 900 }, 1), bucket(1, {}, {}), bucket(2, { codex: 3 }, { codex: 50 }), bucket(3, { 'claude-code': 2 }, { 'claude-code': 10 }, 2)],
  totals: { requests: 8, errors: 3, inputTokens: 700, outputTokens: 360, costUsd: null },
});

test('requests over time: one value per group in the report\'s order (most requests first), every bucket kept, empty ones as zero', () => {
  const series = overTime(twoAgents, 'requests');
  assert.deepEqual(series.keys, ['codex', 'claude-code']);
  assert.deepEqual(series.rows.map((r) => [r.start, r.values, r.total]), [
    [SINCE, [2, 1], 3],
    [SINCE + HOUR, [0, 0], 0],
    [SINCE + 2 * HOUR, [3, 0], 3],
    [SINCE + 3 * HOUR, [0, 2], 2],
  ]);
  assert.equal(series.total, 8);
});

test('tokens over time: the same order as requests, so a group keeps its place and colour in both charts', () => {
  const series = overTime(twoAgents, 'tokens');
  assert.deepEqual(series.keys, ['codex', 'claude-code']);
  assert.deepEqual(series.rows.map((r) => r.values), [[100, 900], [0, 0], [50, 0], [0, 10]]);
  assert.equal(series.total, 1060);
});

test('a group without any of the metric gets no series (a refused agent has requests but no tokens)', () => {
  const r = report({ groups: [group('(unknown)', 4), group('codex', 1)], buckets: [bucket(0, { '(unknown)': 4, codex: 1 }, { codex: 20 })] });
  assert.deepEqual(overTime(r, 'tokens').keys, ['codex']);
  assert.deepEqual(overTime(r, 'requests').keys, ['(unknown)', 'codex']);
});

test(`beyond ${MAX_SERIES} groups the smallest are summed as one "Other" series, and nothing is lost`, () => {
  const keys = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8'];
  const counts = Object.fromEntries(keys.map((k, i) => [k, 8 - i]));
  const r = report({ by: 'model', groups: keys.map((k, i) => group(k, 8 - i)), buckets: [bucket(0, counts, counts)] });
  const series = overTime(r, 'requests');
  assert.deepEqual(series.keys, ['m1', 'm2', 'm3', 'm4', 'm5', OTHER_KEY]);
  assert.deepEqual(series.rows[0]?.values, [8, 7, 6, 5, 4, 3 + 2 + 1]);
  assert.equal(series.total, 36);
  assert.equal(groupLabel('model', OTHER_KEY), 'Other');
});

test('error rate per bucket: failed against all requests, none where there were no requests', () => {
  assert.deepEqual(errorRate(twoAgents), [
    { start: SINCE, requests: 3, errors: 1, rate: 1 / 3 },
    { start: SINCE + HOUR, requests: 0, errors: 0, rate: null },
    { start: SINCE + 2 * HOUR, requests: 3, errors: 0, rate: 0 },
    { start: SINCE + 3 * HOUR, requests: 2, errors: 2, rate: 1 },
  ]);
});

test('speed by provider: p50 and p95 of the first token and the total, the provider by its name, nulls kept', () => {
  const r = report({ byProvider: [group('anthropic', 4, { firstByteMs: { p50: 300, p95: 900 }, totalMs: { p50: 1200, p95: 4000 } }), group('(unknown)', 1)] });
  assert.deepEqual(latencyByProvider(r), [
    { key: 'anthropic', label: 'Anthropic', requests: 4, firstByte: { p50: 300, p95: 900 }, total: { p50: 1200, p95: 4000 } },
    { key: '(unknown)', label: 'Unknown', requests: 1, firstByte: { p50: null, p95: null }, total: { p50: null, p95: null } },
  ]);
});

test('causes: who failed and why in words, with their share of all failures', () => {
  const r = report({
    totals: { requests: 10, errors: 4, inputTokens: 0, outputTokens: 0, costUsd: null },
    causes: [
      { side: 'gateway', cause: 'token_rejected', count: 2 },
      { side: 'provider', cause: 'provider_rate_limited', count: 1 },
      { side: 'local', cause: 'some_new_code', count: 1 },
    ],
  });
  assert.deepEqual(causeRows(r), [
    { side: 'gateway', sideLabel: 'Gateway', cause: 'token_rejected', label: 'Token rejected by the gateway', count: 2, share: 0.5 },
    { side: 'provider', sideLabel: 'Provider', cause: 'provider_rate_limited', label: 'Rate limited by the provider', count: 1, share: 0.25 },
    { side: 'local', sideLabel: 'On this machine', cause: 'some_new_code', label: 'Some new code', count: 1, share: 0.25 },
  ]);
});

test('cause words reuse the connectivity screen\'s where it names the same thing', () => {
  assert.equal(causeLabel('provider_unreachable'), 'Provider unreachable from the gateway');
  assert.equal(causeLabel('model_not_found'), 'Model not available');
  assert.equal(causeLabel('local_key_invalid'), 'Old or wrong local key');
  assert.equal(causeLabel(''), 'Unknown cause');
  assert.deepEqual(Object.keys(SIDE_LABELS).sort(), ['gateway', 'local', 'provider', 'token_endpoint']);
});

test('money only with a price table; a model without a price says so instead of a partial sum', () => {
  assert.equal(costText(report({ priced: false, totals: { requests: 1, errors: 0, inputTokens: 1, outputTokens: 1, costUsd: 0.5 } })), null);
  assert.equal(costText(report({ priced: true, totals: { requests: 1, errors: 0, inputTokens: 1, outputTokens: 1, costUsd: 1.234 } })), '$1.23');
  assert.equal(costText(report({ priced: true, totals: { requests: 1, errors: 0, inputTokens: 1, outputTokens: 1, costUsd: null } })), '–');
});

test('group keys read as people know them', () => {
  assert.equal(groupLabel('provider', 'azure-openai'), 'Azure OpenAI');
  assert.equal(groupLabel('agent', 'demo-sample'), 'Demo samples');
  assert.equal(groupLabel('agent', '(unknown)'), 'No agent (refused)');
  assert.equal(groupLabel('agent', 'codex'), 'codex');
  assert.equal(groupLabel('model', 'gpt-4.1'), 'gpt-4.1');
});

test('the query covers the chosen window up to now, grouped, the demo only when asked for', () => {
  const now = SINCE + 10 * 24 * HOUR;
  assert.deepEqual(usageQuery('1d', 'model', false, now), { since: now - 24 * HOUR, until: now, by: 'model', includeDemo: false });
  assert.deepEqual(usageQuery('7d', 'agent', true, now), { since: now - 7 * 24 * HOUR, until: now, by: 'agent', includeDemo: true });
  assert.equal(SPAN_MS['7d'], 7 * SPAN_MS['1d']);
});

test('chart keys: arrows step over empty slices, Home and End go to the first and last with data, others are not taken', () => {
  const filled = (i: number) => [1, 4, 5].includes(i);
  assert.equal(startPoint(8, filled), 5);
  assert.equal(nextPoint('ArrowRight', 1, 8, filled, 'ArrowRight', 'ArrowLeft'), 4);
  assert.equal(nextPoint('ArrowLeft', 4, 8, filled, 'ArrowRight', 'ArrowLeft'), 1);
  assert.equal(nextPoint('ArrowRight', 5, 8, filled, 'ArrowRight', 'ArrowLeft'), 5, 'stays on the last');
  assert.equal(nextPoint('Home', 5, 8, filled, 'ArrowRight', 'ArrowLeft'), 1);
  assert.equal(nextPoint('End', 1, 8, filled, 'ArrowRight', 'ArrowLeft'), 5);
  assert.equal(nextPoint('Enter', 1, 8, filled, 'ArrowRight', 'ArrowLeft'), null);
  assert.equal(nextPoint('ArrowRight', 0, 3, () => false, 'ArrowRight', 'ArrowLeft'), 1, 'with no data every slice is a stop');
  assert.equal(startPoint(3, () => false), 2);
});
