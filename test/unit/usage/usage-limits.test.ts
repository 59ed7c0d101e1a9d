import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseStoredSettings } from '../../../app/core/config/stored-settings.js';
import { AppError } from '../../../app/core/errors.js';
import { usageLimits } from '../../../app/core/usage/usage-limits.js';

const DAY = 86_400_000;

test('usage limits: a week and 50 MB by default; settings.json, then the environment, override them', () => {
  assert.deepEqual(usageLimits({}, {}), { retentionDays: 7, maxMb: 50, retentionMs: 7 * DAY, maxBytes: 50 * 1024 * 1024 });
  assert.deepEqual(usageLimits({ usageRetentionDays: 30, usageMaxMb: 5 }, {}), { retentionDays: 30, maxMb: 5, retentionMs: 30 * DAY, maxBytes: 5 * 1024 * 1024 });
  const env = { AI_GATEWAY_USAGE_RETENTION_DAYS: ' 2 ', AI_GATEWAY_USAGE_MAX_MB: '' };
  assert.deepEqual(usageLimits({ usageRetentionDays: 30, usageMaxMb: 5 }, env), { retentionDays: 2, maxMb: 5, retentionMs: 2 * DAY, maxBytes: 5 * 1024 * 1024 });
});

test('usage limits: an environment value that is not a whole number in range is refused, naming it and the fix', () => {
  for (const [name, value] of [['AI_GATEWAY_USAGE_RETENTION_DAYS', '0'], ['AI_GATEWAY_USAGE_RETENTION_DAYS', '1.5'], ['AI_GATEWAY_USAGE_MAX_MB', '2048'], ['AI_GATEWAY_USAGE_MAX_MB', 'lots']] as const) {
    assert.throws(
      () => usageLimits({}, { [name]: value }),
      (error: unknown) => error instanceof AppError && error.code === 'settings_invalid' && error.message.startsWith(`${name}="${value}" is not a whole number from`) && /unset it to use the "usage(RetentionDays|MaxMb)" setting/.test(error.message),
      `${name}=${value}`,
    );
  }
});

test('settings.json: usageRetentionDays and usageMaxMb must be whole numbers in range', () => {
  assert.equal(parseStoredSettings({ usageRetentionDays: 14, usageMaxMb: 100 }).ok, true);
  assert.deepEqual(parseStoredSettings({ usageRetentionDays: 0 }), { ok: false, issue: { path: ['usageRetentionDays'], message: 'expected a whole number from 1 to 366, got 0' } });
  assert.deepEqual(parseStoredSettings({ usageMaxMb: '10' }), { ok: false, issue: { path: ['usageMaxMb'], message: 'expected a whole number from 1 to 1024, got "10"' } });
});
