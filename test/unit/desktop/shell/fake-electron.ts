/** A recording fake of the parts of Electron the shell uses, enough to drive app/main under Node. */
import { EventEmitter } from 'node:events';

type Handler = (event: unknown, ...args: unknown[]) => unknown;

/** A BrowserWindow that records what the shell did to it. */
export class FakeWindow extends EventEmitter {
  static all: FakeWindow[] = [];
  destroyed = false;
  shown = false;
  loaded: { path: string; options: unknown }[] = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  readonly contents = new EventEmitter();
  readonly session = {
    permissionRequest: null as null | ((...args: unknown[]) => void),
    permissionCheck: null as null | ((...args: unknown[]) => boolean),
    setPermissionRequestHandler: (h: (...args: unknown[]) => void) => void (this.session.permissionRequest = h),
    setPermissionCheckHandler: (h: (...args: unknown[]) => boolean) => void (this.session.permissionCheck = h),
  };
  readonly webContents = Object.assign(this.contents, {
    session: this.session,
    setWindowOpenHandler: (h: (details: { url: string }) => { action: string }) => void (this.windowOpenHandler = h),
  });

  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeWindow.all.push(this);
  }
  async loadFile(path: string, options: unknown) {
    this.loaded.push({ path, options });
  }
  isDestroyed() {
    return this.destroyed;
  }
  isMinimized() {
    return false;
  }
  restore() {}
  show() {
    this.shown = true;
  }
  focus() {}
  close() {
    this.destroyed = true;
    this.emit('closed');
  }
}

/** A Tray that keeps its last image, tooltip and menu; an EventEmitter like Electron's (`click`). */
export class FakeTray extends EventEmitter {
  static all: FakeTray[] = [];
  image = '';
  tooltip = '';
  menu: { label?: string; click?: () => void; submenu?: unknown[]; type?: string; checked?: boolean }[] = [];
  menuSets = 0;
  destroyed = false;
  constructor(image: { path: string }) {
    super();
    this.image = image.path;
    FakeTray.all.push(this);
  }
  setImage(image: { path: string }) {
    this.image = image.path;
  }
  setToolTip(text: string) {
    this.tooltip = text;
  }
  setContextMenu(menu: { items: FakeTray['menu'] }) {
    this.menu = menu.items;
    this.menuSets += 1;
  }
  destroy() {
    this.destroyed = true;
  }
}

/**
 * Notifications shown, by title. Like Electron's, the fake holds no reference to a shown notification
 * (Electron keeps only a weak one, electron/electron#16922); `created` lets a test see whether the
 * shell kept it alive through a garbage collection.
 */
export class FakeNotification extends EventEmitter {
  static shown: { title: string; body: string }[] = [];
  static created: WeakRef<FakeNotification>[] = [];
  static isSupported() {
    return true;
  }
  constructor(private readonly options: { title: string; body: string }) {
    super();
    FakeNotification.created.push(new WeakRef(this));
  }
  show() {
    FakeNotification.shown.push(this.options);
  }
}

/** The fake module's shape. */
export type FakeElectron = ReturnType<typeof createFakeElectron>;

/** Builds the fake and installs it where electron-module.js reads it. */
export function createFakeElectron(options: { linuxBackend?: string; encryptionAvailable?: boolean } = {}) {
  const handlers = new Map<string, Handler>();
  const emitter = new EventEmitter();
  const app = Object.assign(emitter, {
    isPackaged: false,
    paths: {} as Record<string, string>,
    quitCalls: 0,
    loginItem: { openAtLogin: false, wasOpenedAtLogin: false },
    dock: { hidden: false, show() { this.hidden = false; }, hide() { this.hidden = true; } },
    setPath(name: string, value: string) {
      this.paths[name] = value;
    },
    getPath(name: string) {
      return this.paths[name] ?? '/tmp';
    },
    getVersion: () => '0.0.0-test',
    getAppPath: () => '/repo',
    whenReady: async () => undefined,
    requestSingleInstanceLock: () => true,
    setAppUserModelId: () => undefined,
    getLoginItemSettings() {
      return { ...this.loginItem };
    },
    setLoginItemSettings(settings: { openAtLogin: boolean }) {
      this.loginItem.openAtLogin = settings.openAtLogin;
    },
    quit() {
      this.quitCalls += 1;
      const event = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
      emitter.emit('before-quit', event);
    },
    exit: () => undefined,
  });
  const fake = {
    app,
    handlers,
    clipboardText: '',
    opened: [] as string[],
    ipcMain: {
      handle: (channel: string, handler: Handler) => {
        if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
        handlers.set(channel, handler);
      },
      removeHandler: (channel: string) => void handlers.delete(channel),
      // electron-store registers one listener of its own.
      on: () => undefined,
    },
    BrowserWindow: FakeWindow,
    Tray: FakeTray,
    Notification: FakeNotification,
    Menu: { buildFromTemplate: (items: FakeTray['menu']) => ({ items }) },
    nativeImage: { createFromPath: (path: string) => ({ path }) },
    safeStorage: {
      isEncryptionAvailable: () => options.encryptionAvailable ?? true,
      getSelectedStorageBackend: () => options.linuxBackend ?? 'gnome_libsecret',
      encryptString: (text: string) => Buffer.from(`enc:${text}`),
      decryptString: (blob: Buffer) => blob.toString().replace(/^enc:/, ''),
    },
    shell: { openExternal: async (url: string) => void fake.opened.push(url), openPath: async () => '' },
    clipboard: { writeText: (text: string) => void (fake.clipboardText = text) },
  };
  (globalThis as unknown as { __fakeElectron: typeof fake }).__fakeElectron = fake;
  FakeWindow.all = [];
  FakeTray.all = [];
  FakeNotification.shown = [];
  FakeNotification.created = [];
  return fake;
}
