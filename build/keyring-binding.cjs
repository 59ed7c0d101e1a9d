// electron-builder `beforePack` hook: the OS keyring binding (@napi-rs/keyring) must be in node_modules
// for the platform and CPU being packaged. npm installs only the current machine's optional binding, and
// electron-builder ships what is installed, so a mac x64 build made on arm64 (or Windows arm64 on x64)
// would ship without one; the app then cannot read the secret `ai-gateway login` stored. This hook stops
// such a build and prints the command that fetches the missing binding.
const { existsSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

/** napi-rs target names (package suffix and .node file infix) per Electron platform and electron-builder arch. */
const TARGETS = {
  darwin: { x64: ['darwin-x64'], arm64: ['darwin-arm64'], universal: ['darwin-x64', 'darwin-arm64'] },
  mas: { x64: ['darwin-x64'], arm64: ['darwin-arm64'], universal: ['darwin-x64', 'darwin-arm64'] },
  win32: { x64: ['win32-x64-msvc'], arm64: ['win32-arm64-msvc'], ia32: ['win32-ia32-msvc'] },
  // glibc builds: AppImage and deb run on glibc distributions.
  linux: { x64: ['linux-x64-gnu'], arm64: ['linux-arm64-gnu'], armv7l: ['linux-arm-gnueabihf'] },
};

/** The binding packages a build for `platform`/`arch` needs, e.g. ['@napi-rs/keyring-darwin-x64']. */
function bindingPackagesFor(platform, arch) {
  const targets = TARGETS[platform] && TARGETS[platform][arch];
  if (!targets) throw new Error(`No @napi-rs/keyring binding is known for ${platform}-${arch}.`);
  return targets.map((target) => ({ name: `@napi-rs/keyring-${target}`, file: `keyring.${target}.node` }));
}

/** The binding packages missing from `projectDir`'s node_modules for that build. */
function missingBindings(projectDir, platform, arch) {
  return bindingPackagesFor(platform, arch).filter(({ name, file }) => !existsSync(join(projectDir, 'node_modules', name, file)));
}

/** The npm command that installs them, pinned to the installed @napi-rs/keyring version. */
function installCommand(projectDir, missing) {
  const { version } = JSON.parse(readFileSync(join(projectDir, 'node_modules', '@napi-rs', 'keyring', 'package.json'), 'utf8'));
  // --force: npm refuses packages for another os/cpu otherwise (EBADPLATFORM); --no-save keeps package.json as it is.
  return `npm install --no-save --force ${missing.map(({ name }) => `${name}@${version}`).join(' ')}`;
}

/** electron-builder's Arch enum (builder-util `Arch`), by value; this file cannot require builder-util, which lives in packaging/. */
const ARCH_NAMES = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'];

/** The hook: throws, naming the fix, when the binding for the packaged platform and CPU is missing. */
async function beforePack(context) {
  const platform = context.electronPlatformName;
  const arch = ARCH_NAMES[context.arch];
  const projectDir = context.packager.info.projectDir;
  const missing = missingBindings(projectDir, platform, arch);
  if (missing.length === 0) return;
  throw new Error(
    `The OS keyring binding for ${platform}-${arch} is not installed (${missing.map((m) => m.name).join(', ')}), so this build could not read ` +
      `the client secret stored by \`ai-gateway login\`. Install it, then build again:\n  ${installCommand(projectDir, missing)}`,
  );
}

module.exports = beforePack;
module.exports.default = beforePack;
module.exports.bindingPackagesFor = bindingPackagesFor;
module.exports.missingBindings = missingBindings;
