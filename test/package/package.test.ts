/**
 * The built package, checked where it can be here: electron-builder `--dir` for Linux against a stand-in
 * Electron distribution (electronDist: electron-builder only copies it), with no network, then the
 * result read back with @electron/asar and @electron/fuses (both electron-builder's own dependencies):
 * every module the main process, the preload and the token command import is in app.asar (natives in
 * app.asar.unpacked); the keyring binding is unpacked and loads; renderer, preload, tray images and icon
 * are where app/main/paths.ts looks; the fuses are the documented ones; the executables are named for
 * "AI Gateway"; the token command the app writes for agents runs from the package; and a build for a
 * CPU whose keyring binding is not installed is refused.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TRAY_ICON_STATES, trayImageName } from '../../app/core/desktop/tray-icon.js';
import type * as PrintTokenModule from '../../app/core/desktop/print-token.js';
import type * as RunningProxyModule from '../../app/cli/running-proxy.js';
import type * as TokenCommandModule from '../../app/core/desktop/token-command.js';
import type * as LaunchOptionsModule from '../../app/core/desktop/launch-options.js';
import type * as DesktopRuntimeModule from '../../app/core/desktop-runtime.js';
import type * as SettingsStoreModule from '../../app/core/config/settings-store.js';
import type * as SecretStoreModule from '../../app/core/config/secret-store.js';
import { startStack } from '../helpers/stack.js';
import { runBuilder, builderCli, type BuilderRun } from './harness/builder.js';
import { walkModules } from './harness/module-graph.js';
import { stageProject } from './harness/stage.js';
import { writeStandInElectron } from './harness/stand-in-electron.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const fromPackaging = createRequire(join(root, 'packaging', 'package.json'));
const config = createRequire(join(root, 'package.json'))('./electron-builder.config.cjs') as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; main: string; version: string };
const electronVersion = (JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version;

interface Asar {
  listPackage(archive: string, options: { isPack: boolean }): string[];
  extractAll(archive: string, dest: string): void;
  statFile(archive: string, filename: string): { unpacked?: boolean };
}
interface Fuses {
  getCurrentFuseWire(binary: string): Promise<Record<string, number | string>>;
  FuseV1Options: Record<string, string | number>;
}

let work: string;
let x64: BuilderRun;
let arm64: BuilderRun;
let appOut: string;
let resources: string;
let extracted: string;

before(async () => {
  builderCli(root);
  work = await mkdtemp(join(tmpdir(), 'agw-package-'));
  await writeStandInElectron(join(work, 'electron-dist'), electronVersion);
  await stageProject(root, join(work, 'project'));
  const options = { electronDist: join(work, 'electron-dist'), electronVersion };
  x64 = await runBuilder(root, join(work, 'project'), { ...options, outputDir: join(work, 'dist'), arch: 'x64' });
  arm64 = await runBuilder(root, join(work, 'project'), { ...options, outputDir: join(work, 'dist-arm64'), arch: 'arm64' });
  appOut = join(work, 'dist', 'linux-unpacked');
  resources = join(appOut, 'resources');
  extracted = join(work, 'extracted');
  if (x64.code === 0) (fromPackaging('@electron/asar') as Asar).extractAll(join(resources, 'app.asar'), extracted);
});

after(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

test('electron-builder packages for Linux from the stand-in Electron, with no network', () => {
  assert.equal(x64.code, 0, x64.output);
  assert.match(x64.output, /using custom unpacked Electron distribution/);
  if (!x64.offline) console.log('# note: unshare -n is not available here, so the build ran with the network on');
});

test('the executables are named for AI Gateway on every platform, as docs/packaging.md says', async () => {
  const linux = config.linux.executableName as string;
  assert.ok(existsSync(join(appOut, linux)), `linux-unpacked/${linux}`);
  // electron-builder's own naming (app-builder-lib AppInfo) for the platforms that cannot be built here.
  const { AppInfo } = fromPackaging('app-builder-lib/out/appInfo.js') as { AppInfo: new (info: unknown, buildVersion: null, platform: unknown) => { productFilename: string } };
  const named = (platform: string) => new AppInfo({ metadata: pkg, config }, null, config[platform]).productFilename;
  assert.equal(named('mac'), 'AI Gateway', 'macOS: AI Gateway.app');
  assert.equal(named('win'), 'AI Gateway', 'Windows: AI Gateway.exe');
  const docs = readFileSync(join(root, 'docs', 'packaging.md'), 'utf8');
  for (const path of [`dist/linux-unpacked/${linux}`, `dist/mac-arm64/${named('mac')}.app`, `dist/win-unpacked/${named('win')}.exe`]) {
    assert.ok(docs.includes(path), `docs/packaging.md names ${path}`);
  }
});

test('every module the main process, the preload and the token command import resolves inside app.asar', () => {
  const entries = [pkg.main, 'out/app/preload/index.cjs', 'out/app/main/print-token.js'];
  for (const entry of entries) assert.ok(existsSync(join(extracted, entry)), `${entry} is in app.asar`);
  const graph = walkModules(extracted, entries);
  assert.deepEqual(graph.unresolved, []);
  // The walk reached the shell, the core and the packages they load, not just the entry files.
  for (const file of ['out/app/main/desktop-app.js', 'out/app/core/desktop/print-token.js', 'out/app/cli/running-proxy.js']) assert.ok(graph.files.has(join(extracted, file)), file);
  for (const name of ['electron-store', 'undici', 'openid-client', '@napi-rs/keyring']) assert.ok([...graph.packages].some((dir) => dir.endsWith(join('node_modules', name))), name);
});

test('the keyring binding for the target is unpacked next to app.asar, and loads', () => {
  const asar = fromPackaging('@electron/asar') as Asar;
  const binding = 'node_modules/@napi-rs/keyring-linux-x64-gnu/keyring.linux-x64-gnu.node';
  assert.equal(asar.statFile(join(resources, 'app.asar'), binding).unpacked, true, 'marked unpacked in the archive');
  assert.ok(existsSync(join(resources, 'app.asar.unpacked', binding)), 'in app.asar.unpacked');
  // The extracted copy is the archive's view (unpacked files included): load it the way the app's import does.
  const keyring = createRequire(join(extracted, 'out', 'app', 'core', 'config', 'secret-store.js'))('@napi-rs/keyring') as { Entry: unknown };
  assert.equal(typeof keyring.Entry, 'function');
});

test('a build for a CPU whose keyring binding is not installed is refused, naming the package and the command', () => {
  // Without the refusal, the arm64 package would have to hold the arm64 binding; it cannot, since npm installed only this machine's.
  const arm64Binding = join(work, 'dist-arm64', 'linux-arm64-unpacked', 'resources', 'app.asar.unpacked', 'node_modules', '@napi-rs', 'keyring-linux-arm64-gnu');
  if (arm64.code === 0) assert.ok(existsSync(arm64Binding), 'an arm64 package without its keyring binding was built');
  assert.notEqual(arm64.code, 0);
  assert.match(arm64.output, /keyring binding for linux-arm64 is not installed \(@napi-rs\/keyring-linux-arm64-gnu\)/);
  assert.match(arm64.output, /npm install --no-save --force @napi-rs\/keyring-linux-arm64-gnu@\d/);
});

test('renderer, preload, tray images and the window icon are where app/main/paths.ts looks', () => {
  // paths.ts: preload and renderer relative to out/app/main inside app.asar; images in process.resourcesPath.
  for (const file of ['out/app/preload/index.cjs', 'out/renderer/index.html']) assert.ok(existsSync(join(extracted, file)), file);
  const html = readFileSync(join(extracted, 'out', 'renderer', 'index.html'), 'utf8');
  const assets = [...html.matchAll(/(?:src|href)="\.\/([^"]+)"/g)].map((m) => m[1]!);
  assert.ok(assets.length >= 2, 'the page loads its script and styles');
  for (const asset of assets) assert.ok(existsSync(join(extracted, 'out', 'renderer', asset)), asset);
  for (const platform of ['linux', 'darwin', 'win32'] as const) {
    for (const state of TRAY_ICON_STATES) assert.ok(existsSync(join(resources, 'tray', trayImageName(state, platform))), `${platform} ${state}`);
  }
  assert.ok(existsSync(join(resources, 'icon.png')));
  assert.equal(existsSync(join(extracted, 'out', 'test')), false, 'no tests in the package');
});

test('the fuses in the packaged binary are the ones docs/packaging.md documents', async () => {
  const fuses = fromPackaging('@electron/fuses') as Fuses;
  const wire = await fuses.getCurrentFuseWire(join(appOut, config.linux.executableName as string));
  const docs = readFileSync(join(root, 'docs', 'packaging.md'), 'utf8');
  const documented = new Map([...docs.matchAll(/^\| (\w+) \| \**(on|off)\** \|/gm)].map((m) => [m[1]!, m[2] === 'on']));
  const names = Object.keys(fuses.FuseV1Options).filter((key) => Number.isNaN(Number(key)));
  assert.deepEqual([...documented.keys()].sort(), [...names].sort(), 'the docs table lists every fuse');
  for (const name of names) {
    const state = wire[fuses.FuseV1Options[name] as number];
    assert.equal(state === 49 /* '1' */, documented.get(name), `${name}: binary ${String.fromCharCode(Number(state))}, docs ${documented.get(name) ? 'on' : 'off'}`);
  }
});

/** Splits a POSIX shell command line as the agents' descriptors quote it (app/core/agents/descriptors/common.ts shellCommand). */
function shellWords(line: string): string[] {
  return [...line.matchAll(/'((?:[^']|'\\'')*)'|(\S+)/g)].map((m) => (m[1] !== undefined ? m[1].replaceAll("'\\''", "'") : m[2]!));
}

test('direct-mode setup from the packaged app writes a token command that exists in the package, and its code prints the running app\'s token', async () => {
  const load = <T>(file: string) => import(pathToFileURL(join(extracted, file)).href) as Promise<T>;
  const { desktopTokenCommand } = await load<typeof TokenCommandModule>('out/app/core/desktop/token-command.js');
  const { parseLaunchOptions } = await load<typeof LaunchOptionsModule>('out/app/core/desktop/launch-options.js');
  const { createRuntime } = await load<typeof DesktopRuntimeModule>('out/app/core/desktop-runtime.js');
  const { MemorySettingsStore } = await load<typeof SettingsStoreModule>('out/app/core/config/settings-store.js');
  const { MemorySecretStore: PackagedMemorySecretStore } = await load<typeof SecretStoreModule>('out/app/core/config/secret-store.js');
  const executable = join(appOut, config.linux.executableName as string);
  const home = await mkdtemp(join(tmpdir(), 'agw-package-home-'));
  try {
    // The packaged core as app/main/desktop-app.ts builds it: the command comes from the packaged token-command module.
    const core = await createRuntime({
      settingsStore: new MemorySettingsStore({ gatewayUrl: 'https://gateway.example.com', clientId: 'client', tokenEndpoint: 'https://auth.example.com/oauth2/token' }),
      secureSecretStore: new PackagedMemorySecretStore('secret-for-the-package-test'),
      demo: false,
      dataDir: join(home, 'app-data'),
      env: { HOME: home },
      cwd: home,
      tokenCommand: desktopTokenCommand({ execPath: executable, isPackaged: true, appPath: join(resources, 'app.asar') }, false),
    });
    await core.runtime.load();
    await core.api.applySetup({ agent: 'claude-code', mode: 'direct' });
    const written = JSON.parse(readFileSync(join(home, '.claude', 'settings.json'), 'utf8')) as { apiKeyHelper?: string };
    const command = shellWords(written.apiKeyHelper ?? '');
    assert.equal(command[0], executable, `apiKeyHelper runs the packaged executable: ${written.apiKeyHelper}`);
    for (const part of command.slice(1)) assert.ok(part.startsWith('--'), `${part}: no script the package does not have`);
    assert.equal(parseLaunchOptions(command).printToken, true, 'a switch the packaged main answers before the single-instance lock');
  } finally {
    await rm(home, { recursive: true, force: true });
  }

  // What `<app> --print-token` runs, loaded from the extracted archive, against a real running proxy.
  const { printToken } = await load<typeof PrintTokenModule>('out/app/core/desktop/print-token.js');
  const { tokenFromRunningProxy } = await load<typeof RunningProxyModule>('out/app/cli/running-proxy.js');
  const stack = await startStack();
  try {
    const out: string[] = [];
    const code = await printToken({
      dataDir: stack.home,
      demo: false,
      env: { AI_GATEWAY_HOME: stack.home },
      fromRunningProxy: (dataDir) => tokenFromRunningProxy(dataDir),
      openSecretStore: async () => {
        throw new Error('not needed while the app runs');
      },
      out: (text) => void out.push(text),
      err: (text) => assert.fail(text),
    });
    assert.equal(code, 0);
    assert.deepEqual(out, [await stack.runtime.tokens.getToken()]);
  } finally {
    await stack.close();
  }
});
