import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TokenStatus } from '../../../app/contract/api.js';
import { FRESH_NOTIFICATION_MEMORY, notificationFor, type NotificationMemory } from '../../../app/core/desktop/notification-policy.js';
import { connectivityNotice } from '../../../app/core/desktop/connectivity-summary.js';
import { MIN, NOW, probe, token } from './fixtures.js';

const down = { code: 'token_endpoint_unreachable' as const, message: 'The token endpoint did not answer.' };
const rejected = { code: 'credentials_rejected' as const, message: 'The client ID or secret was rejected.' };

/** Feeds statuses through the policy and returns the titles notified. */
function run(statuses: TokenStatus[], now = NOW): string[] {
  let memory: NotificationMemory = FRESH_NOTIFICATION_MEMORY;
  const shown: string[] = [];
  for (const status of statuses) {
    const decided = notificationFor(status, now, memory);
    memory = decided.memory;
    if (decided.notice) shown.push(decided.notice.title);
  }
  return shown;
}

test('credentials rejected: one notice that says to log in again', () => {
  const decided = notificationFor(token('rejected', { lastError: rejected }), NOW, FRESH_NOTIFICATION_MEMORY);
  assert.equal(decided.notice?.title, 'AI Gateway: credentials rejected');
  assert.match(decided.notice?.body ?? '', /rejected.*log in again/);
});

test('token cannot be refreshed and none left: one notice, not one per retry', () => {
  const failed = token('failed', { lastError: down });
  const shown = run([failed, token('refreshing'), failed, token('refreshing'), failed]);
  assert.deepEqual(shown, ['AI Gateway: token cannot be refreshed']);
});

test('a failure while the current token still works is not news yet', () => {
  assert.deepEqual(run([token('failed', { validUntil: NOW + 20 * MIN, lastError: down })]), []);
});

test('...until that token runs out (the tray tick re-evaluates with a later now)', () => {
  const failed = token('failed', { validUntil: NOW + 1 * MIN, lastError: down });
  let memory = notificationFor(failed, NOW, FRESH_NOTIFICATION_MEMORY).memory;
  const later = notificationFor(failed, NOW + 2 * MIN, memory);
  assert.equal(later.notice?.title, 'AI Gateway: token cannot be refreshed');
  memory = later.memory;
  assert.equal(notificationFor(failed, NOW + 3 * MIN, memory).notice, null);
});

test('recovery closes the episode: the next failure is reported again', () => {
  const failed = token('failed', { lastError: down });
  const valid = token('valid', { validUntil: NOW + 50 * MIN });
  assert.equal(run([failed, valid, failed]).length, 2);
});

test('escalation from failing to rejected is reported; nothing for quiet states', () => {
  assert.deepEqual(run([token('failed', { lastError: down }), token('rejected', { lastError: rejected }), token('rejected', { lastError: rejected })]), [
    'AI Gateway: token cannot be refreshed',
    'AI Gateway: credentials rejected',
  ]);
  assert.deepEqual(run([token('unconfigured'), token('idle'), token('refreshing'), token('valid', { validUntil: NOW + MIN })]), []);
});

test('connectivity summary after a tray-started test', () => {
  assert.deepEqual(connectivityNotice([probe('anthropic', true), probe('openai', true)]), {
    title: 'Connectivity test passed',
    body: 'All 2 providers answered through the gateway.',
  });
  assert.match(connectivityNotice([probe('anthropic', true), probe('openai', false), probe('google', false)]).body, /^2 of 3 providers failed: OpenAI, Google\./);
});
