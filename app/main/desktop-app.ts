/**
 * The desktop shell, composed: secret and settings stores, the core runtime, the api on IPC, the
 * tray, the window, notifications and start-at-login. Logic lives in app/core/desktop; this file wires.
 */
import { spawn } from 'node:child_process';
import { app, clipboard, Notification } from 'electron';
import type { ApiMethod, TokenStatus } from '../contract/api.js';
import { KeyringSecretStore } from '../core/config/secret-store.js';
import { connectivityNotice } from '../core/desktop/connectivity-summary.js';
import { DEMO_SWITCH, type LaunchOptions } from '../core/desktop/launch-options.js';
import { loginShellPath, mergePath } from '../core/desktop/login-shell-path.js';
import { parseTrayAction, windowRouteFor, type TrayAction } from '../core/desktop/menu-template.js';
import { FRESH_NOTIFICATION_MEMORY, notificationFor, type Notice } from '../core/desktop/notification-policy.js';
import { relaunchPlan } from '../core/desktop/relaunch.js';
import { desktopTokenCommand } from '../core/desktop/token-command.js';
import { startOfToday, type TrayState } from '../core/desktop/tray-menu.js';
import { toErrorDto } from '../core/errors.js';
import { ElectronSettingsStore } from './electron-settings-store.js';
import { registerApi } from './ipc-api.js';
import { currentLaunch } from './launch-input.js';
import { getStartAtLogin, launchedAtLogin, setStartAtLogin } from './login-item.js';
import { MainWindow } from './main-window.js';
import { appEntryUrl } from './paths.js';
import { openRuntime, type DesktopRuntime } from './runtime-bridge.js';
import { desktopSecretStore } from './secret-stores.js';
import { TrayView } from './tray.js';

/** The tooltip's "valid for N min" goes stale; redraw this often. */
const TICK_MS = 30_000;
/** Quitting waits this long for the core to stop before giving up on it. */
const STOP_TIMEOUT_MS = 5_000;
/** Verbs after which what the tray shows (agents, token, settings) may have changed. */
const TRAY_AFFECTING: ReadonlySet<ApiMethod> = new Set(['saveSettings', 'refreshToken', 'applySetup', 'undoSetup']);

const unconfigured: TokenStatus = { state: 'unconfigured', validUntil: null, obtainedAt: null, nextRefreshAt: null, lastError: null };

function log(message: string, error?: unknown): void {
  console.error(`[ai-gateway] ${message}`, error ?? '');
}

/**
 * Notifications on screen. A Notification nobody references is garbage-collected with its listeners, and
 * its click then does nothing (electron/electron#12690 and the Notification docs' examples keep one); each
 * is kept until it is clicked, closed or failed, and never more than the last few.
 */
const liveNotifications = new Set<Notification>();
const MAX_LIVE_NOTIFICATIONS = 10;

function notify(notice: Notice, onClick: () => void): void {
  if (!Notification.isSupported()) return;
  const notification = new Notification({ title: notice.title, body: notice.body });
  const release = () => void liveNotifications.delete(notification);
  notification.on('click', () => {
    release();
    onClick();
  });
  notification.on('close', release);
  notification.on('failed', release);
  liveNotifications.add(notification);
  for (const old of liveNotifications) {
    if (liveNotifications.size <= MAX_LIVE_NOTIFICATIONS) break;
    liveNotifications.delete(old);
  }
  notification.show();
}

/**
 * macOS: an app started from Finder has launchd's PATH; take the login shell's once, before agents are
 * detected, so Homebrew, npm and ~/.local/bin agents are found (and their `--version` probes run).
 */
async function adoptLoginShellPath(): Promise<void> {
  if (process.platform !== 'darwin') return;
  const found = await loginShellPath({ shell: process.env.SHELL || '/bin/zsh', env: process.env });
  if (found) process.env.PATH = mergePath(found, process.env.PATH);
  else log('could not read the login shell PATH; agents outside /usr/bin may show as not installed');
}

/** A build without the keyring binding for this CPU cannot read the secret `ai-gateway login` stored: say so, loudly. */
async function reportMissingKeyring(keyring: KeyringSecretStore, demo: boolean): Promise<void> {
  if (demo) return;
  const problem = await keyring.bindingProblem();
  if (!problem) return;
  log(`${problem}. The secret stored by \`ai-gateway login\` cannot be read; enter it in Settings, or install the build for this computer.`);
  notify({ title: 'AI Gateway: keyring module missing', body: 'The secret stored by the ai-gateway command cannot be read by this build. Enter it in Settings, or install the build for this computer.' }, () => undefined);
}

/** Starts the desktop app; resolves once the tray is up. Call after the single-instance lock is held. */
export async function runDesktopApp(launch: LaunchOptions, dataDir: string): Promise<void> {
  if (process.platform === 'win32') app.setAppUserModelId('dev.ai-gateway.desktop');
  // A tray app: closing the window must not end it. (Registering the listener overrides Electron's default quit.)
  app.on('window-all-closed', () => undefined);
  await app.whenReady();
  await adoptLoginShellPath();

  const keyring = new KeyringSecretStore();
  const runtime: DesktopRuntime = await openRuntime({
    settingsStore: new ElectronSettingsStore(dataDir),
    secureSecretStore: desktopSecretStore(dataDir, launch.demo, { keyring, log }),
    demo: launch.demo,
    dataDir,
    tokenCommand: desktopTokenCommand(currentLaunch(), launch.demo),
  });
  void reportMissingKeyring(keyring, launch.demo);

  const window = new MainWindow({
    demo: launch.demo,
    // macOS: a dock icon only while there is a window to switch to.
    onVisibilityChange: (visible) => void (visible ? app.dock?.show() : app.dock?.hide()),
  });

  let memory = FRESH_NOTIFICATION_MEMORY;
  const initial: TrayState = {
    token: unconfigured,
    now: Date.now(),
    proxyUrl: null,
    agents: [],
    startAtLogin: await getStartAtLogin().catch(() => false),
    demo: launch.demo,
    secretInMemoryOnly: false,
    connectivity: { state: 'never' },
    today: null,
  };
  const tray = new TrayView(initial, (action) => void onAction(action));

  const showToken = (token: TokenStatus) => {
    const now = Date.now();
    const decided = notificationFor(token, now, memory);
    memory = decided.memory;
    if (decided.notice) notify(decided.notice, () => window.show('/settings'));
    tray.update({ token, now });
  };

  const refreshStatus = async () => {
    try {
      const status = await runtime.api.getStatus();
      tray.update({ proxyUrl: status.proxy.running ? status.proxy.url : null, secretInMemoryOnly: status.settings?.secret.storage === 'memory' });
      showToken(status.token);
    } catch (error) {
      log('could not read the status', error);
    }
  };

  /** Today's requests and tokens for the menu, from the usage history (this process's and any other's). */
  const refreshToday = async () => {
    try {
      const { totals } = await runtime.api.getUsage({ since: startOfToday(Date.now()) });
      tray.update({ today: { requests: totals.requests, tokens: totals.inputTokens + totals.outputTokens } });
    } catch (error) {
      log('could not read the usage history', error);
    }
  };

  const refreshAgents = async () => {
    try {
      const agents = await runtime.api.listAgents();
      tray.update({ agents: agents.map(({ id, name, installed, configured }) => ({ id, name, installed, configured })) });
    } catch (error) {
      log('could not detect agents', error);
    }
  };

  const runConnectivityTest = async () => {
    tray.update({ connectivity: { state: 'running' } });
    try {
      const results = await runtime.api.testConnectivity();
      tray.update({ connectivity: { state: 'done', at: Date.now(), results } });
      notify(connectivityNotice(results), () => window.show('/connectivity'));
    } catch (error) {
      tray.update({ connectivity: { state: 'failed', at: Date.now(), error: toErrorDto(error) } });
    }
  };

  async function onAction(action: TrayAction): Promise<void> {
    const parsed = parseTrayAction(action);
    switch (parsed.command) {
      case 'open-window':
      case 'show-connectivity':
      case 'show-usage':
      case 'login':
      case 'setup-agent':
        return window.show(windowRouteFor(action));
      case 'refresh-token':
        // The token service emits 'change' with the outcome; a failure is already in that status.
        return void runtime.api.refreshToken().catch(() => undefined);
      case 'run-connectivity-test':
        return runConnectivityTest();
      case 'copy-proxy-url':
        if (tray.current.proxyUrl) clipboard.writeText(tray.current.proxyUrl);
        return;
      case 'toggle-start-at-login': {
        const wanted = !tray.current.startAtLogin;
        await setStartAtLogin(wanted).catch((error) => log('could not change start at login', error));
        tray.update({ startAtLogin: await getStartAtLogin().catch(() => wanted) });
        return;
      }
      case 'quit':
        app.quit();
        return;
    }
  }

  // "Try the demo" on the first-run screen: the app restarts itself with --demo (its own data folder and lock).
  const startDemo = async () => {
    if (launch.demo) return { started: false, instructions: 'This is the demo already.' };
    const plan = relaunchPlan(currentLaunch(), process.argv, [DEMO_SWITCH]);
    if (plan.kind === 'spawn') spawn(plan.command, plan.args, { detached: true, stdio: 'ignore' }).unref();
    else app.relaunch({ execPath: plan.execPath, args: plan.args });
    setImmediate(() => app.quit());
    return { started: true, instructions: 'Restarting in demo mode...' };
  };

  registerApi({ ...runtime.api, startDemo }, {
    appEntryUrl,
    onCalled: (method) => {
      if (!TRAY_AFFECTING.has(method)) return;
      void refreshStatus();
      if (method !== 'refreshToken') void refreshAgents();
    },
    onRefused: (method, url) => log(`refused ${method} from ${url}`),
  });

  runtime.tokens.on('change', showToken);
  const tick = setInterval(() => {
    showToken(tray.current.token);
    void refreshToday();
  }, TICK_MS);

  app.on('second-instance', () => window.show());
  app.on('activate', () => window.show());

  let stopped = false;
  app.on('before-quit', (event) => {
    if (stopped) return;
    // Hold the quit until the proxy has closed its sockets and the token timers are gone.
    event.preventDefault();
    clearInterval(tick);
    runtime.tokens.off('change', showToken);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, STOP_TIMEOUT_MS)));
    void Promise.race([runtime.stop().catch((error) => log('stopping the core failed', error)), timeout]).finally(() => {
      clearTimeout(timer);
      stopped = true;
      tray.destroy();
      app.quit();
    });
  });

  try {
    await runtime.start();
  } catch (error) {
    // A busy port or a broken settings file must not kill the tray: the window explains and offers the fix.
    log('the core did not start', error);
  }
  await Promise.all([refreshStatus(), refreshAgents(), refreshToday()]);

  if (!launchedAtLogin(process.argv) && !launch.hidden) window.show();
  else if (process.platform === 'darwin') app.dock?.hide();
}
