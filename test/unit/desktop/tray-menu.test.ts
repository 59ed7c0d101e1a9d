import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AGENT_IDS } from '../../../app/contract/api.js';
import type { MenuItemTemplate, TrayAction } from '../../../app/core/desktop/menu-template.js';
import { parseTrayAction, windowRouteFor } from '../../../app/core/desktop/menu-template.js';
import { trayMenu } from '../../../app/core/desktop/tray-menu.js';
import { formatRemaining } from '../../../app/core/desktop/duration.js';
import { agents, MIN, NOW, probe, token, trayState } from './fixtures.js';

const byId = (items: MenuItemTemplate[], id: string) => items.find((i) => i.id === id);
const labels = (items: MenuItemTemplate[]) => items.filter((i) => i.type !== 'separator').map((i) => i.label);
const err = (message: string) => ({ code: 'token_endpoint_unreachable' as const, message });

function allActions(items: MenuItemTemplate[]): TrayAction[] {
  return items.flatMap((i) => [...(i.action ? [i.action] : []), ...allActions(i.submenu ?? [])]);
}

test('valid token: status line with minutes left, Refresh token, the fixed entries in order', () => {
  const menu = trayMenu(trayState());
  assert.deepEqual(labels(menu), [
    'Token valid for 42 min',
    'Refresh token',
    'Run connectivity test',
    'Set up agent',
    'Open AI Gateway',
    'Copy proxy URL',
    'Start at login',
    'Quit AI Gateway',
  ]);
  assert.equal(byId(menu, 'status')?.enabled, false);
  assert.equal(byId(menu, 'refresh')?.action, 'refresh-token');
  assert.equal(byId(menu, 'refresh')?.enabled, true);
  assert.equal(menu.at(-1)?.action, 'quit');
});

test('refreshing: status says so, Refresh is greyed, and the token still held is shown', () => {
  const menu = trayMenu(trayState({ token: token('refreshing', { validUntil: NOW + 3 * MIN }) }));
  assert.equal(byId(menu, 'status')?.label, 'Refreshing token…');
  assert.equal(byId(menu, 'status-detail')?.label, 'Current token valid for 3 min');
  assert.equal(byId(menu, 'refresh')?.enabled, false);
});

test('failed: the reason is in the status line, shortened to one line', () => {
  const long = 'The token endpoint https://auth.example.com/oauth2/token did not answer within 15 s. Check the VPN or proxy settings and try again.';
  const menu = trayMenu(trayState({ token: token('failed', { lastError: err(long) }) }));
  const status = byId(menu, 'status')?.label ?? '';
  assert.match(status, /^Token refresh failed: The token endpoint https:\/\/auth\.example\.com/);
  assert.ok(status.length <= 'Token refresh failed: '.length + 80, status);
  assert.ok(status.endsWith('…'));
  assert.equal(byId(menu, 'status-detail'), undefined, 'no token left: no "still valid" line');
  assert.equal(byId(menu, 'refresh')?.action, 'refresh-token');
});

test('failed with a token still valid: both the failure and the time left', () => {
  const menu = trayMenu(trayState({ token: token('failed', { validUntil: NOW + 12 * MIN, lastError: err('Endpoint down.') }) }));
  assert.equal(byId(menu, 'status')?.label, 'Token refresh failed: Endpoint down.');
  assert.equal(byId(menu, 'status-detail')?.label, 'Current token valid for 12 min');
});

test('rejected: asks to log in again, and offers Log in instead of Refresh', () => {
  const menu = trayMenu(trayState({ token: token('rejected', { lastError: { code: 'credentials_rejected', message: 'invalid_client' } }) }));
  assert.equal(byId(menu, 'status')?.label, 'Credentials rejected: log in again');
  assert.equal(byId(menu, 'refresh'), undefined);
  assert.equal(byId(menu, 'login')?.action, 'login');
});

test('not configured: Log in, no connectivity test, no proxy URL to copy', () => {
  const menu = trayMenu(trayState({ token: token('unconfigured'), proxyUrl: null }));
  assert.equal(byId(menu, 'status')?.label, 'Not configured');
  assert.equal(byId(menu, 'login')?.label, 'Log in…');
  assert.equal(byId(menu, 'connectivity')?.enabled, false);
  assert.equal(byId(menu, 'copy-proxy-url')?.enabled, false);
});

test('idle without a token says so rather than inventing a time', () => {
  assert.equal(byId(trayMenu(trayState({ token: token('idle') })), 'status')?.label, 'No token yet');
});

test('demo mode: "Demo gateway" label first, greyed', () => {
  const menu = trayMenu(trayState({ demo: true }));
  assert.deepEqual(menu[0], { id: 'demo', label: 'Demo gateway', enabled: false });
  assert.equal(byId(trayMenu(trayState()), 'demo'), undefined);
});

test('set up agent: six entries, each saying whether it is set up', () => {
  const menu = trayMenu(trayState({ agents: agents(['claude-code', 'codex'], ['goose']) }));
  const sub = byId(menu, 'agents');
  assert.equal(sub?.type, 'submenu');
  assert.equal(sub?.submenu?.length, 6);
  assert.deepEqual(
    sub?.submenu?.map((i) => [i.label, i.action]),
    [
      ['Claude Code: set up ✓', 'setup-agent:claude-code'],
      ['OpenCode: not set up', 'setup-agent:opencode'],
      ['Codex: set up ✓', 'setup-agent:codex'],
      ['Continue: not set up', 'setup-agent:continue'],
      ['Goose: not installed', 'setup-agent:goose'],
      ['LangChain: not set up', 'setup-agent:langchain'],
    ],
  );
  assert.deepEqual(sub?.submenu?.map((i) => parseTrayAction(i.action!)), AGENT_IDS.map((agent) => ({ command: 'setup-agent', agent })));
});

test('agents not detected yet: a greyed placeholder, not an empty submenu', () => {
  const sub = byId(trayMenu(trayState({ agents: [] })), 'agents');
  assert.deepEqual(sub?.submenu, [{ id: 'agents-loading', label: 'Detecting agents…', enabled: false }]);
});

test('connectivity: running greys the item; results are listed after a run', () => {
  const running = trayMenu(trayState({ connectivity: { state: 'running' } }));
  assert.deepEqual(byId(running, 'connectivity'), { id: 'connectivity', label: 'Testing connectivity…', enabled: false });

  const results = [probe('anthropic', true), probe('openai', false), probe('google', true, { latencyMs: null }), probe('azure-openai', false, { diagnosis: 'model_unknown' })];
  const done = trayMenu(trayState({ connectivity: { state: 'done', at: NOW, results } }));
  const probes = done.filter((i) => i.id?.startsWith('probe:'));
  assert.deepEqual(probes.map((i) => i.label), ['✓ Anthropic · 231 ms', '✗ OpenAI · gateway unreachable', '✓ Google', '✗ Azure OpenAI · model unknown']);
  assert.ok(probes.every((i) => i.action === 'show-connectivity'));
  const index = done.findIndex((i) => i.id === 'connectivity');
  assert.equal(done[index + 1]?.id, 'probe:anthropic', 'results follow the test item');
  assert.equal(byId(done, 'connectivity')?.enabled, true, 'the test can be run again');

  const failed = trayMenu(trayState({ connectivity: { state: 'failed', at: NOW, error: { code: 'settings_missing', message: 'Not configured.' } } }));
  assert.equal(byId(failed, 'connectivity-error')?.label, 'Test failed: Not configured.');
});

test('start at login is a checkbox reflecting the setting', () => {
  assert.equal(byId(trayMenu(trayState()), 'start-at-login')?.checked, false);
  const on = byId(trayMenu(trayState({ startAtLogin: true })), 'start-at-login');
  assert.deepEqual([on?.type, on?.checked, on?.action], ['checkbox', true, 'toggle-start-at-login']);
});

test('a secret held in memory only is mentioned', () => {
  assert.equal(byId(trayMenu(trayState({ secretInMemoryOnly: true })), 'secret-memory')?.enabled, false);
  assert.equal(byId(trayMenu(trayState()), 'secret-memory'), undefined);
});

test('every action in every state is one the shell handles, and separators never double up', () => {
  const known = new Set(['open-window', 'show-connectivity', 'show-usage', 'login', 'refresh-token', 'run-connectivity-test', 'copy-proxy-url', 'toggle-start-at-login', 'quit', 'setup-agent']);
  for (const state of ['unconfigured', 'idle', 'refreshing', 'valid', 'failed', 'rejected'] as const) {
    const menu = trayMenu(trayState({ token: token(state, { lastError: err('x') }), demo: true, connectivity: { state: 'done', at: NOW, results: [probe('openai', true)] } }));
    for (const action of allActions(menu)) assert.ok(known.has(parseTrayAction(action).command), action);
    menu.forEach((item, i) => assert.ok(!(item.type === 'separator' && menu[i + 1]?.type === 'separator'), `double separator in ${state}`));
    assert.notEqual(menu[0]?.type, 'separator');
  }
});

test('window routes: agents, connectivity and settings land on their screen', () => {
  assert.equal(windowRouteFor('setup-agent:codex'), '/agents/codex');
  assert.equal(windowRouteFor('show-connectivity'), '/connectivity');
  assert.equal(windowRouteFor('login'), '/settings');
  assert.equal(windowRouteFor('open-window'), undefined);
});

test('remaining time is rounded down and readable', () => {
  assert.equal(formatRemaining(59_999), 'less than a minute');
  assert.equal(formatRemaining(42 * MIN + 59_000), '42 min');
  assert.equal(formatRemaining(60 * MIN), '1 h');
  assert.equal(formatRemaining(65 * MIN), '1 h 5 min');
});
