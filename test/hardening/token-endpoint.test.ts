/** Token endpoint faults: the proxy keeps serving on a valid cached token, never sends an expired one, and says clearly when it cannot. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bearerOf, JumpClock, jwtExp, sleep, startStack, waitFor, type Stack } from './helpers/stack.js';
import { messages, post, type Answer } from './helpers/http.js';
import { assertStackClean } from './helpers/leaks.js';

const PATH = '/anthropic/v1/messages';

/** No request ever reached the gateway with a token that had expired when it was sent. */
function assertNoExpiredTokenSent(stack: Stack): void {
  assert.ok(stack.gateway.requests.length > 0, 'the gateway saw requests');
  for (const r of stack.gateway.requests) {
    const exp = jwtExp(bearerOf(r.headers)) * 1000;
    assert.ok(exp > r.at, `token sent at ${r.at} had expired at ${exp}`);
  }
}

function errorOf(answer: Answer): { code: string; side: string; message: string } {
  const parsed = JSON.parse(answer.body) as { error: { code: string; side: string; message: string } };
  return parsed.error;
}

async function ready(stack: Stack): Promise<void> {
  await waitFor(() => stack.runtime.tokens.status().state === 'valid', 5000, 'the first token');
}

test('503 during the refresh-ahead window: the cached token keeps serving, one warning, jittered retries', async () => {
  const stack = await startStack({
    // Refresh at 3 s; the JWT's exp is whole seconds, so up to 1 s earlier than receipt + expires_in: the skew covers that.
    token: { lifetimeSeconds: 6 },
    runtime: { tokenOptions: { refreshAhead: 0.5, expirySkewMs: 1500, backoffBaseMs: 150, backoffMaxMs: 600, minDemandGapMs: 100 } },
  });
  try {
    await ready(stack);
    const key = await stack.key();
    const first = stack.tokenEndpoint.signed[0]!;
    const delays: number[] = [];
    stack.runtime.tokens.on('refreshFailed', () => {
      const next = stack.runtime.tokens.status().nextRefreshAt;
      if (next !== null) delays.push(next - Date.now());
    });
    stack.tokenEndpoint.setFault({ kind: 'status', status: 503 });
    const served: Answer[] = [];
    // From before the refresh point (3 s) to just before the token is no longer usable (4.5 s).
    const obtained = stack.runtime.tokens.status().obtainedAt!;
    while (Date.now() < obtained + 4300) {
      served.push(await post(stack.url, PATH, key, messages()));
      await sleep(100);
    }
    assert.ok(served.length >= 20, `requests sent: ${served.length}`);
    assert.deepEqual(served.filter((a) => a.status !== 200).map((a) => a.status), [], 'every request served');
    assert.ok(stack.gateway.requests.every((r) => bearerOf(r.headers) === first), 'all served with the cached token');
    assert.ok(delays.length >= 2, `retries happened: ${delays.length}`);
    // Jittered exponential backoff: each delay in [cap/2, cap], and not all identical.
    delays.forEach((d, i) => {
      const cap = Math.min(600, 150 * 2 ** i);
      assert.ok(d >= cap / 2 - 20 && d <= cap + 20, `retry ${i + 1} after ${d} ms, cap ${cap}`);
    });
    const log = await stack.logText();
    const warnings = log.split('\n').filter((l) => l.includes('"level":"warn"'));
    assert.equal(warnings.length, 1, `one warning for the outage, got:\n${warnings.join('\n')}`);
    assert.match(warnings[0]!, /token endpoint/i);
    stack.tokenEndpoint.setFault(null);
    await waitFor(() => stack.tokenEndpoint.issued >= 2, 3000, 'recovery');
    assert.equal((await post(stack.url, PATH, key, messages())).status, 200);
    assertNoExpiredTokenSent(stack);
    await assertStackClean(stack);
  } finally {
    await stack.close();
  }
});

test('token endpoint down after expiry: bounded wait, then a JSON 503 naming the token endpoint; no expired token sent', async (t) => {
  for (const how of ['503', 'stopped'] as const) {
    await t.test(how, async () => {
      const stack = await startStack({
        token: { lifetimeSeconds: 2 },
        runtime: { tokenOptions: { expirySkewMs: 200, backoffBaseMs: 100, backoffMaxMs: 400, timeoutMs: 1000 } },
      });
      try {
        await ready(stack);
        const key = await stack.key();
        assert.equal((await post(stack.url, PATH, key, messages())).status, 200);
        if (how === '503') stack.tokenEndpoint.setFault({ kind: 'status', status: 503 });
        else await stack.tokenEndpoint.close();
        await sleep(2100);
        const answer = await post(stack.url, PATH, key, messages());
        assert.equal(answer.status, 503);
        assert.match(String(answer.headers['content-type']), /application\/json/);
        const error = errorOf(answer);
        assert.equal(error.side, 'token_endpoint');
        assert.match(error.message, /token endpoint/i);
        assert.ok(answer.ms < 1500, `answered within the bound: ${Math.round(answer.ms)} ms`);
        assertNoExpiredTokenSent(stack);
        await assertStackClean(stack);
      } finally {
        await stack.close();
      }
    });
  }
});

test('a hanging token endpoint times out, releases the refresh lock, and the next request gets a token', async () => {
  const stack = await startStack({
    beforeStart: ({ tokenEndpoint }) => tokenEndpoint.setFault({ kind: 'hang' }, 1),
    runtime: { tokenOptions: { timeoutMs: 500, backoffBaseMs: 5000, minDemandGapMs: 100 } },
  });
  try {
    const key = await stack.key();
    const answer = await post(stack.url, PATH, key, messages());
    assert.equal(answer.status, 503);
    assert.equal(errorOf(answer).code, 'token_endpoint_timeout');
    assert.ok(answer.ms < 1200, `timed out in time: ${Math.round(answer.ms)} ms`);
    assert.notEqual(stack.runtime.tokens.status().state, 'refreshing', 'lock released');
    await sleep(150);
    const next = await post(stack.url, PATH, key, messages());
    assert.equal(next.status, 200, next.body);
    assert.equal(stack.tokenEndpoint.requests, 2);
    await assertStackClean(stack);
  } finally {
    await stack.close();
  }
});

test('garbage, partial and malformed token responses: a 503 that names the token endpoint, then recovery', async (t) => {
  const faults = [
    { name: 'HTML body', fault: { kind: 'garbage' as const }, code: 'token_response_invalid' },
    { name: 'partial JSON', fault: { kind: 'partial' as const }, code: 'token_response_invalid' },
    { name: 'no access_token', fault: { kind: 'status' as const, status: 200, body: '{"token_type":"Bearer","expires_in":3600}' }, code: 'token_response_invalid' },
    { name: 'empty 200', fault: { kind: 'status' as const, status: 200, body: '' }, code: 'token_response_invalid' },
    { name: '502 HTML', fault: { kind: 'status' as const, status: 502, body: '<html>bad gateway</html>' }, code: 'token_endpoint_error' },
  ];
  for (const f of faults) {
    await t.test(f.name, async () => {
      const stack = await startStack({
        // Faulty until the first request was answered: a single faulty answer raced the start-up's backoff
        // retry (100-200 ms), and on a loaded machine the token was already fixed when the request came.
        beforeStart: ({ tokenEndpoint }) => tokenEndpoint.setFault(f.fault),
        runtime: { tokenOptions: { backoffBaseMs: 100, backoffMaxMs: 200, minDemandGapMs: 50 } },
      });
      try {
        const key = await stack.key();
        const answer = await post(stack.url, PATH, key, messages());
        assert.equal(answer.status, 503, answer.body);
        const error = errorOf(answer);
        assert.equal(error.code, f.code);
        assert.equal(error.side, 'token_endpoint');
        assert.match(error.message, /token endpoint/i);
        stack.tokenEndpoint.setFault(null);
        await waitFor(() => stack.runtime.tokens.status().state === 'valid', 3000, 'recovery');
        assert.equal((await post(stack.url, PATH, key, messages())).status, 200);
        await assertStackClean(stack);
      } finally {
        await stack.close();
      }
    });
  }
});

test('invalid_client: no retry loop, the state says the credentials were rejected', async () => {
  const stack = await startStack({
    beforeStart: ({ tokenEndpoint }) => tokenEndpoint.setFault({ kind: 'invalid_client' }),
    runtime: { tokenOptions: { backoffBaseMs: 50, backoffMaxMs: 100, minDemandGapMs: 10 } },
  });
  try {
    await waitFor(() => stack.runtime.tokens.status().state === 'rejected', 3000, 'rejected');
    const key = await stack.key();
    for (let i = 0; i < 5; i++) {
      const answer = await post(stack.url, PATH, key, messages());
      assert.equal(answer.status, 503);
      const error = errorOf(answer);
      assert.equal(error.code, 'credentials_rejected');
      assert.match(error.message, /GATEWAY_CLIENT_ID and GATEWAY_CLIENT_SECRET/);
    }
    await sleep(500);
    assert.equal(stack.tokenEndpoint.requests, 1, 'one token request, no retry loop');
    const status = stack.runtime.tokens.status();
    assert.equal(status.state, 'rejected');
    assert.equal(status.nextRefreshAt, null);
    assert.equal(stack.gateway.requests.length, 0, 'nothing reached the gateway');
    await assertStackClean(stack);
  } finally {
    await stack.close();
  }
});

test('50 concurrent requests at refresh time cause exactly one token request', async (t) => {
  for (const when of ['refresh-ahead point', 'after expiry'] as const) {
    await t.test(when, async () => {
      const clock = new JumpClock();
      const stack = await startStack({ runtime: { tokenOptions: { clock } } });
      try {
        await ready(stack);
        const key = await stack.key();
        const before = stack.tokenEndpoint.requests;
        clock.offset = when === 'after expiry' ? 3590_000 : 2800_000;
        const answers = await Promise.all(Array.from({ length: 50 }, () => post(stack.url, PATH, key, messages())));
        assert.deepEqual(answers.filter((a) => a.status !== 200).map((a) => a.body), []);
        await waitFor(() => stack.runtime.tokens.status().state === 'valid' && stack.tokenEndpoint.issued === 2, 3000, 'refresh done');
        assert.equal(stack.tokenEndpoint.requests - before, 1, 'exactly one token request');
        assertNoExpiredTokenSent(stack);
      } finally {
        await stack.close();
      }
    });
  }
});

test('the wall clock jumps forward hours: the first request refreshes before it is sent', async () => {
  const clock = new JumpClock();
  const stack = await startStack({ runtime: { tokenOptions: { clock } } });
  try {
    await ready(stack);
    const key = await stack.key();
    assert.equal((await post(stack.url, PATH, key, messages())).status, 200);
    stack.gateway.reset();
    clock.offset = 5 * 3600_000;
    const answer = await post(stack.url, PATH, key, messages());
    assert.equal(answer.status, 200);
    assert.equal(stack.tokenEndpoint.issued, 2, 'a new token first');
    assert.equal(stack.gateway.requests.length, 1, 'no 401 and replay: the new token went first');
    assert.equal(bearerOf(stack.gateway.requests[0]!.headers), stack.tokenEndpoint.signed[1]);
  } finally {
    await stack.close();
  }
});
