// The Activity list's filters (renderer/src/features/activity/activity-filter.ts): by agent, provider, status
// class and age, with the demo's sample requests hidden unless asked for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ActivityEntry } from '../../../app/contract/index.js';
import { DEFAULT_FILTER, DEMO_SAMPLE_AGENT, agentsIn, filterActivity, hideSamples, providersIn, statusMatches } from '../../../renderer/src/features/activity/activity-filter.js';
import type { ActivityFilter } from '../../../renderer/src/features/activity/activity-filter.js';

const NOW = Date.UTC(2026, 5, 1, 12, 0, 0);
const MIN = 60_000;
let nextId = 1;

function entry(patch: Partial<ActivityEntry>): ActivityEntry {
  return { id: nextId++, at: NOW, agent: 'codex', provider: 'openai', method: 'POST', path: '/v1/responses', model: 'gpt-4.1', status: 200, latencyMs: 100, inputTokens: 1, outputTokens: 2, error: null, ...patch };
}

const codexOk = entry({ at: NOW - 1 * MIN });
const claude429 = entry({ agent: 'claude-code', provider: 'anthropic', status: 429, at: NOW - 10 * MIN, error: 'gateway_error' });
const claude502 = entry({ agent: 'claude-code', provider: 'anthropic', status: 502, at: NOW - 30 * MIN, error: 'gateway_unreachable' });
const refused = entry({ agent: null, provider: null, status: 401, at: NOW - 2 * MIN, error: 'local_key_invalid' });
const googleOld = entry({ agent: 'opencode', provider: 'google', status: 200, at: NOW - 2 * 60 * MIN });
const sample = entry({ agent: DEMO_SAMPLE_AGENT, provider: 'azure-openai', status: 200, at: NOW - 1 * MIN });
const all = [codexOk, claude429, claude502, refused, googleOld, sample];

const ids = (list: ActivityEntry[]) => list.map((e) => e.id);
const only = (patch: Partial<ActivityFilter>) => ids(filterActivity(all, { ...DEFAULT_FILTER, ...patch }, NOW));

test('by default every request but the demo\'s samples is shown, in the given order', () => {
  assert.deepEqual(only({}), ids([codexOk, claude429, claude502, refused, googleOld]));
  assert.deepEqual(only({ showSamples: true }), ids(all));
});

test('one provider: its requests only, and rows without a provider (refused before routing) only under all providers', () => {
  assert.deepEqual(only({ provider: 'anthropic' }), ids([claude429, claude502]));
  assert.deepEqual(only({ provider: 'google' }), ids([googleOld]));
  assert.deepEqual(only({ provider: 'azure-openai' }), [], 'the samples\' provider while they are hidden');
  assert.deepEqual(only({ provider: 'azure-openai', showSamples: true }), ids([sample]));
});

test('status classes: succeeded, failed, 4xx, 5xx', () => {
  assert.deepEqual(only({ status: 'succeeded' }), ids([codexOk, googleOld]));
  assert.deepEqual(only({ status: 'failed' }), ids([claude429, claude502, refused]));
  assert.deepEqual(only({ status: 'client-error' }), ids([claude429, refused]));
  assert.deepEqual(only({ status: 'server-error' }), ids([claude502]));
  assert.equal(statusMatches(0, 'failed'), true, 'a request that never got an answer failed');
  assert.equal(statusMatches(0, 'client-error') || statusMatches(0, 'server-error') || statusMatches(0, 'succeeded'), false);
  assert.equal(statusMatches(304, 'failed'), true);
});

test('age: requests within the last 5 min, 15 min, hour, counted from now; the edge is inside', () => {
  assert.deepEqual(only({ age: '5m' }), ids([codexOk, refused]));
  assert.deepEqual(only({ age: '15m' }), ids([codexOk, claude429, refused]));
  assert.deepEqual(only({ age: '1h' }), ids([codexOk, claude429, claude502, refused]));
  const edge = entry({ at: NOW - 5 * MIN });
  assert.deepEqual(ids(filterActivity([edge], { ...DEFAULT_FILTER, age: '5m' }, NOW)), ids([edge]));
  assert.deepEqual(ids(filterActivity([edge], { ...DEFAULT_FILTER, age: '5m' }, NOW + 1)), []);
});

test('filters combine: one agent, one provider, one status class, one age', () => {
  assert.deepEqual(only({ agent: 'claude-code', status: 'server-error' }), ids([claude502]));
  assert.deepEqual(only({ agent: 'claude-code', provider: 'anthropic', status: 'failed', age: '15m' }), ids([claude429]));
  assert.deepEqual(only({ agent: 'codex', provider: 'anthropic' }), []);
});

test('the lists offer what the requests hold; the samples\' agent and provider only while the samples are shown', () => {
  assert.deepEqual(agentsIn(all, false), ['claude-code', 'codex', 'opencode']);
  assert.deepEqual(agentsIn(all, true), ['claude-code', 'codex', DEMO_SAMPLE_AGENT, 'opencode']);
  assert.deepEqual(providersIn(all, false), ['anthropic', 'google', 'openai']);
  assert.deepEqual(providersIn(all, true), ['anthropic', 'azure-openai', 'google', 'openai']);
});

test('hiding the samples again lets go of an agent or provider only the samples had, and keeps the rest', () => {
  assert.deepEqual(hideSamples(all, { ...DEFAULT_FILTER, showSamples: true, agent: DEMO_SAMPLE_AGENT, provider: 'azure-openai', status: 'succeeded' }), { ...DEFAULT_FILTER, status: 'succeeded' });
  assert.deepEqual(hideSamples(all, { ...DEFAULT_FILTER, showSamples: true, agent: 'codex', provider: 'openai', age: '1h' }), { ...DEFAULT_FILTER, agent: 'codex', provider: 'openai', age: '1h' });
});
