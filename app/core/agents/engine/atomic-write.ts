/** Writing a file so that a crash leaves either the old bytes or the new ones, never a mix. */
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { AppError } from '../../errors.js';
import type { FsOps } from './fs-ops.js';

/** Writes `data` to `realPath` through a temp file in the same directory: write, fsync, chmod, rename. */
export async function writeFileAtomic(fs: FsOps, realPath: string, data: string | Buffer, mode: number): Promise<void> {
  const dir = dirname(realPath);
  // Same directory: rename is only atomic within one file system.
  const temp = join(dir, `.${basename(realPath)}.aigw-${randomBytes(6).toString('hex')}.tmp`);
  try {
    await fs.mkdir(dir, { recursive: true });
    const handle = await fs.open(temp, 'wx', mode);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    // open() honours the umask; chmod makes the mode exactly what we asked for (0600 for keys).
    await fs.chmod(temp, mode);
    await fs.rename(temp, realPath);
  } catch (error) {
    await fs.unlink(temp).catch(() => undefined);
    if (error instanceof AppError) throw error;
    const reason = error instanceof Error && 'code' in error ? String((error as { code?: unknown }).code) : 'I/O error';
    throw new AppError('config_write_failed', `Could not write ${realPath} (${reason}); the file was left as it was. Check the folder's permissions and free space, then try again.`, {
      field: realPath,
      cause: error,
    });
  }
  await syncDirectory(fs, dir);
}

/** Makes the rename durable where the platform allows it (not on Windows, where directories cannot be opened). */
async function syncDirectory(fs: FsOps, dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  try {
    const handle = await fs.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Best effort: the data itself is already fsynced and renamed.
  }
}
