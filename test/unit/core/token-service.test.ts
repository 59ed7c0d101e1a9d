import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TokenStatus } from '../../../app/contract/api.js';
import { TokenService, type TokenServiceOptions } from '../../../app/core/auth/token-service.js';
import { AppError } from '../../../app/core/errors.js';
import { FakeClock, settle } from '../../helpers/fake-clock.js';
import { FakeGrant } from '../../helpers/fake-grant.js';

const HOUR = 3_600_000;
const unreachable = () => new AppError('token_endpoint_unreachable', 'Cannot reach the token endpoint.', { side: 'token_endpoint' });
const rejected = () => new AppError('credentials_rejected', 'The token endpoint rejected the client credentials (invalid_client).', { side: 'token_endpoint' });

function setup(grant = new FakeGrant(), options: TokenServiceOptions = {}) {
  const clock = new FakeClock();
  const service = new TokenService(grant.grant, { clock, random: () => 0.5, ...options });
  return { clock, grant, service };
}

test('refreshes ahead at about three quarters of the lifetime, not before', async () => {
  const { clock, grant, service } = setup();
  service.start();
  await settle();
  assert.equal(grant.calls, 1);
  const first = service.status();
  assert.equal(first.state, 'valid');
  assert.equal(first.nextRefreshAt, first.obtainedAt! + 0.75 * HOUR);
  assert.equal(first.validUntil, first.obtainedAt! + HOUR);

  await clock.advance(0.74 * HOUR);
  assert.equal(grant.calls, 1, 'no refresh before 75 %');
  assert.equal(await service.getToken(), 'token-1');
  await clock.advance(0.02 * HOUR);
  assert.equal(grant.calls, 2, 'one refresh just after 75 %');
  assert.equal(await service.getToken(), 'token-2');
  service.stop();
  assert.equal(clock.pending, 0, 'stop() leaves no timer behind');
});

test('one token request for 50 concurrent getToken() callers', async () => {
  const { grant, service } = setup(new FakeGrant({ kind: 'deferred' }));
  const waiters = Array.from({ length: 50 }, () => service.getToken());
  await settle();
  assert.equal(grant.calls, 1);
  assert.equal(service.status().state, 'refreshing');
  grant.release();
  const tokens = await Promise.all(waiters);
  assert.deepEqual(new Set(tokens), new Set(['token-1']));
  assert.equal(grant.calls, 1);
});

test('emits a "refreshing" state change while a request is in flight, then "valid"', async () => {
  const { grant, service } = setup(new FakeGrant({ kind: 'deferred' }));
  const states: TokenStatus['state'][] = [];
  service.on('change', (s) => states.push(s.state));
  const pending = service.getToken();
  await settle();
  assert.ok(states.includes('refreshing'), `states seen: ${states.join(', ')}`);
  grant.release();
  await pending;
  assert.equal(states.at(-1), 'valid');
});

test('endpoint down while the token is valid: the cached token keeps serving, state failed, jittered backoff retries', async () => {
  const grant = new FakeGrant().then({ kind: 'token' }, { kind: 'fail', error: unreachable() }, { kind: 'fail', error: unreachable() });
  const { clock, service } = setup(grant, { backoffBaseMs: 1_000, backoffMaxMs: 60_000, random: () => 0.5 });
  service.start();
  await settle();
  await clock.advance(0.75 * HOUR); // the refresh-ahead fires and fails
  assert.equal(grant.calls, 2);
  const status = service.status();
  assert.equal(status.state, 'failed');
  assert.equal(status.lastError?.code, 'token_endpoint_unreachable');
  assert.ok(status.validUntil !== null && status.validUntil > clock.now(), 'still valid');
  assert.equal(await service.getToken(), 'token-1', 'the cached token keeps serving');
  assert.equal(grant.calls, 2, 'serving the cached token sends no request');
  // First retry after base * (0.5 + 0.5 * random) = 750 ms.
  assert.equal(status.nextRefreshAt, clock.now() + 750);
  await clock.advance(749);
  assert.equal(grant.calls, 2);
  await clock.advance(1);
  assert.equal(grant.calls, 3, 'retried at the scheduled time');
  // Second failure: the cap doubles, 2000 * 0.75 = 1500 ms.
  assert.equal(service.status().nextRefreshAt, clock.now() + 1500);
  await clock.advance(1500);
  assert.equal(grant.calls, 4);
  assert.equal(service.status().state, 'valid');
  assert.equal(await service.getToken(), 'token-4');
  service.stop();
});

test('backoff delays are jittered by the random source and capped', async () => {
  const delays: number[] = [];
  for (const random of [0, 1]) {
    const { clock, service } = setup(new FakeGrant({ kind: 'fail', error: unreachable() }), { backoffBaseMs: 1_000, backoffMaxMs: 4_000, random: () => random });
    service.start();
    await settle();
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const next = service.status().nextRefreshAt!;
      times.push(next - clock.now());
      await clock.advance(next - clock.now());
    }
    delays.push(...times);
    service.stop();
  }
  assert.deepEqual(delays.slice(0, 5), [500, 1000, 2000, 2000, 2000], 'random 0: half of each cap');
  assert.deepEqual(delays.slice(5), [1000, 2000, 4000, 4000, 4000], 'random 1: the whole cap');
});

test('endpoint down after expiry: a bounded wait, then a token_endpoint_* error, never the expired token', async () => {
  const grant = new FakeGrant().then({ kind: 'token', expiresIn: 60 }, { kind: 'hang' });
  const { clock, service } = setup(grant, { timeoutMs: 5_000 });
  assert.equal(await service.getToken(), 'token-1');
  clock.jump(2 * 60_000); // expired; no timers ran (not started)
  const outcome: { value?: unknown } = {};
  service.getToken().then(
    (t) => (outcome.value = t),
    (e: unknown) => (outcome.value = e),
  );
  await clock.advance(4_999);
  assert.equal('value' in outcome, false, 'still waiting within the timeout');
  await clock.advance(1);
  const error = outcome.value;
  assert.ok(error instanceof AppError, `expected an AppError, got ${String(error)}`);
  assert.equal(error.code, 'token_endpoint_timeout');
  assert.equal(error.side, 'token_endpoint');

  // An endpoint that refuses connections fails the same way, at once.
  grant.then({ kind: 'fail', error: unreachable() });
  await clock.advance(1_000); // past minDemandGapMs
  await assert.rejects(service.getToken(), (e: AppError) => e.code === 'token_endpoint_unreachable');
  assert.equal(service.status().validUntil, null);
});

test('invalid_client: state rejected, no retry timer, later calls fail fast without a request', async () => {
  const grant = new FakeGrant({ kind: 'fail', error: rejected() });
  const { clock, service } = setup(grant);
  service.start();
  await settle();
  assert.equal(grant.calls, 1);
  const status = service.status();
  assert.equal(status.state, 'rejected');
  assert.equal(status.nextRefreshAt, null);
  assert.equal(status.lastError?.code, 'credentials_rejected');
  assert.equal(clock.pending, 0, 'no retry timer');
  await clock.advance(HOUR);
  assert.equal(grant.calls, 1, 'nothing retried in an hour');
  for (let i = 0; i < 3; i++) await assert.rejects(service.getToken(), (e: AppError) => e.code === 'credentials_rejected');
  assert.equal(grant.calls, 1, 'getToken fails fast without a request');
  // The user fixes the credentials: an explicit refresh tries again.
  grant.fallback = { kind: 'token' };
  assert.equal((await service.refresh()).state, 'valid');
  assert.equal(grant.calls, 2);
  service.stop();
});

test('a hanging endpoint: the timeout fires, the in-flight lock is released, the next call retries', async () => {
  const grant = new FakeGrant().then({ kind: 'hang' });
  const { clock, service } = setup(grant, { timeoutMs: 2_000, minDemandGapMs: 1_000 });
  // Handlers attached before time moves, so the rejections are never unhandled.
  const first = assert.rejects(service.getToken(), (e: AppError) => e.code === 'token_endpoint_timeout');
  const second = assert.rejects(service.getToken(), (e: AppError) => e.code === 'token_endpoint_timeout');
  await clock.advance(2_000);
  await first;
  await second;
  assert.equal(grant.calls, 1);
  assert.equal(grant.signals[0]!.aborted, true, 'the hung request was aborted');
  assert.notEqual(service.status().state, 'refreshing', 'the lock is released');
  await clock.advance(1_000);
  assert.equal(await service.getToken(), 'token-2', 'the next call retries and succeeds');
  assert.equal(grant.calls, 2);
});

test('wall clock jumps forward hours: the first getToken refreshes before returning', async () => {
  const { clock, grant, service } = setup();
  service.start();
  await settle();
  assert.equal(await service.getToken(), 'token-1');
  clock.jump(5 * HOUR); // the refresh timer slept through it
  assert.equal(grant.calls, 1);
  assert.equal(await service.getToken(), 'token-2', 'never the expired token');
  assert.equal(grant.calls, 2);
  assert.equal(service.status().state, 'valid');
  service.stop();
});

test('a token inside the expiry skew is not served', async () => {
  const { clock, grant, service } = setup(new FakeGrant(), { expirySkewMs: 30_000 });
  assert.equal(await service.getToken(), 'token-1');
  clock.jump(HOUR - 29_000);
  assert.equal(await service.getToken(), 'token-2');
  assert.equal(grant.calls, 2);
});

test('a 401 forces one refresh for many concurrent callers holding the same rejected token', async () => {
  const { grant, service } = setup();
  const old = await service.getToken();
  const fresh = await Promise.all(Array.from({ length: 10 }, () => service.getToken(old)));
  assert.deepEqual(new Set(fresh), new Set(['token-2']));
  assert.equal(grant.calls, 2);
  // A caller still holding the old token after the refresh gets the new one without another request.
  assert.equal(await service.getToken(old), 'token-2');
  assert.equal(grant.calls, 2);
});

test('forced refreshes are bounded: 50 sequential 401s in the window cost one grant, the next window one more', async () => {
  const { clock, grant, service } = setup();
  let token = await service.getToken();
  assert.equal(grant.calls, 1);
  token = await service.getToken(token);
  assert.equal(token, 'token-2');
  for (let i = 0; i < 49; i++) {
    // Each 401 rejects the token in use; inside 30 s the same token comes back, which tells the caller not to replay.
    assert.equal(await service.getToken(token), 'token-2');
  }
  assert.equal(grant.calls, 2, 'one forced refresh for 50 401s');
  await clock.advance(30_000);
  assert.equal(await service.getToken(token), 'token-3', 'the window is over: one more forced refresh');
  assert.equal(grant.calls, 3);
});

test('the refresh bound never keeps an expired token: a rejected token past its life is refreshed as needed', async () => {
  const { clock, grant, service } = setup(new FakeGrant(), { forcedRefreshGapMs: HOUR * 2 });
  const first = await service.getToken();
  const second = await service.getToken(first);
  clock.jump(HOUR);
  assert.notEqual(await service.getToken(second), second);
  assert.equal(grant.calls, 3);
});

test('unconfigured: getToken says so and sends nothing', async () => {
  const service = new TokenService(null, { clock: new FakeClock() });
  assert.equal(service.status().state, 'unconfigured');
  await assert.rejects(service.getToken(), (e: AppError) => e.code === 'settings_missing');
});

test('reconfigure forgets the old token and a rejection', async () => {
  const bad = new FakeGrant({ kind: 'fail', error: rejected() });
  const { service } = setup(bad);
  await assert.rejects(service.getToken());
  assert.equal(service.status().state, 'rejected');
  const good = new FakeGrant();
  service.reconfigure(good.grant);
  assert.equal(service.status().state, 'idle');
  assert.equal(await service.getToken(), 'token-1');
  assert.equal(good.calls, 1);
});

test('start() after stop() sets the refresh-ahead timer again', async () => {
  const { clock, grant, service } = setup();
  service.start();
  await settle();
  service.stop();
  assert.equal(clock.pending, 0);
  service.start();
  assert.equal(service.status().nextRefreshAt, service.status().obtainedAt! + 0.75 * HOUR);
  await clock.advance(0.76 * HOUR);
  assert.equal(grant.calls, 2, 'refreshed ahead without any getToken()');
  service.stop();
});

test('a timeout says "the app keeps retrying" only where it retries: a started service, not a one-off refresh (login)', async () => {
  const once = setup(new FakeGrant().then({ kind: 'hang' }), { timeoutMs: 2_000 });
  const oneOff = once.service.refresh();
  await once.clock.advance(2_000);
  assert.match((await oneOff).lastError?.message ?? '', /did not answer within 2 s\. Check your network or VPN; then try again\.$/);

  const started = setup(new FakeGrant().then({ kind: 'hang' }), { timeoutMs: 2_000 });
  started.service.start();
  await started.clock.advance(2_000);
  assert.match(started.service.status().lastError?.message ?? '', /the app keeps retrying\.$/);
  started.service.stop();
});
