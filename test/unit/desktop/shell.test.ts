/**
 * The Electron shell (app/main) driven under Node: `electron` and the core runtime are replaced by
 * recording fakes through module hooks, so the wiring itself is tested: every verb on IPC behind the
 * sender check, the tray following the token, notifications (kept alive through a real garbage
 * collection), the hardened window, a clean stop on quit. What a fake cannot show is tested elsewhere:
 * the routes in the real renderer (test/e2e/tray-routes.test.ts) and the built package (test/package/).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { register } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parseRoute } from '../../../app/contract/routes.js';
import { API_METHODS, type AgentInfo, type AppStatus, type GatewayApi, type TokenStatus } from '../../../app/contract/api.js';
import { AppError } from '../../../app/core/errors.js';
import type * as DesktopApp from '../../../app/main/desktop-app.js';
import type * as Paths from '../../../app/main/paths.js';
import type * as TrayModule from '../../../app/main/tray.js';
import { createFakeElectron, FakeNotification, FakeTray, FakeWindow } from './shell/fake-electron.js';
import { NOW, MIN, token } from './fixtures.js';
import { waitUntil } from '../../helpers/http.js';

const home = mkdtempSync(join(tmpdir(), 'ai-gateway-shell-'));
process.env.XDG_CONFIG_HOME = home;
const fake = createFakeElectron();
register('./shell/hooks.js', import.meta.url);

const tokens = new EventEmitter();
const calls: string[] = [];
let status: TokenStatus = token('valid', { validUntil: Date.now() + 42 * MIN + 30_000 });
const agentList = ['claude-code', 'opencode', 'codex', 'continue', 'goose', 'langchain'].map(
  (id) => ({ id, name: id, installed: true, configured: id === 'codex' }) as unknown as AgentInfo,
);
const api = Object.fromEntries(
  API_METHODS.map((m) => [
    m,
    async (...args: unknown[]) => {
      calls.push(m);
      if (m === 'getStatus') return { token: status, proxy: { running: true, url: 'http://127.0.0.1:8484', port: 8484 }, settings: null, demo: true, version: 't', now: NOW } satisfies AppStatus;
      if (m === 'listAgents') return agentList;
      if (m === 'testConnectivity') return [{ provider: 'anthropic', model: 'm', ok: true, status: 200, latencyMs: 100, diagnosis: 'ok', message: 'ok', fix: null }];
      if (m === 'saveSettings') throw new AppError('settings_invalid', 'Gateway URL must be https.', { field: 'gatewayUrl' });
      return { echoed: args };
    },
  ]),
) as unknown as GatewayApi;
const runtime = { api, tokens, proxyUrl: 'http://127.0.0.1:8484', started: 0, stopped: 0, async start() { this.started += 1; }, async stop() { this.stopped += 1; } };
let runtimeInput: Record<string, unknown> = {};
(globalThis as unknown as { __createRuntime: (input: Record<string, unknown>) => Promise<unknown> }).__createRuntime = async (input) => {
  runtimeInput = input;
  return runtime;
};

type DesktopAppModule = typeof DesktopApp;
type PathsModule = typeof Paths;
const dataDir = join(home, 'data');
// Imported only after the hooks are registered, so their `electron` is the fake.
const { runDesktopApp } = (await import('../../../app/main/desktop-app.js')) as DesktopAppModule;
const { appEntryUrl, rendererIndexPath } = (await import('../../../app/main/paths.js')) as PathsModule;
await runDesktopApp({ demo: true, hidden: false, printToken: false }, dataDir);
const tray = FakeTray.all[0]!;
const labels = () => tray.menu.map((i) => i.label);
const trusted = { senderFrame: { url: appEntryUrl, parent: null, isDestroyed: () => false } };

test('the core is built with the shell\'s stores, in demo mode, and started', () => {
  assert.equal(runtimeInput.demo, true);
  // Direct-mode agents get the app itself as their token command (unpackaged: electron + the app folder).
  assert.deepEqual(runtimeInput.tokenCommand, [process.execPath, '/repo', '--print-token', '--demo']);
  assert.equal(runtimeInput.dataDir, dataDir);
  assert.equal((runtimeInput.secureSecretStore as { kind: string }).kind, 'safe-storage');
  assert.ok(runtimeInput.settingsStore);
  assert.equal(runtime.started, 1);
});

test('every api verb is registered once on its channel', () => {
  assert.deepEqual([...fake.handlers.keys()].sort(), API_METHODS.map((m) => `api:${m}`).sort());
});

test('a trusted call answers an ApiReply; an AppError keeps its code and field', async () => {
  assert.deepEqual(await fake.handlers.get('api:planUndo')!(trusted, 'codex'), { ok: true, value: { echoed: ['codex'] } });
  assert.deepEqual(await fake.handlers.get('api:saveSettings')!(trusted, {}), {
    ok: false,
    error: { code: 'settings_invalid', message: 'Gateway URL must be https.', field: 'gatewayUrl' },
  });
});

test('calls from a subframe, another page or a destroyed frame never reach the api', async () => {
  const before = calls.length;
  for (const senderFrame of [
    { url: appEntryUrl, parent: {}, isDestroyed: () => false },
    { url: 'https://evil.example/', parent: null, isDestroyed: () => false },
    { url: appEntryUrl, parent: null, isDestroyed: () => true },
    null,
  ]) {
    const reply = (await fake.handlers.get('api:getStatus')!({ senderFrame })) as { ok: boolean; error?: { code: string } };
    assert.deepEqual([reply.ok, reply.error?.code], [false, 'forbidden_origin']);
  }
  assert.equal(calls.length, before);
});

test('the tray shows the demo label, the token time, the agents and the icon for the state', () => {
  assert.equal(labels()[0], 'Demo gateway');
  assert.equal(labels()[1], 'Token valid for 42 min');
  assert.match(tray.image, /build\/tray\/tray-valid(@2x|Template)?\.png$/);
  assert.match(tray.tooltip, /^AI Gateway \(demo\): Token valid for 42 min$/);
  const agents = tray.menu.find((i) => i.label === 'Set up agent')?.submenu as { label: string }[];
  assert.equal(agents.length, 6);
  assert.equal(agents.filter((a) => a.label.endsWith('set up ✓')).length, 1);
});

test('a token change redraws the tray and notifies once for rejected credentials', () => {
  status = token('rejected', { lastError: { code: 'credentials_rejected', message: 'The client secret was rejected.' } });
  tokens.emit('change', status);
  tokens.emit('change', status);
  assert.equal(labels()[1], 'Credentials rejected: log in again');
  assert.match(tray.image, /tray-error/);
  assert.deepEqual(FakeNotification.shown.map((n) => n.title), ['AI Gateway: credentials rejected']);
});

test('a notification is kept alive until clicked: after a garbage collection its click still opens the window', async () => {
  status = token('valid', { validUntil: Date.now() + 30 * MIN });
  tokens.emit('change', status);
  status = token('rejected', { lastError: { code: 'credentials_rejected', message: 'The client secret was rejected.' } });
  tokens.emit('change', status);
  const ref = FakeNotification.created.at(-1)!;
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  // WeakRef targets survive the job that created them; collect on later turns.
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    gc();
  }
  const notification = ref.deref();
  assert.ok(notification, 'the shell still holds the notification');
  const window = FakeWindow.all.at(-1)!;
  notification.emit('click');
  assert.deepEqual(window.loaded.at(-1)?.options, { hash: '/settings' });
});

test('Windows: a left click on the tray icon opens the window; elsewhere it is left to the OS', async () => {
  const { TrayView } = (await import('../../../app/main/tray.js')) as typeof TrayModule;
  const actions: string[] = [];
  const initial = { token: status, now: Date.now(), proxyUrl: null, agents: [], startAtLogin: false, demo: false, secretInMemoryOnly: false, connectivity: { state: 'never' as const }, today: null };
  new TrayView(initial, (action) => actions.push(action), 'win32');
  FakeTray.all.at(-1)!.emit('click');
  assert.deepEqual(actions, ['open-window']);
  new TrayView(initial, (action) => actions.push(action), 'linux');
  assert.equal(FakeTray.all.at(-1)!.listenerCount('click'), 0);
});

test('the window is the hardened one, loads the renderer, and denies window.open', () => {
  const window = FakeWindow.all[0]!;
  const prefs = window.options.webPreferences as Record<string, unknown>;
  assert.deepEqual([prefs.sandbox, prefs.contextIsolation, prefs.nodeIntegration, prefs.webviewTag], [true, true, false, false]);
  assert.match(String(prefs.preload), /out\/app\/preload\/index\.cjs$/);
  assert.equal(window.loaded[0]?.path, rendererIndexPath);
  assert.deepEqual(window.windowOpenHandler?.({ url: 'https://docs.example.com/' }), { action: 'deny' });
  assert.deepEqual(fake.opened, ['https://docs.example.com/']);
  const navigation = { url: 'https://evil.example/', prevented: false, preventDefault() { this.prevented = true; } };
  window.contents.emit('will-navigate', navigation);
  assert.equal(navigation.prevented, true);
});

test('tray actions: copy proxy URL, set up an agent (window route), run the connectivity test', async () => {
  tray.menu.find((i) => i.label === 'Copy proxy URL')?.click?.();
  assert.equal(fake.clipboardText, 'http://127.0.0.1:8484');
  const agents = tray.menu.find((i) => i.label === 'Set up agent')?.submenu as { label: string; click: () => void }[];
  agents[2]!.click();
  // The fragment must be one the renderer's router reads (the real renderer is checked in test/e2e/tray-routes.test.ts).
  const { hash } = FakeWindow.all[0]!.loaded.at(-1)?.options as { hash: string };
  assert.deepEqual(parseRoute(hash), { screen: 'agents', agent: 'codex' });
  status = token('valid', { validUntil: Date.now() + 30 * MIN });
  tokens.emit('change', status);
  tray.menu.find((i) => i.label === 'Run connectivity test')?.click?.();
  await new Promise((resolve) => setImmediate(resolve));
  assert.ok(labels().includes('✓ Anthropic · 100 ms'), labels().join(' | '));
  assert.equal(FakeNotification.shown.at(-1)?.title, 'Connectivity test passed');
});

test('start at login toggles the XDG autostart entry (Linux) or the login item', async () => {
  const item = () => tray.menu.find((i) => i.label === 'Start at login');
  assert.equal(item()?.checked, false);
  item()?.click?.();
  await waitUntil(() => item()?.checked === true, 'the entry is checked after enabling');
  item()?.click?.();
  await waitUntil(() => item()?.checked === false, 'the entry is unchecked after disabling');
});

test('closing the window keeps the app; quitting stops the core first, then quits', async () => {
  FakeWindow.all[0]!.close();
  assert.equal(fake.app.quitCalls, 0);
  tray.menu.find((i) => i.label === 'Quit AI Gateway')?.click?.();
  await waitUntil(() => tray.destroyed, 'the tray is removed once the core stopped');
  assert.equal(runtime.stopped, 1);
  assert.equal(tray.destroyed, true);
  assert.equal(fake.app.quitCalls, 2, 'the first quit waits for the stop, the second goes through');
});
