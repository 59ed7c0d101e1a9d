/**
 * The project as `npm ci --omit=dev` leaves it, in a temporary folder: package.json, the lock, the
 * builder config and its build/ resources, the compiled out/app and out/renderer, and node_modules with
 * exactly the lock's production packages that are installed here, copied (symlinks followed). Built from
 * a copy rather than in place because a worktree's node_modules may be a symlink, which `npm ls` (used by
 * electron-builder to collect dependencies) reports as extraneous, and because a build must never write
 * into the checkout.
 */
import { cp, mkdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

interface LockPackage {
  dev?: boolean;
}

/** Copies the production project from `root` into `dir`. */
export async function stageProject(root: string, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const file of ['package.json', 'package-lock.json', 'electron-builder.config.cjs']) await cp(join(root, file), join(dir, file));
  for (const folder of ['build', 'out/app', 'out/renderer']) await cp(join(root, folder), join(dir, folder), { recursive: true, dereference: true });
  const lock = JSON.parse(await readFile(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockPackage> };
  for (const [path, info] of Object.entries(lock.packages)) {
    // "" is the project itself; dev-only packages never ship; optional ones for other platforms are not installed.
    if (path === '' || info.dev || !existsSync(join(root, path))) continue;
    await cp(join(root, path), join(dir, path), { recursive: true, dereference: true });
  }
}
