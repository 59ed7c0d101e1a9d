/**
 * The app window: built from the one hardened options factory, with the navigation, new-window and
 * permission policies from core applied. Closing it destroys it (a tray app should not hold a renderer
 * in memory all day); the next "Open AI Gateway" builds a fresh one.
 */
import { app, BrowserWindow, shell, type BrowserWindowConstructorOptions, type Session } from 'electron';
import { decideNavigation, decidePermission, decideWindowOpen } from '../core/desktop/navigation-policy.js';
import { windowOptions } from '../core/desktop/window-options.js';
import { appEntryUrl, preloadPath, rendererIndexPath, resourcePath } from './paths.js';

const hardenedSessions = new WeakSet<Session>();

/** Permission requests and checks share one decision; a session is configured once. */
function hardenSession(session: Session): void {
  if (hardenedSessions.has(session)) return;
  hardenedSessions.add(session);
  session.setPermissionRequestHandler((_contents, permission, callback, details) => callback(decidePermission(permission, details.requestingUrl, appEntryUrl)));
  session.setPermissionCheckHandler((_contents, permission, _origin, details) => decidePermission(permission, details.requestingUrl ?? '', appEntryUrl));
}

function openExternally(url: string | null): void {
  if (url) void shell.openExternal(url);
}

/** Owns the single app window. */
export class MainWindow {
  private window: BrowserWindow | null = null;

  constructor(private readonly options: { demo: boolean; onVisibilityChange?: (visible: boolean) => void }) {}

  /**
   * Shows the window, creating it when needed. `route` (e.g. `/agents/codex`) becomes the URL fragment;
   * on an open window that is a same-document navigation, so the renderer's state survives.
   */
  show(route?: string): void {
    const hash = route === undefined ? {} : { hash: route };
    if (this.window && !this.window.isDestroyed()) {
      if (route !== undefined) void this.window.loadFile(rendererIndexPath, hash);
      if (this.window.isMinimized()) this.window.restore();
      this.window.show();
      this.window.focus();
      return;
    }
    this.window = this.create(hash);
  }

  /** Closes the window if it is open. */
  close(): void {
    this.window?.close();
  }

  private create(load: { hash?: string }): BrowserWindow {
    // Typed against Electron's own options: if the core factory drifts from Electron's shape, this line fails to compile.
    const options: BrowserWindowConstructorOptions = windowOptions({
      preloadPath,
      iconPath: process.platform === 'darwin' ? undefined : resourcePath('icon.png'),
      devTools: !app.isPackaged,
      demo: this.options.demo,
    });
    const window = new BrowserWindow(options);
    const contents = window.webContents;
    hardenSession(contents.session);

    contents.setWindowOpenHandler(({ url }) => {
      openExternally(decideWindowOpen(url).openExternally);
      return { action: 'deny' };
    });
    const guardNavigation = (event: { preventDefault(): void; url: string }) => {
      const decision = decideNavigation(event.url, appEntryUrl);
      if (decision.allow) return;
      event.preventDefault();
      openExternally(decision.openExternally);
    };
    contents.on('will-navigate', guardNavigation);
    contents.on('will-redirect', guardNavigation);
    // Subframes navigate through will-frame-navigate; the app has none, so every one is refused.
    contents.on('will-frame-navigate', (event) => {
      if (!event.isMainFrame) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());

    window.once('ready-to-show', () => {
      window.show();
      this.options.onVisibilityChange?.(true);
    });
    window.on('closed', () => {
      if (this.window === window) this.window = null;
      this.options.onVisibilityChange?.(false);
    });
    void window.loadFile(rendererIndexPath, load);
    return window;
  }
}
