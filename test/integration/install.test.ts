/**
 * The README's install command on a machine without access to Electron's downloads, and `npm start`'s
 * check: real npm runs in temporary projects that carry this package's own install policy
 * (package.json "allowScripts", "postinstall", its Electron version and scripts/electron-binary.mjs).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../helpers/stack.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

interface PackageJson {
  name: string;
  scripts: Record<string, string>;
  allowScripts?: Record<string, boolean>;
  devDependencies: Record<string, string>;
}

const readPackage = async (): Promise<PackageJson> => JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as PackageJson;

/** Runs npm with `args` in `cwd`; resolves with its exit code and everything it printed. */
function npm(args: string[], cwd: string, env: Record<string, string | undefined>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

test('the install succeeds without access to Electron\'s downloads and says so in one line', async () => {
  const pkg = await readPackage();
  const lock = JSON.parse(await readFile(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string }> };
  const electronVersion = lock.packages['node_modules/electron']?.version;
  assert.ok(electronVersion, 'the lock pins Electron');
  const dir = await mkdtemp(join(tmpdir(), 'agw-install-'));
  try {
    await mkdir(join(dir, 'scripts'));
    await copyFile(join(ROOT, 'scripts', 'electron-binary.mjs'), join(dir, 'scripts', 'electron-binary.mjs'));
    const project = {
      name: 'install-policy-check',
      private: true,
      ...(pkg.allowScripts ? { allowScripts: pkg.allowScripts } : {}),
      scripts: pkg.scripts.postinstall ? { postinstall: pkg.scripts.postinstall } : {},
      devDependencies: { electron: electronVersion },
    };
    await writeFile(join(dir, 'package.json'), JSON.stringify(project, null, 2));
    // Electron's downloads at a port nothing listens on: refused, like a box that cannot reach them.
    const unreachable = `http://127.0.0.1:${await freePort()}/`;
    const env = { ELECTRON_MIRROR: unreachable, ELECTRON_SKIP_BINARY_DOWNLOAD: undefined, npm_config_electron_mirror: unreachable };
    const { code, output } = await npm(['install', '--prefer-offline', '--no-audit', '--no-fund'], dir, env);
    assert.equal(code, 0, `npm install failed:\n${output}`);
    const desktopLines = output.split('\n').filter((line) => line.startsWith('Desktop app:'));
    assert.equal(desktopLines.length, 1, output);
    assert.match(desktopLines[0]!, /could not be downloaded \(.+\).*`npm run get-electron`/);
    assert.doesNotMatch(output, /^\s+at /m, 'no stack trace');
    assert.ok(existsSync(join(dir, 'node_modules', 'electron', 'electron.d.ts')), 'Electron\'s package (and its types) stays installed');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('npm start checks for Electron\'s binary before it builds', async () => {
  const pkg = await readPackage();
  const dir = await mkdtemp(join(tmpdir(), 'agw-start-'));
  try {
    await mkdir(join(dir, 'scripts'));
    // The launcher and the helpers it imports.
    for (const name of (await readdir(join(ROOT, 'scripts'))).filter((n) => n.endsWith('.mjs'))) await copyFile(join(ROOT, 'scripts', name), join(dir, 'scripts', name));
    // Electron's package without its binary, as an offline install leaves it.
    await mkdir(join(dir, 'node_modules', 'electron'), { recursive: true });
    await writeFile(join(dir, 'node_modules', 'electron', 'package.json'), JSON.stringify({ name: 'electron', version: '0.0.0' }));
    // The real start script; the build only leaves a mark, so the test sees whether it ran.
    const project = { name: pkg.name, private: true, scripts: { start: pkg.scripts.start, build: 'node -e "require(\'fs\').writeFileSync(\'built\', \'\')"' } };
    await writeFile(join(dir, 'package.json'), JSON.stringify(project, null, 2));
    const { code, output } = await npm(['start', '--silent'], dir, {});
    assert.notEqual(code, 0);
    assert.match(output, /Electron's binary is not installed/);
    assert.match(output, /npm run get-electron/);
    assert.equal(existsSync(join(dir, 'built')), false, 'the build did not run');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('an everyday install needs nothing newer than package.json\'s engines say', async () => {
  const pkg = (await readPackage()) as PackageJson & { engines: { node: string } };
  const lock = JSON.parse(await readFile(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { engines?: { node?: string } | string[] }> };
  const floor = pkg.engines.node.replace(/^>=/, '');
  const [major] = floor.split('.').map(Number);
  // Every range a package states must admit the floor's major line (">=22.12" does not admit 20.19).
  const refusing = Object.entries(lock.packages)
    .filter(([, entry]) => entry.engines && !Array.isArray(entry.engines) && typeof entry.engines.node === 'string')
    .filter(([, entry]) => {
      const range = (entry.engines as { node: string }).node;
      return range.split('||').every((part) => {
        const m = part.trim().match(/^(>=|\^)?\s*v?(\d+)/);
        if (!m) return false;
        const min = Number(m[2]);
        return m[1] === '>=' ? min > major! : min !== major!;
      });
    })
    .map(([name]) => name);
  assert.deepEqual(refusing, [], `these need a newer Node than engines.node ${pkg.engines.node}`);
});

test('npm run install-cli puts `ai-gateway` on PATH (a link to this checkout); hints then say `ai-gateway`, and `node bin/...` where it is not on PATH', async () => {
  const prefix = await mkdtemp(join(tmpdir(), 'agw-prefix-'));
  const outside = await mkdtemp(join(tmpdir(), 'agw-outside-'));
  try {
    const installed = await npm(['run', 'install-cli', '--silent'], ROOT, { npm_config_prefix: prefix });
    assert.equal(installed.code, 0, installed.output);
    const bin = join(prefix, process.platform === 'win32' ? '' : 'bin');
    const env = { PATH: `${bin}:${process.env.PATH ?? ''}`, HOME: outside, AI_GATEWAY_HOME: join(outside, 'app-data') };
    const onPath = await run('ai-gateway', ['status'], outside, env);
    assert.equal(onPath.code, 0, onPath.output);
    assert.match(onPath.output, /start it with `ai-gateway serve`/);
    const helpOnPath = await run('ai-gateway', ['--help'], outside, env);
    assert.match(helpOnPath.output, /^Usage: ai-gateway <command> \[options\] +\(`ai-gateway <command> --help` for details\)$/m);
    // The same launcher by path, with nothing on PATH: the hint names the command that works from here.
    const byPath = await run(process.execPath, [join(ROOT, 'bin', 'ai-gateway.cjs'), 'status'], ROOT, { ...env, PATH: process.env.PATH ?? '' });
    assert.match(byPath.output, /start it with `node bin\/ai-gateway\.cjs serve`/);
    const helpByPath = await run(process.execPath, [join(ROOT, 'bin', 'ai-gateway.cjs'), '--help'], outside, { ...env, PATH: process.env.PATH ?? '' });
    assert.match(helpByPath.output, new RegExp(`^Usage: node ${join(ROOT, 'bin', 'ai-gateway.cjs').replace(/[.\\/]/g, '\\$&')} <command>`, 'm'), 'outside the checkout: the launcher\'s absolute path');
  } finally {
    await rm(prefix, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  }
});

/** Runs `command` in `cwd` with exactly `env`; resolves with its exit code and output. */
function run(command: string, args: string[], cwd: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}
