/**
 * A lock across processes for a read-modify-write of one shared file (local keys): `serve`, the desktop
 * app and a CLI command may change it at once. mkdir is atomic on every platform and file system we run
 * on (the way proper-lockfile does it); a lock left by a crashed process goes stale after `staleMs`.
 */
// fs.promises through node:fs: loaded on first use, so `ai-gateway token`, which only reads, skips it (see atomic-file.ts).
import { promises as fs } from 'node:fs';
import { dirname } from 'node:path';

/** Runs `fn` while holding the lock for `path` (`<path>.lock`), waiting up to `waitMs` for another holder. */
export async function withFileLock<T>(path: string, fn: () => Promise<T>, options: { waitMs?: number; staleMs?: number } = {}): Promise<T> {
  const lock = `${path}.lock`;
  await fs.mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const staleMs = options.staleMs ?? 10_000;
  const end = Date.now() + (options.waitMs ?? 15_000);
  for (let delay = 5; ; delay = Math.min(delay * 2, 100)) {
    try {
      await fs.mkdir(lock, { mode: 0o700 });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = await fs.stat(lock).then((s) => Date.now() - s.mtimeMs, () => 0);
      if (age > staleMs) {
        // The holder died mid-write (its change never landed, the rename is atomic): take the lock over.
        await fs.rm(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > end) throw new Error(`${path} is locked by another ai-gateway process (${lock}); if none runs, remove that folder.`, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, delay + Math.random() * delay));
    }
  }
  try {
    return await fn();
  } finally {
    await fs.rm(lock, { recursive: true, force: true });
  }
}
