/** The file-system calls the config engine makes, as a seam: tests inject failures (a crash before rename) here. */
import * as fsp from 'node:fs/promises';
import type { Stats } from 'node:fs';

/** The subset of `node:fs/promises` the engine uses; every write goes through it. */
export interface FsOps {
  readFile(path: string): Promise<Buffer>;
  lstat(path: string): Promise<Stats>;
  stat(path: string): Promise<Stats>;
  readlink(path: string): Promise<string>;
  mkdir(path: string, options: { recursive: true; mode?: number }): Promise<unknown>;
  open(path: string, flags: string, mode?: number): Promise<fsp.FileHandle>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  chmod(path: string, mode: number): Promise<void>;
  /** Removes an empty directory (fails with ENOTEMPTY otherwise). */
  rmdir(path: string): Promise<void>;
  /** The names in a directory (to bound the backups kept per file). */
  readdir(path: string): Promise<string[]>;
}

/** The real file system. */
export const nodeFsOps: FsOps = {
  readFile: (path) => fsp.readFile(path),
  lstat: (path) => fsp.lstat(path),
  stat: (path) => fsp.stat(path),
  readlink: (path) => fsp.readlink(path),
  mkdir: (path, options) => fsp.mkdir(path, options),
  open: (path, flags, mode) => fsp.open(path, flags, mode),
  rename: (from, to) => fsp.rename(from, to),
  unlink: (path) => fsp.unlink(path),
  chmod: (path, mode) => fsp.chmod(path, mode),
  rmdir: (path) => fsp.rmdir(path),
  readdir: (path) => fsp.readdir(path),
};

/** True when the error is "no such file or directory". */
export function isMissing(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'ENOENT';
}
