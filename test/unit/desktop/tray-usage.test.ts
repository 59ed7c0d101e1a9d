import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compactCount, startOfToday, todayLabel, trayMenu } from '../../../app/core/desktop/tray-menu.js';
import { windowRouteFor } from '../../../app/core/desktop/menu-template.js';
import { trayState } from './fixtures.js';

test("tray: today's requests and tokens under the status line; a click opens the Usage screen", () => {
  const menu = trayMenu(trayState({ today: { requests: 1234, tokens: 18_340 } }));
  const at = menu.findIndex((i) => i.id === 'usage-today');
  assert.equal(menu[at]?.label, 'Today: 1,234 requests · 18k tokens');
  assert.equal(menu[at]?.action, 'show-usage');
  assert.equal(windowRouteFor('show-usage'), '/usage');
  assert.equal(menu[at - 1]?.id, 'status');
  assert.equal(menu[at + 1]?.type, 'separator');
});

test('tray: no line before the history was read; a plain line for a quiet day', () => {
  assert.equal(trayMenu(trayState()).find((i) => i.id === 'usage-today'), undefined);
  assert.equal(todayLabel({ requests: 0, tokens: 0 }), 'Today: no requests yet');
  assert.equal(todayLabel({ requests: 1, tokens: 950 }), 'Today: 1 request · 950 tokens');
});

test('tray: token counts short enough for a menu', () => {
  assert.deepEqual([0, 999, 1000, 1250, 9_949, 9_950, 18_340, 999_949, 999_950, 1_250_000, 12_000_000].map(compactCount), ['0', '999', '1k', '1.3k', '9.9k', '10k', '18k', '1M', '1M', '1.3M', '12M']);
});

test("tray: today starts at local midnight", () => {
  const now = new Date(2026, 11, 2, 15, 42, 7).getTime();
  assert.equal(startOfToday(now), new Date(2026, 11, 2, 0, 0, 0).getTime());
  assert.equal(startOfToday(startOfToday(now)), startOfToday(now));
});
