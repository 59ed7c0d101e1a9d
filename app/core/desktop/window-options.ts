/**
 * The one hardened BrowserWindow configuration. Every window the app opens goes through here, and a
 * unit test pins each security switch so a refactor cannot quietly loosen one.
 */

/** The subset of Electron's WebPreferences the app sets; app/main checks it against Electron's types. */
export interface HardenedWebPreferences {
  preload: string;
  sandbox: true;
  contextIsolation: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  nodeIntegrationInSubFrames: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  webviewTag: false;
  experimentalFeatures: false;
  navigateOnDragDrop: false;
  safeDialogs: true;
  devTools: boolean;
  spellcheck: boolean;
}

/** The subset of BrowserWindowConstructorOptions the app sets. */
export interface HardenedWindowOptions {
  title: string;
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  show: false;
  autoHideMenuBar: true;
  icon?: string;
  webPreferences: HardenedWebPreferences;
}

/** Inputs that differ between dev and packaged runs. */
export interface WindowOptionsInput {
  preloadPath: string;
  /** Window icon (Linux and Windows title bars); macOS takes the bundle's icon. */
  iconPath?: string;
  /** DevTools only in development; packaged builds ship without them. */
  devTools?: boolean;
  demo?: boolean;
}

/** The main window's options. */
export function windowOptions(input: WindowOptionsInput): HardenedWindowOptions {
  return {
    title: input.demo ? 'AI Gateway (demo)' : 'AI Gateway',
    width: 1040,
    height: 760,
    minWidth: 720,
    minHeight: 520,
    // Shown on ready-to-show, so no white flash before the first paint in dark mode.
    show: false,
    autoHideMenuBar: true,
    ...(input.iconPath === undefined ? {} : { icon: input.iconPath }),
    webPreferences: {
      preload: input.preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      devTools: input.devTools ?? false,
      spellcheck: false,
    },
  };
}
