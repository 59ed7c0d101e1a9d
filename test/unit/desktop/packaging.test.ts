/**
 * The builder config itself: it passes electron-builder's own schema, targets and fuses are the ones
 * docs/packaging.md promises, and every image it names exists at the sizes each platform needs. The
 * package built from it (Linux `--dir`, stand-in Electron) is checked in test/package/.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TRAY_ICON_STATES } from '../../../app/core/desktop/tray-icon.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const require = createRequire(join(root, 'package.json'));
// electron-builder lives in packaging/ (its tree needs Node 22.12), installed by `npm run dist` and CI.
const builderRequire = createRequire(join(root, 'packaging', 'package.json'));
const at = (...parts: string[]) => join(root, ...parts);

interface Target {
  target: string;
  arch?: string[];
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the config is a CommonJS object checked field by field below
const config: Record<string, any> = require('./electron-builder.config.cjs');
const pkg = JSON.parse(readFileSync(at('package.json'), 'utf8')) as { main: string; scripts: Record<string, string> };

const targetNames = (list: (string | Target)[]) => list.map((t) => (typeof t === 'string' ? t : t.target));

/** Width and height from a PNG's IHDR chunk. */
function pngSize(path: string): [number, number] {
  const bytes = readFileSync(path);
  assert.equal(bytes.subarray(1, 4).toString('latin1'), 'PNG', `${path} is not a PNG`);
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

/** The image sizes inside an .ico (a width byte of 0 means 256). */
function icoSizes(path: string): number[] {
  const bytes = readFileSync(path);
  assert.equal(bytes.readUInt16LE(2), 1, 'ICO type');
  return Array.from({ length: bytes.readUInt16LE(4) }, (_, i) => bytes[6 + i * 16] || 256);
}

/** The element types inside an .icns. */
function icnsTypes(path: string): string[] {
  const bytes = readFileSync(path);
  assert.equal(bytes.subarray(0, 4).toString('latin1'), 'icns');
  const types: string[] = [];
  for (let offset = 8; offset < bytes.length; offset += bytes.readUInt32BE(offset + 4)) types.push(bytes.subarray(offset, offset + 4).toString('latin1'));
  return types;
}

test('the configuration passes electron-builder\'s own schema', async () => {
  const { validateConfiguration } = builderRequire('app-builder-lib/out/util/config/config.js') as { validateConfiguration: (c: unknown, l: unknown) => Promise<void> };
  const { DebugLogger } = builderRequire('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
  await validateConfiguration(config, new DebugLogger(false));
});

test('targets: AppImage and deb, dmg, nsis', () => {
  assert.deepEqual(targetNames(config.linux.target), ['AppImage', 'deb']);
  assert.deepEqual(targetNames(config.mac.target), ['dmg']);
  assert.deepEqual(targetNames(config.win.target), ['nsis']);
  assert.match(pkg.scripts.dist ?? '', /^npm run build && npm ci --prefix packaging .*electron-builder\/cli\.js --config electron-builder\.config\.cjs$/);
});

test('fuses: no RunAsNode, no NODE_OPTIONS, no inspect, app only from a verified asar, encrypted cookies', () => {
  assert.equal(config.asar, true);
  assert.deepEqual(
    {
      runAsNode: config.electronFuses.runAsNode,
      enableNodeOptionsEnvironmentVariable: config.electronFuses.enableNodeOptionsEnvironmentVariable,
      enableNodeCliInspectArguments: config.electronFuses.enableNodeCliInspectArguments,
      onlyLoadAppFromAsar: config.electronFuses.onlyLoadAppFromAsar,
      enableEmbeddedAsarIntegrityValidation: config.electronFuses.enableEmbeddedAsarIntegrityValidation,
      enableCookieEncryption: config.electronFuses.enableCookieEncryption,
    },
    {
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableCookieEncryption: true,
    },
  );
});

test('macOS: unsigned arm64 builds are re-signed ad hoc after the fuses flip, or Apple silicon kills them at launch', () => {
  assert.equal(config.electronFuses.resetAdHocDarwinSignature, true);
});

test('files: the compiled app and the built renderer only; no tests, maps or sources', () => {
  const files: string[] = config.files;
  assert.ok(files.every((f) => f.startsWith('out/') || f.startsWith('!')), files.join(', '));
  for (const excluded of ['!**/*.map', '!out/test/**']) assert.ok(files.includes(excluded), excluded);
  assert.ok(pkg.main.startsWith('out/app/'), 'package.json main is inside the packaged files');
  assert.ok(files.some((f) => f.startsWith('out/renderer/')));
  assert.ok(files.includes('out/app/**/*.cjs'), 'the CommonJS preload ships');
});

test('the shell finds its resources where the config puts them', () => {
  const resources = config.extraResources as { from: string; to: string }[];
  assert.deepEqual(resources.map((r) => [r.from, r.to]), [['build/tray', 'tray'], ['build/icon-512.png', 'icon.png']]);
  for (const r of resources) assert.ok(existsSync(at(r.from)), r.from);
});

test('app icons exist at the sizes each platform needs', () => {
  assert.deepEqual(pngSize(at('build/icon.png')), [1024, 1024]);
  assert.deepEqual(pngSize(at('build/icon-512.png')), [512, 512]);
  assert.equal(config.linux.icon, 'build/icons');
  for (const size of [16, 24, 32, 48, 64, 128, 256, 512]) assert.deepEqual(pngSize(at('build/icons', `${size}x${size}.png`)), [size, size]);
  assert.equal(config.win.icon, 'build/icon.ico');
  assert.deepEqual(icoSizes(at(config.win.icon)), [16, 24, 32, 48, 64, 128, 256]);
  assert.equal(config.mac.icon, 'build/icon.icns');
  const icns = icnsTypes(at(config.mac.icon));
  for (const type of ['ic10', 'ic09', 'ic08']) assert.ok(icns.includes(type), `icns has ${type} (1024/512/256)`);
});

test('tray images: every state, colour and macOS template, 16 px and @2x 32 px', () => {
  for (const state of TRAY_ICON_STATES) {
    for (const variant of [`tray-${state}`, `tray-${state}Template`]) {
      assert.deepEqual(pngSize(at('build/tray', `${variant}.png`)), [16, 16], variant);
      assert.deepEqual(pngSize(at('build/tray', `${variant}@2x.png`)), [32, 32], `${variant}@2x`);
    }
  }
});

test('macOS: hardened runtime with only the JIT entitlement', () => {
  assert.equal(config.mac.hardenedRuntime, true);
  const plist = readFileSync(at(config.mac.entitlements), 'utf8');
  assert.match(plist, /com\.apple\.security\.cs\.allow-jit/);
  assert.doesNotMatch(plist, /disable-library-validation|allow-dyld-environment-variables|get-task-allow/);
  assert.equal(config.mac.entitlementsInherit, config.mac.entitlements);
});
