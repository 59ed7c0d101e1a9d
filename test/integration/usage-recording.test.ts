/**
 * The proxy's usage history against the gateway double: one record per finished request, with the
 * tokens the answer itself reported (JSON and SSE, every format relayed or translated), time to first
 * byte, and the failing side and cause; refused requests folded yet counted whole; all of it readable through getUsage.
 */
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { UsageRecord } from '../../app/contract/usage.js';
import { createCoreApi } from '../../app/core/api.js';
import { listDayFiles } from '../../app/core/usage/day-files.js';
import { readRecords } from '../../app/core/usage/history-files.js';
import { send, type Answer } from '../helpers/http.js';
import { startStack, type Stack } from '../helpers/stack.js';

let stack: Stack;
let key: string;
const FIRST_BYTE_MS = 40;

before(async () => {
  stack = await startStack({ gateway: { firstByteMs: FIRST_BYTE_MS } });
  key = await stack.key('test-agent');
});
after(async () => {
  await stack.close();
});
beforeEach(() => {
  stack.gateway.setFault('*', null);
  stack.gateway.setFault('openai', null);
});

const auth = () => ({ authorization: `Bearer ${key}` });

/** The history's records, after this process's queue is on disk. */
async function history(): Promise<UsageRecord[]> {
  await stack.runtime.usage.flush();
  return readRecords(stack.runtime.files.usage, 0, Infinity);
}

/** Sends one request and returns its answer and the one record it added. */
async function recorded(path: string, body: object, headers: Record<string, string> = auth()): Promise<{ answer: Answer; record: UsageRecord }> {
  const before = (await history()).length;
  const finished = new Promise((resolve) => stack.runtime.activity.once('entry', resolve));
  const answer = await send(stack.proxyUrl + path, { headers, body });
  // The agent may have its whole answer a moment before the proxy's request handler has finished.
  await finished;
  const after = await history();
  assert.equal(after.length, before + 1, 'one record per request');
  return { answer, record: after.at(-1)! };
}

/** The JSON payloads of an SSE answer. */
function events(answer: Answer): Record<string, unknown>[] {
  return answer.text
    .split('\n')
    .filter((line) => line.startsWith('data: ') && line !== 'data: [DONE]')
    .map((line) => JSON.parse(line.slice(6)) as Record<string, unknown>);
}

type Counts = { input_tokens?: number; output_tokens?: number; prompt_tokens?: number; completion_tokens?: number };

function assertTimedSuccess(record: UsageRecord, model: string): void {
  assert.equal(record.agent, 'test-agent');
  assert.equal(record.model, model);
  assert.equal(record.status, 200);
  assert.equal(record.side, null);
  assert.equal(record.cause, null);
  assert.equal(record.demo, false);
  // The double holds the first byte back this long: the record cannot have less.
  assert.ok(record.firstByteMs !== null && record.firstByteMs >= FIRST_BYTE_MS - 1, `first byte ${record.firstByteMs}`);
  assert.ok(record.totalMs >= record.firstByteMs!, 'total time includes the first byte');
}

const chat = (extra: object = {}) => ({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'Say hi to the usage history' }], ...extra });
const messages = (extra: object = {}) => ({ model: 'claude-sonnet-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'Say hi to the usage history' }], ...extra });
const responses = (extra: object = {}) => ({ model: 'gpt-5', input: 'Say hi to the usage history', ...extra });

test('Anthropic messages: tokens from the JSON body and from the stream (message_start input, message_delta output)', async () => {
  const plain = await recorded('/anthropic/v1/messages', messages());
  const usage = (plain.answer.json as { usage: Counts }).usage;
  assertTimedSuccess(plain.record, 'claude-sonnet-4-5');
  assert.deepEqual([plain.record.provider, plain.record.inputTokens, plain.record.outputTokens], ['anthropic', usage.input_tokens, usage.output_tokens]);

  const streamed = await recorded('/anthropic/v1/messages', messages({ stream: true }));
  const all = events(streamed.answer);
  const start = all.find((e) => e.type === 'message_start') as { message: { usage: Counts } };
  const delta = all.find((e) => e.type === 'message_delta') as { usage: Counts };
  assertTimedSuccess(streamed.record, 'claude-sonnet-4-5');
  assert.deepEqual([streamed.record.inputTokens, streamed.record.outputTokens], [start.message.usage.input_tokens, delta.usage.output_tokens]);
});

test('OpenAI chat: tokens from the JSON body and from the stream\'s final usage chunk (google and azure-openai too)', async () => {
  for (const provider of ['openai', 'google', 'azure-openai']) {
    const plain = await recorded(`/${provider}/v1/chat/completions`, chat());
    const usage = (plain.answer.json as { usage: Counts }).usage;
    assertTimedSuccess(plain.record, 'gpt-4.1');
    assert.deepEqual([plain.record.provider, plain.record.inputTokens, plain.record.outputTokens], [provider, usage.prompt_tokens, usage.completion_tokens]);
  }
  // Gemini through Portkey's Chat format too: its stream ends without `[DONE]`.
  for (const provider of ['openai', 'google']) {
    const streamed = await recorded(`/${provider}/v1/chat/completions`, chat({ stream: true, stream_options: { include_usage: true } }));
    const last = events(streamed.answer).find((e) => e.usage) as { usage: Counts };
    assert.ok(last, `${provider}: ${streamed.answer.text}`);
    assertTimedSuccess(streamed.record, 'gpt-4.1');
    assert.deepEqual([streamed.record.provider, streamed.record.inputTokens, streamed.record.outputTokens], [provider, last.usage.prompt_tokens, last.usage.completion_tokens]);
  }
  // A stream that did not ask for usage carries none, and the record says so rather than guessing.
  const unasked = await recorded('/openai/v1/chat/completions', chat({ stream: true }));
  assert.deepEqual([unasked.record.inputTokens, unasked.record.outputTokens], [null, null]);
});

test('Responses passed through (openai): tokens from the JSON body and from response.completed', async () => {
  const plain = await recorded('/openai/v1/responses', responses());
  const usage = (plain.answer.json as { usage: Counts }).usage;
  assertTimedSuccess(plain.record, 'gpt-5');
  assert.deepEqual([plain.record.inputTokens, plain.record.outputTokens], [usage.input_tokens, usage.output_tokens]);

  const streamed = await recorded('/openai/v1/responses', responses({ stream: true }));
  const completed = events(streamed.answer).find((e) => e.type === 'response.completed') as { response: { usage: Counts } };
  assertTimedSuccess(streamed.record, 'gpt-5');
  assert.deepEqual([streamed.record.inputTokens, streamed.record.outputTokens], [completed.response.usage.input_tokens, completed.response.usage.output_tokens]);
});

test('Responses translated to Chat (anthropic, as for Codex): tokens from the translated response, whole and from response.completed', async () => {
  const streamed = await recorded('/anthropic/v1/responses', responses({ model: 'claude-sonnet-4-5', stream: true }));
  const completed = events(streamed.answer).find((e) => e.type === 'response.completed') as { response: { usage: Counts } };
  assert.ok(completed, streamed.answer.text);
  assertTimedSuccess(streamed.record, 'claude-sonnet-4-5');
  assert.ok((completed.response.usage.input_tokens ?? 0) > 0);
  assert.deepEqual([streamed.record.inputTokens, streamed.record.outputTokens], [completed.response.usage.input_tokens, completed.response.usage.output_tokens]);

  const plain = await recorded('/anthropic/v1/responses', responses({ model: 'claude-sonnet-4-5' }));
  const usage = (plain.answer.json as { usage: Counts }).usage;
  assertTimedSuccess(plain.record, 'claude-sonnet-4-5');
  assert.ok((usage.input_tokens ?? 0) > 0 && (usage.output_tokens ?? 0) > 0, plain.answer.text);
  assert.deepEqual([plain.record.inputTokens, plain.record.outputTokens], [usage.input_tokens, usage.output_tokens]);
});

test('a failure is recorded with the side that failed and the explained cause', async () => {
  stack.gateway.setFault('openai', { kind: 'provider-down' });
  const { answer, record } = await recorded('/openai/v1/chat/completions', chat());
  assert.equal(record.status, answer.status);
  assert.ok(record.status >= 500);
  assert.deepEqual([record.side, record.cause, record.inputTokens, record.outputTokens], ['provider', 'provider_unreachable', null, null]);

  stack.gateway.setFault('*', { kind: 'unauthorized' });
  const refused = await recorded('/anthropic/v1/messages', messages());
  assert.equal(refused.record.status, 401);
  assert.equal(refused.record.side, 'gateway');
  assert.equal(refused.record.cause, 'token_rejected');
});

test('every route times the first byte of a failed answer too, when its body came (messages, chat, gemini, responses passed through and translated)', async () => {
  const routes: [string, object][] = [
    ['/anthropic/v1/messages', messages()],
    ['/openai/v1/chat/completions', chat()],
    ['/google/v1/chat/completions', chat({ model: 'gemini-2.5-flash', stream: true })],
    ['/openai/v1/responses', responses()],
    ['/openai/v1/responses', responses({ stream: true })],
    ['/anthropic/v1/responses', responses({ model: 'claude-sonnet-4-5', stream: true })],
  ];
  // 429 is relayed as read (capped); a 500 is first read whole to decide whether /v1/responses is served at all.
  for (const status of [429, 500]) {
    for (const [path, body] of routes) {
      stack.gateway.setFault('*', { kind: 'status', status, body: JSON.stringify({ error: { message: `injected ${status}`, type: 'api_error' } }) });
      const { answer, record } = await recorded(path, body);
      const what = `${status} on ${path}${(body as { stream?: boolean }).stream ? ' (stream)' : ''}`;
      assert.ok(answer.status >= 400 && answer.text.includes(`injected ${status}`), `${what}: ${answer.status} ${answer.text}`);
      assert.equal(record.status, answer.status, what);
      assert.ok(record.firstByteMs !== null, `${what}: the error body came, so it has a first byte`);
      assert.ok(record.totalMs >= record.firstByteMs, what);
    }
  }
  // No body at all (the gateway hung up): no first byte, rather than a made-up one.
  stack.gateway.setFault('*', { kind: 'close-connection' });
  for (const path of ['/openai/v1/chat/completions', '/openai/v1/responses']) {
    const { record } = await recorded(path, path.endsWith('responses') ? responses() : chat());
    assert.ok(record.status >= 500, path);
    assert.equal(record.firstByteMs, null, path);
  }
});

test('a flood of refused requests (wrong or no local key) is counted whole in the history, in a handful of records', async () => {
  const api = createCoreApi(stack.runtime);
  const before = await history();
  const reportBefore = await api.getUsage({ since: 0, by: 'provider' });
  const FLOOD = 500;
  // Ten at a time: fast enough for 500, and a real proxy's concurrent requests rather than one socket's.
  for (let sent = 0; sent < FLOOD; sent += 10) {
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => {
        const n = sent + i;
        // Mostly a wrong key, every fifth none at all, a few for another provider: kinds stay apart.
        const headers: Record<string, string> = n % 5 === 0 ? {} : { authorization: 'Bearer not-a-key' };
        return send(stack.proxyUrl + (n % 50 === 1 ? '/anthropic/v1/messages' : '/openai/v1/chat/completions'), { headers, body: chat() });
      }),
    );
    for (const answer of answers) assert.equal(answer.status, 401);
  }
  const added = (await history()).slice(before.length);
  const counted = (records: UsageRecord[]) => records.reduce((sum, r) => sum + (r.count ?? 1), 0);
  assert.equal(counted(added), FLOOD, 'every refusal counted');
  // Per kind (provider and cause): the first as it came, the rest folded into one (written when read).
  assert.ok(added.length <= 6, `${added.length} records for ${FLOOD} refusals`);
  assert.equal(counted(added.filter((r) => r.cause === 'local_key_missing')), FLOOD / 5);
  assert.equal(counted(added.filter((r) => r.provider === 'anthropic')), FLOOD / 50);
  for (const r of added) assert.deepEqual([r.agent, r.status, r.side, r.firstByteMs, r.inputTokens], [null, 401, 'local', null, null]);
  // The report, which the Usage screen, the tray and `ai-gateway usage` all show, counts them too.
  const report = await api.getUsage({ since: 0, by: 'provider' });
  assert.equal(report.totals.requests - reportBefore.totals.requests, FLOOD);
  assert.equal(report.totals.errors - reportBefore.totals.errors, FLOOD);
  const causeCount = (r: typeof report, cause: string) => r.causes.find((c) => c.cause === cause)?.count ?? 0;
  assert.equal(causeCount(report, 'local_key_invalid') - causeCount(reportBefore, 'local_key_invalid'), (FLOOD * 4) / 5);
  assert.equal(causeCount(report, 'local_key_missing') - causeCount(reportBefore, 'local_key_missing'), FLOOD / 5);
  // The activity list stays one row a minute (its own tally), as before.
  assert.ok(stack.runtime.activity.list().filter((e) => e.error === 'local_key_invalid' || e.error === 'local_key_missing').length <= 2);
});

test('the history holds metadata only: no prompt, no answer text, no key, no token', async () => {
  const secretPrompt = 'a-prompt-that-must-never-be-stored-4711';
  await recorded('/openai/v1/chat/completions', chat({ messages: [{ role: 'user', content: secretPrompt }] }));
  const files = await listDayFiles(stack.runtime.files.usage);
  const text = (await Promise.all(files.map((f) => readFile(f.path, 'utf8')))).join('\n');
  assert.ok(text.length > 0);
  for (const forbidden of [secretPrompt, key, 'Bearer', 'eyJ']) assert.equal(text.includes(forbidden), false, forbidden);
});

test('getUsage reports the history: totals match the records, grouped as asked, bad queries named', async () => {
  const api = createCoreApi(stack.runtime);
  await send(stack.proxyUrl + '/openai/v1/chat/completions', { headers: auth(), body: chat() });
  const records = await history();
  const report = await api.getUsage({ since: 0 });
  // A record of folded refusals stands for `count` requests (the test above sends a flood of them).
  assert.equal(report.totals.requests, records.reduce((sum, r) => sum + (r.count ?? 1), 0));
  assert.ok(records.length < report.totals.requests);
  assert.equal(report.totals.inputTokens, records.reduce((sum, r) => sum + (r.inputTokens ?? 0), 0));
  assert.equal(report.groups.find((g) => g.key === 'test-agent')!.requests, records.filter((r) => r.agent === 'test-agent').length);
  const byProvider = await api.getUsage({ since: 0, by: 'provider' });
  assert.deepEqual(byProvider.groups.map((g) => g.key).sort(), [...new Set(records.map((r) => r.provider!))].sort());
  assert.equal(byProvider.totals.costUsd, null, 'no price table, no money');
  await assert.rejects(api.getUsage({ since: 'yesterday' } as never), { code: 'bad_request', message: /"since" must be a time in epoch milliseconds/ });
  await assert.rejects(api.getUsage({ since: 0, by: 'team' } as never), { code: 'bad_request', message: /"by" must be one of agent, provider, model/ });
  // Past Date's range the bucket loop never ended (1e300 + 60000 === 1e300) and the proxy's memory grew to GBs.
  await assert.rejects(api.getUsage({ since: 1e300, until: 1e300 }), { code: 'bad_request', field: 'since', message: /"since" must be a time in epoch milliseconds, from 0 to 8640000000000000 .*not 1e\+300/ });
  await assert.rejects(api.getUsage({ since: 0, until: 8.64e15 + 1 }), { code: 'bad_request', field: 'until' });
  await assert.rejects(api.getUsage({ since: 5000, until: 4000 }), { code: 'bad_request', field: 'until', message: /"until" is before its "since"/ });
  assert.ok((await api.getUsage({ since: 0, until: 8.64e15 })).buckets.length <= 62);
});
