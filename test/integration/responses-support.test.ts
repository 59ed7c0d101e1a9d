/**
 * Responses API support learnt per gateway and provider from real answers (Portkey's 500
 * "createModelResponse is not supported by anthropic"), and a Codex-style hang-up after
 * `response.completed` counted as the success it is.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hangUpAfter, send, waitUntil } from '../helpers/http.js';
import { startStack } from '../helpers/stack.js';

const responsesBody = (extra: object = {}) => ({ model: 'claude-sonnet-4-6', input: 'Say hi', ...extra });
const readMemo = async (home: string): Promise<Record<string, boolean>> => JSON.parse(await readFile(join(home, 'responses-support.json'), 'utf8').catch(() => '{}')) as Record<string, boolean>;

/** The memo once it holds `key` (it is written just after the answer went out), or what it holds after 3 s. */
async function memo(home: string, key: string): Promise<Record<string, boolean>> {
  const deadline = performance.now() + 3_000;
  for (;;) {
    const known = await readMemo(home);
    if (key in known || performance.now() > deadline) return known;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

test("Portkey's 500 'createModelResponse is not supported by anthropic' switches that provider to translation, remembered per gateway and provider", async () => {
  const stack = await startStack({ gateway: { servesResponses: true } });
  try {
    const key = await stack.key();
    const notSupported = JSON.stringify({ status: 'failure', message: 'createModelResponse is not supported by anthropic' });
    stack.gateway.setFault('anthropic', { kind: 'status', status: 500, body: notSupported }, 1);
    const answer = await send(`${stack.proxyUrl}/anthropic/v1/responses`, { headers: { authorization: `Bearer ${key}` }, body: responsesBody() });
    assert.equal(answer.status, 200, answer.text);
    assert.equal((answer.json as { object: string }).object, 'response');
    assert.deepEqual(stack.gateway.requests.map((r) => r.path), ['/v1/responses', '/v1/chat/completions'], 'one probe, then the translation');
    assert.equal((await memo(stack.home, `${stack.gateway.url} anthropic`))[`${stack.gateway.url} anthropic`], false);

    // Next time straight to Chat Completions; openai on the same gateway is still probed, and served.
    stack.gateway.reset();
    await send(`${stack.proxyUrl}/anthropic/v1/responses`, { headers: { authorization: `Bearer ${key}` }, body: responsesBody() });
    assert.deepEqual(stack.gateway.requests.map((r) => r.path), ['/v1/chat/completions']);
    stack.gateway.reset();
    const openai = await send(`${stack.proxyUrl}/openai/v1/responses`, { headers: { authorization: `Bearer ${key}` }, body: responsesBody({ model: 'gpt-4.1' }) });
    assert.equal(openai.status, 200, openai.text);
    assert.deepEqual(stack.gateway.requests.map((r) => r.path), ['/v1/responses']);
    assert.equal((await memo(stack.home, `${stack.gateway.url} openai`))[`${stack.gateway.url} openai`], true);
  } finally {
    await stack.close();
  }
});

test('a passthrough the client closed after response.completed is a success: logged 200, support remembered', async () => {
  // The double pauses after each event, so the hang-up comes before its chunked body ends, as Codex's does with Portkey.
  const stack = await startStack({ gateway: { servesResponses: true, eventGapMs: 300 } });
  try {
    const key = await stack.key();
    const answer = await hangUpAfter(`${stack.proxyUrl}/openai/v1/responses`, 'response.completed', { headers: { authorization: `Bearer ${key}` }, body: responsesBody({ model: 'gpt-4.1', stream: true }) });
    assert.equal(answer.status, 200);
    await waitUntil(() => stack.runtime.activity.list().length === 1, 'the activity entry', 3_000);
    const [entry] = stack.runtime.activity.list();
    assert.equal(entry!.status, 200, 'not 499');
    assert.equal(entry!.error, null);
    assert.equal((await memo(stack.home, `${stack.gateway.url} openai`))[`${stack.gateway.url} openai`], true);
  } finally {
    await stack.close();
  }
});

test('an agent that hangs up before response.completed is still a 499', async () => {
  const stack = await startStack({ gateway: { servesResponses: true, eventGapMs: 300 } });
  try {
    const key = await stack.key();
    await hangUpAfter(`${stack.proxyUrl}/openai/v1/responses`, 'response.created', { headers: { authorization: `Bearer ${key}` }, body: responsesBody({ model: 'gpt-4.1', stream: true }) });
    await waitUntil(() => stack.runtime.activity.list()[0]?.status === 499, 'the 499 entry', 3_000);
  } finally {
    await stack.close();
  }
});
