/**
 * Soak: 50 concurrent streaming clients across many token changes (10-second tokens). Zero failed requests,
 * one token request per refresh, and memory back where it was after warm-up. SOAK_SECONDS lengthens it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Agent } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { bearerOf, jwtExp, sleep, startStack, waitFor } from './helpers/stack.js';
import { call, messages } from './helpers/http.js';
import { assertStackClean } from './helpers/leaks.js';

const SECONDS = Math.min(Number(process.env.SOAK_SECONDS ?? 35), 600);
const WARMUP_MS = 5000;
const CLIENTS = 50;
const LIFETIME_S = 10;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function rssMb(): number {
  gc();
  gc();
  return process.memoryUsage().rss / 1024 / 1024;
}

test(`soak: ${CLIENTS} streaming clients for ${SECONDS} s with ${LIFETIME_S}-second tokens`, { timeout: (SECONDS + 60) * 1000 }, async () => {
  const stack = await startStack({ token: { lifetimeSeconds: LIFETIME_S }, gateway: { eventGapMs: 30 } });
  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
  try {
    await waitFor(() => stack.runtime.tokens.status().state === 'valid', 5000, 'the first token');
    const key = await stack.key();
    let refreshed = 1;
    stack.runtime.tokens.on('refreshed', () => refreshed++);
    stack.gateway.script = () => ({ text: 'one two three four five six seven eight nine ten' });
    const body = JSON.stringify(messages(true));
    const started = Date.now();
    const end = started + SECONDS * 1000;
    let ok = 0;
    const failures: string[] = [];
    let expiredSent = 0;
    let checked = 0;
    let rssWarm = 0;
    let peak = 0;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss / 1024 / 1024);
      // The double keeps the last 1000 requests: check their tokens as they go by.
      for (const r of stack.gateway.requests.splice(0)) {
        checked++;
        if (jwtExp(bearerOf(r.headers)) * 1000 <= r.at) expiredSent++;
      }
    }, 250);
    const client = async () => {
      while (Date.now() < end) {
        const answer = await call(stack.url, '/anthropic/v1/messages', { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body, agent, record: false }).catch((e: Error) => ({ status: 0, complete: false, body: '', error: e.message }));
        if (answer.status === 200 && answer.complete && answer.body.includes('message_stop')) ok++;
        else failures.push(`${answer.status} ${answer.error ?? ''} ${answer.body.slice(0, 200)}`);
      }
    };
    const warm = sleep(WARMUP_MS).then(() => (rssWarm = rssMb()));
    await Promise.all([...Array.from({ length: CLIENTS }, client), warm]);
    clearInterval(sampler);
    const elapsed = (Date.now() - started) / 1000;
    await sleep(200);
    const rssEnd = rssMb();
    const tokenRequests = stack.tokenEndpoint.requests;
    const expectedRefreshes = 1 + Math.floor(elapsed / (LIFETIME_S * 0.75));
    const figures = {
      seconds: Math.round(elapsed),
      clients: CLIENTS,
      requests: ok + failures.length,
      failed: failures.length,
      requestsPerSecond: Math.round((ok + failures.length) / elapsed),
      tokensIssued: refreshed,
      tokenRequests,
      expectedRefreshes,
      tokensCheckedAtGateway: checked,
      expiredTokensSent: expiredSent,
      rssAfterWarmupMb: Math.round(rssWarm),
      rssEndMb: Math.round(rssEnd),
      rssPeakMb: Math.round(peak),
      rssChangePct: Math.round(((rssEnd - rssWarm) / rssWarm) * 1000) / 10,
    };
    console.log(`SOAK ${JSON.stringify(figures)}`);
    assert.deepEqual(failures.slice(0, 5), [], `${failures.length} failed requests`);
    assert.equal(expiredSent, 0, 'no expired token sent');
    assert.equal(tokenRequests, refreshed, 'every token request was a refresh that succeeded');
    assert.ok(Math.abs(tokenRequests - expectedRefreshes) <= 1, `one token request per refresh: ${tokenRequests} for about ${expectedRefreshes}`);
    assert.ok(rssEnd <= rssWarm * 1.2, `RSS ${rssEnd.toFixed(1)} MB within 20% of ${rssWarm.toFixed(1)} MB after warm-up`);
    await assertStackClean(stack);
  } finally {
    agent.destroy();
    await stack.close();
  }
});
