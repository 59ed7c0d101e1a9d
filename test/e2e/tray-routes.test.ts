// The tray's window routes in the real renderer (the headless window is the same React app the Electron
// window loads): every route a tray item emits opens exactly its screen, both when the window opens with
// it (a fresh load, as MainWindow.create does) and when the window is already open on another screen
// (a same-document fragment change, as MainWindow.show does with loadFile(..., { hash })).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AGENT_DESCRIPTORS } from '../../app/core/agents/registry.js';
import { windowRouteFor, type MenuItemTemplate, type TrayAction } from '../../app/core/desktop/menu-template.js';
import { trayMenu, type TrayState } from '../../app/core/desktop/tray-menu.js';
import { startBackend } from './harness/backend.js';
import type { E2eBackend } from './harness/backend.js';
import { launchBrowser, openSession } from './harness/browser.js';
import { AppWindow } from './pages/app-window.js';

let backend: E2eBackend;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let problems: string[];
let app: AppWindow;
let origin: string;

/** Every action in a menu, submenus included. */
function actions(items: readonly MenuItemTemplate[]): TrayAction[] {
  return items.flatMap((item) => [...(item.action ? [item.action] : []), ...actions(item.submenu ?? [])]);
}

const now = Date.now();
const base: TrayState = {
  token: { state: 'valid', validUntil: now + 3_600_000, obtainedAt: now, nextRefreshAt: now + 3_000_000, lastError: null },
  now,
  proxyUrl: 'http://127.0.0.1:8484',
  agents: AGENT_DESCRIPTORS.map(({ id, name }) => ({ id, name, installed: true, configured: false })),
  startAtLogin: false,
  demo: false,
  secretInMemoryOnly: false,
  today: { requests: 3, tokens: 1200 },
  connectivity: { state: 'done', at: now, results: [{ provider: 'anthropic', model: 'm', ok: true, status: 200, latencyMs: 10, diagnosis: 'ok', message: 'ok', fix: null }] },
};
// The menus that hold every routed item: agents and probe results (configured), and "Log in…" (credentials rejected).
const rejected: TrayState = { ...base, token: { ...base.token, state: 'rejected', lastError: { code: 'credentials_rejected', message: 'rejected' } } };
const routed = [...new Set([...actions(trayMenu(base)), ...actions(trayMenu(rejected))])].flatMap((action) => {
  const route = windowRouteFor(action);
  return route === undefined ? [] : [{ action, route }];
});

/** The screen title each routed action must show. */
function expectedTitle(action: TrayAction): string {
  if (action.startsWith('setup-agent:')) return `Set up ${AGENT_DESCRIPTORS.find((d) => `setup-agent:${d.id}` === action)!.name}`;
  if (action === 'show-connectivity') return 'Connectivity';
  if (action === 'show-usage') return 'Usage';
  if (action === 'login') return 'Settings';
  throw new Error(`no expected screen for ${action}`);
}

before(async () => {
  backend = await startBackend({ configured: true });
  browser = await launchBrowser();
  ({ context, page, problems } = await openSession(browser, backend.url));
  app = new AppWindow(page);
  origin = new URL(backend.url).origin;
});

after(async () => {
  await context?.close();
  await browser?.close();
  await backend?.close();
});

test('the tray emits a route for each agent, the connectivity results, today\'s usage and Log in', () => {
  assert.deepEqual(routed.map((r) => r.action).sort(), [...AGENT_DESCRIPTORS.map((d) => `setup-agent:${d.id}`), 'login', 'show-connectivity', 'show-usage'].sort());
});

test('window closed: opening it on a tray route shows that screen', async () => {
  for (const { action, route } of routed) {
    await page.goto(`${origin}/#${route}`);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: expectedTitle(action), exact: true }).waitFor({ timeout: 10_000 });
    assert.equal(await app.screenTitle(), expectedTitle(action), `${action} (${route})`);
  }
});

test('window open on another screen: the tray route alone (a fragment change) switches to its screen', async () => {
  for (const { action, route } of routed) {
    await app.openScreen('Token');
    // Exactly what loadFile(index, { hash }) does to an open window: same document, new fragment.
    await page.goto(`${origin}/#${route}`);
    await page.getByRole('heading', { level: 1, name: expectedTitle(action), exact: true }).waitFor({ timeout: 10_000 });
    assert.equal(await app.screenTitle(), expectedTitle(action), `${action} (${route})`);
  }
  // Another agent's route while a wizard is open replaces that wizard.
  await page.goto(`${origin}/#/agents/codex`);
  await page.getByRole('heading', { level: 1, name: 'Set up Codex CLI', exact: true }).waitFor();
  await page.goto(`${origin}/#/agents/claude-code`);
  await page.getByRole('heading', { level: 1, name: 'Set up Claude Code', exact: true }).waitFor();
  assert.deepEqual(problems, []);
});
