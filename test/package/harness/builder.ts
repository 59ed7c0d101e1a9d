/** Runs electron-builder (from packaging/, where `npm run dist` installs it) on a staged project, offline where the machine allows. */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** What one run did. */
export interface BuilderRun {
  code: number | null;
  output: string;
  /** True when the run had no network at all (its own network namespace). */
  offline: boolean;
}

/** electron-builder's CLI in packaging/node_modules, or an error naming the install command. */
export function builderCli(root: string): string {
  const cli = join(root, 'packaging', 'node_modules', 'electron-builder', 'cli.js');
  if (!existsSync(cli)) throw new Error(`electron-builder is not installed in ${join(root, 'packaging')}. Run \`npm ci --prefix packaging\` first.`);
  return cli;
}

/** True when `unshare -n` works here (root, or user namespaces allowed): the build then runs with no network at all. */
function canDropNetwork(): boolean {
  return spawnSync('unshare', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
}

/** `electron-builder --linux --dir --<arch>` in `projectDir`, against `electronDist`, into `outputDir`. */
export function runBuilder(root: string, projectDir: string, options: { electronDist: string; electronVersion: string; outputDir: string; arch: 'x64' | 'arm64' }): Promise<BuilderRun> {
  const args = [
    builderCli(root),
    '--config',
    'electron-builder.config.cjs',
    '--linux',
    '--dir',
    `--${options.arch}`,
    `-c.electronDist=${options.electronDist}`,
    `-c.electronVersion=${options.electronVersion}`,
    `-c.directories.output=${options.outputDir}`,
  ];
  const offline = canDropNetwork();
  const [command, commandArgs] = offline ? ['unshare', ['-n', process.execPath, ...args]] : [process.execPath, args];
  return new Promise((resolve, reject) => {
    // A fresh, empty cache: nothing electron-builder fetched on another run can stand in for a download.
    const env = { ...process.env, ELECTRON_BUILDER_CACHE: join(options.outputDir, '.cache'), CI: '1' };
    const child = spawn(command, commandArgs as string[], { cwd: projectDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output, offline }));
  });
}
