/** Reading a config file as it is now: where its real bytes live (through symlinks), the bytes, mtime and mode. */
import { dirname, isAbsolute, resolve } from 'node:path';
import { AppError } from '../../errors.js';
import { isMissing, type FsOps } from './fs-ops.js';

/** One config file as read before a change; `apply` compares against it to notice edits made in between. */
export interface FileSnapshot {
  /** The path the agent reads (may be a symlink). */
  path: string;
  /** The file whose bytes we rewrite: `path` with every symlink followed. */
  realPath: string;
  isSymlink: boolean;
  exists: boolean;
  bytes: Buffer | null;
  mtimeMs: number | null;
  mode: number | null;
}

const MAX_LINKS = 40;

/** Follows symlinks by hand, so a dangling link still tells us where the file should be created. */
async function followLinks(fs: FsOps, path: string): Promise<{ realPath: string; isSymlink: boolean }> {
  let current = path;
  let isSymlink = false;
  for (let hops = 0; hops < MAX_LINKS; hops++) {
    let stats;
    try {
      stats = await fs.lstat(current);
    } catch (error) {
      if (isMissing(error)) return { realPath: current, isSymlink };
      throw error;
    }
    if (!stats.isSymbolicLink()) return { realPath: current, isSymlink };
    isSymlink = true;
    const target = await fs.readlink(current);
    current = isAbsolute(target) ? target : resolve(dirname(current), target);
  }
  throw new AppError('config_write_failed', `${path} is a loop of symbolic links. Point it at a real file and try again.`, { field: path });
}

/** Reads `path` (following symlinks); a missing file is a snapshot with `exists: false`. */
export async function readSnapshot(fs: FsOps, path: string): Promise<FileSnapshot> {
  const { realPath, isSymlink } = await followLinks(fs, path);
  try {
    const stats = await fs.stat(realPath);
    if (!stats.isFile()) {
      throw new AppError('config_write_failed', `${path} is not a regular file. Move it aside and try again.`, { field: path });
    }
    const bytes = await fs.readFile(realPath);
    return { path, realPath, isSymlink, exists: true, bytes, mtimeMs: stats.mtimeMs, mode: stats.mode & 0o7777 };
  } catch (error) {
    if (isMissing(error)) return { path, realPath, isSymlink, exists: false, bytes: null, mtimeMs: null, mode: null };
    throw error;
  }
}

/** True when the file still has the bytes (and mtime) it had when `before` was taken. */
export async function unchangedSince(fs: FsOps, before: FileSnapshot): Promise<boolean> {
  const now = await readSnapshot(fs, before.path);
  if (now.realPath !== before.realPath || now.exists !== before.exists) return false;
  if (!now.exists) return true;
  return now.mtimeMs === before.mtimeMs && now.bytes!.equals(before.bytes!);
}
