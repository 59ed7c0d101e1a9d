import { test } from 'node:test';
import assert from 'node:assert/strict';
import { trayIconFor, trayImageName, EXPIRING_SOON_MS } from '../../../app/core/desktop/tray-icon.js';
import { MIN, NOW, token } from './fixtures.js';

test('valid with time to spare: green, tooltip with the time left', () => {
  assert.deepEqual(trayIconFor(token('valid', { validUntil: NOW + 42 * MIN }), NOW), { state: 'valid', tooltip: 'AI Gateway: Token valid for 42 min' });
});

test('expiring soon below five minutes, valid at five', () => {
  assert.equal(trayIconFor(token('valid', { validUntil: NOW + EXPIRING_SOON_MS - 1 }), NOW).state, 'expiring');
  assert.equal(trayIconFor(token('valid', { validUntil: NOW + EXPIRING_SOON_MS }), NOW).state, 'valid');
  assert.equal(trayIconFor(token('valid', { validUntil: NOW + 30_000 }), NOW).tooltip, 'AI Gateway: Token valid for less than a minute');
});

test('refreshing: its own image; the token in hand is in the tooltip', () => {
  assert.deepEqual(trayIconFor(token('refreshing', { validUntil: NOW + 20 * MIN }), NOW), {
    state: 'refreshing',
    tooltip: 'AI Gateway: Refreshing token… (token valid for 20 min)',
  });
});

test('failed: amber while a token still works, red once none is left', () => {
  const lastError = { code: 'token_endpoint_unreachable' as const, message: 'Endpoint down.' };
  const held = trayIconFor(token('failed', { validUntil: NOW + 10 * MIN, lastError }), NOW);
  assert.deepEqual(held, { state: 'expiring', tooltip: 'AI Gateway: Token refresh failed: Endpoint down. (token valid for 10 min)' });
  assert.equal(trayIconFor(token('failed', { lastError }), NOW).state, 'error');
  assert.equal(trayIconFor(token('failed', { validUntil: NOW - 1, lastError }), NOW).state, 'error');
});

test('rejected is red; unconfigured is grey, a first run is not an alarm', () => {
  assert.deepEqual(trayIconFor(token('rejected'), NOW), { state: 'error', tooltip: 'AI Gateway: Credentials rejected: log in again' });
  assert.deepEqual(trayIconFor(token('unconfigured'), NOW), { state: 'inactive', tooltip: 'AI Gateway: Not configured' });
  assert.equal(trayIconFor(token('idle'), NOW).state, 'inactive');
});

test('a valid state whose token has run out is shown as an error, not as valid', () => {
  assert.equal(trayIconFor(token('valid', { validUntil: NOW }), NOW).state, 'error');
});

test('demo mode is named in the tooltip', () => {
  assert.equal(trayIconFor(token('unconfigured'), NOW, true).tooltip, 'AI Gateway (demo): Not configured');
});

test('image names per platform: macOS template, Linux 32 px, Windows 16 px with @2x', () => {
  assert.equal(trayImageName('valid', 'darwin'), 'tray-validTemplate.png');
  assert.equal(trayImageName('error', 'linux'), 'tray-error@2x.png');
  assert.equal(trayImageName('expiring', 'win32'), 'tray-expiring.png');
});
