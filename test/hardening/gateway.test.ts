/** Gateway faults: 401 replay rules and the refresh bound, cut streams seen as failures, idle timeouts, long streams, and error statuses explained in the caller's shape. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bearerOf, startStack, waitFor, type Stack } from './helpers/stack.js';
import { call, messages, post } from './helpers/http.js';
import { assertStackClean } from './helpers/leaks.js';

const PATH = '/anthropic/v1/messages';

async function withStack(options: Parameters<typeof startStack>[0], body: (stack: Stack, key: string) => Promise<void>): Promise<void> {
  const stack = await startStack(options);
  try {
    await waitFor(() => stack.runtime.tokens.status().state === 'valid', 5000, 'the first token');
    await body(stack, await stack.key());
    await assertStackClean(stack);
  } finally {
    await stack.close();
  }
}

test('gateway 401 then 200: one forced refresh, one byte-identical replay', () =>
  withStack({}, async (stack, key) => {
    stack.gateway.setFault('anthropic', { kind: 'unauthorized' }, 1);
    const sent = JSON.stringify(messages(false, 'replay me: ünïcødé ✓'));
    const answer = await call(stack.url, `${PATH}?beta=true`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key, 'anthropic-version': '2023-06-01' }, body: sent });
    assert.equal(answer.status, 200, answer.body);
    assert.equal(stack.tokenEndpoint.issued, 2, 'one refresh');
    const [first, replay] = stack.gateway.requests;
    assert.equal(stack.gateway.requests.length, 2);
    assert.ok(first!.body.equals(Buffer.from(sent)) && replay!.body.equals(first!.body), 'same bytes both times');
    assert.equal(replay!.path, first!.path);
    assert.equal(replay!.path, '/v1/messages?beta=true');
    const { authorization: a1, ...h1 } = first!.headers;
    const { authorization: a2, ...h2 } = replay!.headers;
    assert.deepEqual(h2, h1, 'same headers but the token');
    assert.notEqual(a1, a2, 'a new token on the replay');
  }));

test('gateway 401 twice: passed through to the agent, no third try', () =>
  withStack({}, async (stack, key) => {
    stack.gateway.setFault('anthropic', { kind: 'unauthorized' }, 2);
    const answer = await post(stack.url, PATH, key, messages());
    assert.equal(answer.status, 401);
    // Counted once the proxy and its connection pool are closed (closing waits for requests in flight), so a slow stray third request counts too.
    await stack.runtime.stop();
    assert.equal(stack.gateway.requests.length, 2, 'exactly one replay');
    assert.equal(stack.tokenEndpoint.issued, 2, 'one forced refresh');
  }));

test('ten concurrent 401s for a revoked token cause one refresh, and all ten replays succeed', () =>
  withStack({}, async (stack, key) => {
    stack.gateway.revoked.add(stack.tokenEndpoint.signed[0]!);
    const answers = await Promise.all(Array.from({ length: 10 }, () => post(stack.url, PATH, key, messages())));
    assert.deepEqual(answers.map((a) => a.status), Array(10).fill(200));
    assert.equal(stack.tokenEndpoint.requests, 2, 'one refresh for ten 401s');
    // Requests that set out after the refresh carry the new token at once; every one with the old token was replayed once.
    const withOld = stack.gateway.requests.filter((r) => bearerOf(r.headers) === stack.tokenEndpoint.signed[0]).length;
    assert.ok(withOld >= 1);
    assert.equal(stack.gateway.requests.length, 10 + withOld);
  }));

test('a reset mid-stream reaches the agent as an SSE error event naming the gateway, never as a clean end of the answer', () =>
  withStack({ gateway: { eventGapMs: 5 } }, async (stack, key) => {
    stack.gateway.setFault('anthropic', { kind: 'reset-mid-stream' }, 1);
    const answer = await post(stack.url, PATH, key, messages(true, 'one two three four five six seven eight nine ten'));
    assert.equal(answer.status, 200, 'headers were already sent');
    assert.ok(answer.body.includes('message_start') && !answer.body.includes('message_stop'), 'part of the stream, not all');
    // The double cuts between events: the Anthropic SDK throws on `event: error` with this message.
    const event = /event: error\ndata: (.+)\n\n$/.exec(answer.body);
    assert.ok(event, `an error event ends the stream: ${answer.body.slice(-300)}`);
    const error = (JSON.parse(event[1]!) as { type: string; error: { type: string; message: string; side: string } });
    assert.equal(error.type, 'error');
    assert.equal(error.error.type, 'api_error');
    assert.equal(error.error.side, 'gateway');
    assert.match(error.error.message, /gateway cut the answer off before it was complete/);
    // The next request works: the pool dropped the broken connection.
    assert.equal((await post(stack.url, PATH, key, messages(true))).complete, true);
  }));

test('a reset before any header is a JSON 502 naming the gateway', () =>
  withStack({}, async (stack, key) => {
    stack.gateway.setFault('anthropic', { kind: 'close-connection' }, 1);
    const answer = await post(stack.url, PATH, key, messages());
    assert.equal(answer.status, 502);
    const error = (JSON.parse(answer.body) as { error: { side: string; message: string } }).error;
    assert.equal(error.side, 'gateway');
    assert.match(error.message, /gateway/);
  }));

test('headers, then silence past the idle timeout: the agent sees the stream cut', () =>
  withStack({ runtime: { dispatcherOptions: { bodyTimeoutMs: 500 } } }, async (stack, key) => {
    stack.gateway.setFault('anthropic', { kind: 'silence-after-headers' }, 1);
    const answer = await post(stack.url, PATH, key, messages(true));
    assert.equal(answer.status, 200);
    assert.match(answer.body, /event: error\ndata: .*stopped sending in the middle of the answer/);
    assert.ok(!answer.body.includes('message_stop'));
    assert.ok(answer.ms >= 450 && answer.ms < 3000, `cut after the idle timeout: ${Math.round(answer.ms)} ms`);
  }));

test('a steady stream longer than every timeout arrives whole', () =>
  withStack(
    { gateway: { eventGapMs: 80 }, runtime: { dispatcherOptions: { bodyTimeoutMs: 400, headersTimeoutMs: 400 }, proxyHeadersTimeoutMs: 400 } },
    async (stack, key) => {
      const words = Array.from({ length: 40 }, (_, i) => `w${i}`).join(' ');
      stack.gateway.script = () => ({ text: words });
      let chunks = 0;
      const answer = await call(stack.url, PATH, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body: JSON.stringify(messages(true, words)), onData: () => chunks++ });
      assert.equal(answer.complete, true, String(answer.error));
      assert.match(answer.body, /message_stop/);
      assert.ok(answer.ms > 2500, `longer than the timeouts: ${Math.round(answer.ms)} ms`);
      assert.ok(chunks >= 10, `streamed, not buffered: ${chunks} chunks`);
    },
  ));

test('429 and 5xx keep their status, Retry-After and rate-limit headers, reach the agent in its own shape with the text, without retries', () =>
  withStack({}, async (stack, key) => {
    for (const status of [429, 500, 502, 503, 529]) {
      stack.gateway.reset();
      // As real Portkey relays a provider's error: OpenAI-shaped with "provider", even on /v1/messages.
      const body = JSON.stringify({ error: { message: `anthropic error: injected ${status}`, type: status === 429 ? 'rate_limit_error' : 'api_error' }, provider: 'anthropic' });
      stack.gateway.setFault('anthropic', { kind: 'status', status, body, headers: { 'retry-after': '7', 'x-ratelimit-remaining-requests': '0' } }, 1);
      const answer = await post(stack.url, PATH, key, messages());
      assert.equal(answer.status, status);
      assert.equal(answer.headers['retry-after'], '7');
      assert.equal(answer.headers['x-ratelimit-remaining-requests'], '0');
      const parsed = JSON.parse(answer.body) as { type: string; error: { type: string; message: string; side: string } };
      assert.equal(parsed.type, 'error', 'Anthropic shape on /v1/messages');
      assert.equal(parsed.error.side, 'provider');
      assert.ok(parsed.error.message.includes(`injected ${status}`), parsed.error.message);
      assert.equal(parsed.error.type, status === 429 ? 'rate_limit_error' : status === 529 ? 'overloaded_error' : 'api_error');
      if (status === 429) assert.match(parsed.error.message, /rate limiting .*retry-after: 7 s/);
      assert.equal(stack.gateway.requests.length, 1, `no retry of ${status}`);
    }
  }));

test('50 sequential load-balancer 401s cost one forced token request, not 50', () =>
  withStack({}, async (stack, key) => {
    stack.gateway.setFault('anthropic', { kind: 'unauthorized' });
    const before = stack.tokenEndpoint.issued;
    for (let i = 0; i < 50; i++) {
      const answer = await post(stack.url, PATH, key, messages());
      assert.equal(answer.status, 401);
    }
    assert.equal(stack.tokenEndpoint.issued - before, 1, 'one forced refresh inside the 30 s window');
    // The first 401 was replayed once with the fresh token; the other 49 went out once each, unreplayed.
    assert.equal(stack.gateway.requests.length, 51);
    const last = JSON.parse((await post(stack.url, PATH, key, messages())).body) as { error: { message: string; code: string } };
    assert.equal(last.error.code, 'token_rejected');
    assert.match(last.error.message, /already requested less than 30 s ago/);
  }));

test('50 concurrent load-balancer 401s cost one forced token request', () =>
  withStack({}, async (stack, key) => {
    stack.gateway.setFault('anthropic', { kind: 'unauthorized' });
    const before = stack.tokenEndpoint.issued;
    const answers = await Promise.all(Array.from({ length: 50 }, () => post(stack.url, PATH, key, messages())));
    assert.deepEqual([...new Set(answers.map((a) => a.status))], [401]);
    assert.equal(stack.tokenEndpoint.issued - before, 1);
  }));

test("a provider's 401 relayed by Portkey costs no token request and says the provider key at the gateway is the problem", () =>
  withStack({}, async (stack, key) => {
    const body = JSON.stringify({ error: { message: 'anthropic error: invalid x-api-key', type: 'authentication_error' }, provider: 'anthropic' });
    for (const headers of [{}, { 'x-portkey-provider': 'anthropic', 'x-portkey-trace-id': 'trace-1' }] as Record<string, string>[]) {
      stack.gateway.reset();
      stack.gateway.setFault('anthropic', { kind: 'status', status: 401, body, headers }, 1);
      const before = stack.tokenEndpoint.issued;
      const answer = await post(stack.url, PATH, key, messages(true));
      assert.equal(answer.status, 401);
      assert.equal(stack.tokenEndpoint.issued, before, 'no token request');
      assert.equal(stack.gateway.requests.length, 1, 'no replay');
      const parsed = JSON.parse(answer.body) as { type: string; error: { type: string; message: string; code: string; side: string } };
      assert.equal(parsed.error.type, 'authentication_error');
      assert.equal(parsed.error.code, 'provider_key_rejected');
      assert.equal(parsed.error.side, 'provider');
      assert.match(parsed.error.message, /anthropic key lives at the gateway.*ask the gateway team/);
    }
  }));

test('the gateway down: a JSON 502 that names the gateway and the fix', () =>
  withStack({}, async (stack, key) => {
    await stack.gateway.close();
    const answer = await post(stack.url, PATH, key, messages());
    assert.equal(answer.status, 502);
    const error = (JSON.parse(answer.body) as { error: { code: string; side: string; message: string } }).error;
    assert.equal(error.code, 'gateway_unreachable');
    assert.equal(error.side, 'gateway');
    assert.match(error.message, /Cannot reach the gateway .*check the URL/);
  }));
