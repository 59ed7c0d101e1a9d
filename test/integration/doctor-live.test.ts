/** The doctor's live check through a real proxy and the gateway double: plain and streamed, and streaming broken named as such. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_TEST_MODELS } from '../../app/contract/providers.js';
import { checkAgentLive } from '../../app/core/probes/agent-check.js';
import { startStack } from '../helpers/stack.js';

test('doctor: plain and streamed requests pass in every format', async () => {
  const stack = await startStack({ gateway: { servesResponses: true } });
  try {
    const key = await stack.key('claude-code');
    for (const [baseUrl, format] of [
      [`${stack.proxyUrl}/anthropic`, 'anthropic-messages'],
      [`${stack.proxyUrl}/openai/v1`, 'chat-completions'],
      [`${stack.proxyUrl}/openai/v1`, 'responses'],
    ] as const) {
      const check = await checkAgentLive('claude-code', { baseUrl, key, format }, DEFAULT_TEST_MODELS, stack.proxyUrl);
      assert.equal(check.ok, true, `${format}: ${check.message}`);
      assert.match(check.message, /plain \(HTTP 200\) and streamed/);
    }
    const streamed = stack.gateway.requests.filter((r) => r.body.includes('"stream":true')).map((r) => r.path);
    assert.deepEqual(streamed, ['/v1/messages', '/v1/chat/completions', '/v1/responses'], 'one streamed request per format');
    // The Responses support memo is written just after the answer: let it land before the home is removed.
    for (let i = 0; i < 150 && !(await access(join(stack.home, 'responses-support.json')).then(() => true, () => false)); i++) await new Promise((resolve) => setTimeout(resolve, 20));
  } finally {
    await stack.close();
  }
});

test('doctor: a gateway that breaks streams is reported as streaming broken, plain ok', async () => {
  const stack = await startStack({ gateway: { eventGapMs: 5 } });
  try {
    const key = await stack.key('claude-code');
    // The double's reset fault acts on streams only; the plain request takes the first one unharmed.
    stack.gateway.setFault('anthropic', { kind: 'reset-mid-stream' }, 2);
    stack.gateway.script = () => ({ text: 'one two three four five six seven eight' });
    const check = await checkAgentLive('claude-code', { baseUrl: `${stack.proxyUrl}/anthropic`, key, format: 'anthropic-messages' }, DEFAULT_TEST_MODELS, stack.proxyUrl);
    assert.equal(check.ok, false);
    assert.match(check.message, /^Plain request ok \(HTTP 200\); streaming broken: the stream ended in an error: The gateway cut the answer off/);
    assert.match(check.fix!, /Every agent streams/);
  } finally {
    await stack.close();
  }
});
