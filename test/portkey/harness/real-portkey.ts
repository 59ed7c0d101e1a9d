/**
 * Runs the real Portkey AI gateway (`@portkey-ai/gateway` from test/portkey's own lockfile) as a child
 * process on a free port: its bin with `--port=N --headless`, ready when `GET /` says hello.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../helpers/stack.js';

/** Where `npm ci --prefix test/portkey` installs it. */
export const PORTKEY_DIR = fileURLToPath(new URL('../../../../test/portkey/', import.meta.url));

/** The gateway package folder inside an install folder. */
function packageDir(installDir: string): string {
  return join(installDir, 'node_modules/@portkey-ai/gateway');
}

/** True when the real Portkey is installed in `installDir`; CI installs it, so there a missing install is a failure. */
export function portkeyInstalled(installDir = PORTKEY_DIR): boolean {
  return existsSync(join(packageDir(installDir), 'build/start-server.js'));
}

/** The installed versions of Portkey and the two libraries its streaming depends on. */
export function installedVersions(installDir = PORTKEY_DIR): { gateway: string; hono: string; honoNodeServer: string } {
  const version = (dir: string) => (JSON.parse(readFileSync(join(installDir, 'node_modules', dir, 'package.json'), 'utf8')) as { version: string }).version;
  return { gateway: version('@portkey-ai/gateway'), hono: version('hono'), honoNodeServer: version('@hono/node-server') };
}

/** A running Portkey. */
export interface RealPortkey {
  url: string;
  /** Everything it printed (its errors, e.g. `TypeError: immutable`, land here). */
  output(): string;
  close(): Promise<void>;
}

/** Starts Portkey from `installDir` on a free port and waits until it answers. */
export async function startPortkey(installDir = PORTKEY_DIR): Promise<RealPortkey> {
  const port = await freePort();
  const bin = join(packageDir(installDir), 'build/start-server.js');
  const child: ChildProcess = spawn(process.execPath, [bin, `--port=${port}`, '--headless'], {
    cwd: installDir,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NODE_ENV: 'test' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Portkey exited at start: ${output}`);
    try {
      const hello = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if ((await hello.text()).includes('AI Gateway says hey')) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`Portkey did not answer on ${url} within 30 s: ${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    output: () => output,
    async close() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}
