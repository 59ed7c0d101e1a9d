// electron-builder configuration for `npm run dist`. It cannot run in this repo's CI (no Electron
// download there); test/unit/desktop/packaging.test.ts loads it, validates it against
// electron-builder's schema and checks every file it names exists. How to run it: docs/packaging.md.

/** Electron fuses: switches compiled into the Electron binary, flipped at package time. */
const electronFuses = {
  // ELECTRON_RUN_AS_NODE would turn the signed app into a general Node runtime for anyone.
  runAsNode: false,
  // NODE_OPTIONS and NODE_EXTRA_CA_CERTS are ignored: nobody injects code through the environment.
  // Company CAs go in the app's "CA file" setting instead.
  enableNodeOptionsEnvironmentVariable: false,
  // --inspect / SIGUSR1 would attach a debugger to the process that holds the token.
  enableNodeCliInspectArguments: false,
  // Only app.asar is loaded, and (macOS, Windows) its integrity is checked against the signed header.
  onlyLoadAppFromAsar: true,
  enableEmbeddedAsarIntegrityValidation: true,
  // Cookies are encrypted with the OS key like Chrome's (the app uses none today; it costs nothing).
  enableCookieEncryption: true,
  loadBrowserProcessSpecificV8Snapshot: false,
  // Kept ON on purpose: the renderer is loaded from file://, and Vite's module scripts need the file
  // protocol's extra privileges to load. Turning it off requires serving the renderer from a custom
  // protocol first (Electron security checklist item 18); see docs/packaging.md.
  grantFileProtocolExtraPrivileges: true,
};

/** @type {import('electron-builder').Configuration} */
module.exports = {
  appId: 'dev.ai-gateway.desktop',
  productName: 'AI Gateway',
  executableName: 'ai-gateway-desktop',
  copyright: 'Copyright © AI Gateway Desktop contributors',
  directories: { output: 'dist', buildResources: 'build' },

  // Only the compiled app and the built renderer. electron-builder adds package.json and the production
  // dependencies (package.json "dependencies") by itself; devDependencies never ship.
  files: ['out/app/**/*.js', 'out/app/**/*.cjs', 'out/renderer/**/*', '!**/*.map', '!out/test/**', '!out/.tsbuildinfo*'],
  asar: true,
  // Native modules (the OS keyring binding) cannot be loaded from inside an archive.
  asarUnpack: ['**/*.node'],
  // Tray images and the window icon must be real files for nativeImage; app/main/paths.ts reads them here.
  extraResources: [
    { from: 'build/tray', to: 'tray', filter: ['*.png'] },
    { from: 'build/icon-512.png', to: 'icon.png' },
  ],
  // The only native dependency ships N-API prebuilds; nothing to compile against Electron's headers.
  npmRebuild: false,
  electronFuses,
  // Releases are uploaded by hand or by a release job, never as a side effect of `npm run dist`.
  publish: null,

  linux: {
    target: ['AppImage', 'deb'],
    category: 'Development',
    icon: 'build/icons',
    synopsis: 'Keeps coding agents connected to the company AI Gateway',
    // deb requires a maintainer; replace with the team's address before publishing (docs/packaging.md).
    maintainer: 'AI Gateway Desktop maintainers <ai-gateway-desktop@example.invalid>',
  },
  deb: {
    // libsecret: safeStorage's keyring; without it the app keeps the secret in memory only.
    // AppIndicator: the tray icon on GNOME and other StatusNotifier panels.
    depends: ['libgtk-3-0', 'libnotify4', 'libnss3', 'libxss1', 'libxtst6', 'xdg-utils', 'libatspi2.0-0', 'libuuid1', 'libsecret-1-0'],
    recommends: ['libayatana-appindicator3-1 | libappindicator3-1', 'gnome-keyring | kwalletmanager'],
  },
  appImage: { artifactName: 'AI-Gateway-${version}-${arch}.${ext}' },

  mac: {
    target: [{ target: 'dmg', arch: ['arm64', 'x64'] }],
    category: 'public.app-category.developer-tools',
    icon: 'build/icon.icns',
    hardenedRuntime: true,
    gatekeeperAssess: false,
    entitlements: 'build/entitlements.mac.plist',
    entitlementsInherit: 'build/entitlements.mac.plist',
    // Notarization runs when APPLE_API_KEY/APPLE_API_KEY_ID/APPLE_API_ISSUER (or APPLE_ID/...) are set; see docs/packaging.md.
  },
  dmg: { artifactName: 'AI-Gateway-${version}-${arch}.${ext}' },

  win: {
    target: [{ target: 'nsis', arch: ['x64', 'arm64'] }],
    icon: 'build/icon.ico',
  },
  nsis: {
    // Per-user install without an admin prompt; the app writes only to the user's folders.
    oneClick: true,
    perMachine: false,
    shortcutName: 'AI Gateway',
    artifactName: 'AI-Gateway-Setup-${version}-${arch}.${ext}',
  },
};
