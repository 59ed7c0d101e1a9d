// electron-builder configuration for `npm run dist`. CI cannot download Electron, so test/package/ builds
// it with `--dir` for Linux against a stand-in Electron distribution (electronDist) and checks the result;
// test/unit/desktop/packaging.test.ts checks the config itself. How to run it for real: docs/packaging.md.

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
  // macOS arm64: flipping fuses edits the binary and breaks Electron's ad-hoc signature, and an arm64 Mac
  // kills an app whose signature is invalid. @electron/fuses re-signs ad hoc when this is set (its README,
  // "Apple Silicon"). electron-builder signs only when it finds an identity; with one, its real signature
  // replaces the ad-hoc one, so this matters exactly for unsigned builds.
  resetAdHocDarwinSignature: true,
};

/** @type {import('electron-builder').Configuration} */
module.exports = {
  appId: 'dev.ai-gateway.desktop',
  // Names the macOS app ("AI Gateway.app") and the Windows executable ("AI Gateway.exe"). No top-level
  // executableName: electron-builder uses it as the file name on every platform (app-builder-lib AppInfo).
  productName: 'AI Gateway',
  copyright: 'Copyright © AI Gateway Desktop contributors',
  directories: { output: 'dist', buildResources: 'build' },

  // Only the compiled app and the built renderer (not out/renderer/src: renderer modules compiled for the
  // unit tests). electron-builder adds package.json and the production dependencies (package.json
  // "dependencies") by itself; devDependencies never ship.
  files: ['out/app/**/*.js', 'out/app/**/*.cjs', 'out/renderer/**/*', '!out/renderer/src/**', '!**/*.map', '!out/test/**', '!out/.tsbuildinfo*'],
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
  // Refuses to package without the keyring binding for the target platform and CPU (see the file).
  beforePack: './build/keyring-binding.cjs',
  electronFuses,
  // Releases are uploaded by hand or by a release job, never as a side effect of `npm run dist`.
  publish: null,

  linux: {
    target: ['AppImage', 'deb'],
    // Lowercase, no space (the deb links it as /usr/bin/<name>); not `ai-gateway`, which is the CLI's name.
    // Menus and the window still say "AI Gateway" (productName).
    executableName: 'ai-gateway-desktop',
    category: 'Development',
    icon: 'build/icons',
    synopsis: 'Keeps coding agents connected to the company AI Gateway',
    // deb requires a maintainer; replace with the team's address before publishing (docs/packaging.md).
    maintainer: 'AI Gateway Desktop maintainers <ai-gateway-desktop@example.invalid>',
  },
  deb: {
    // No afterInstall of our own: electron-builder's default deb scripts install an AppArmor profile
    // (/etc/apparmor.d/<executableName>, `userns` allowed) where AppArmor restricts unprivileged user
    // namespaces (Ubuntu 23.10+, 24.04), so Chromium's sandbox starts (templates/linux/after-install.tpl).
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
