/**
 * Opening one day file of the history, for appending and for reading, never through a symlink: the
 * history folder is the user's, but a link planted in it (to ~/.bashrc, to another user's file) must not
 * have the proxy append to or the pruner rewrite whatever it points at. Like the proxy record's open.
 */
import { constants, type FileHandle, open } from 'node:fs/promises';

// O_NOFOLLOW does not exist on Windows (0 there): symlinks need privileges to create, and the type check below still holds.
const NOFOLLOW = constants.O_NOFOLLOW ?? 0;

/** A day file that could not be read, with what to do about it. */
export class UnreadableDayFile extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`Skipped the usage history file ${path}: ${reason}.`, options);
  }

  /** A day file that is a symlink (or a folder): found by lstat before anything opens it. */
  static notAFile(path: string): UnreadableDayFile {
    return new UnreadableDayFile(path, reasonFor(path, { code: 'ENOTFILE' }));
  }
}

/** Why a day file cannot be read or written, and the fix, for people. */
function reasonFor(path: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ELOOP' || code === 'EISDIR' || code === 'ENOTFILE') return `it is a symbolic link or not a regular file, and the history never reads or writes through one. Remove it (rm "${path}")`;
  if (code === 'EACCES' || code === 'EPERM') return `permission denied. Make it yours again (chown $USER "${path}" && chmod 600 "${path}"), or remove it`;
  if (code === 'ERR_STRING_TOO_LONG' || code === 'ERR_FS_FILE_TOO_LARGE') return `it is too big to read at once. Remove it, or keep less history (usageMaxMb)`;
  return `${code ?? (error as Error).message}. Remove it if it keeps failing`;
}

async function openDayFile(path: string, flags: number): Promise<FileHandle> {
  const handle = await open(path, flags | NOFOLLOW, 0o600);
  try {
    if (!(await handle.stat()).isFile()) throw Object.assign(new Error('not a regular file'), { code: 'ENOTFILE' });
    return handle;
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** Appends `text` to a day file in one write (O_APPEND, created 0600, never through a symlink). */
export async function appendToDayFile(path: string, text: string): Promise<void> {
  let handle: FileHandle;
  try {
    handle = await openDayFile(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT);
  } catch (error) {
    throw new UnreadableDayFile(path, reasonFor(path, error), { cause: error });
  }
  try {
    await handle.writeFile(text);
  } finally {
    await handle.close();
  }
}

/** A day file's text; null when it is gone (pruned meanwhile); an UnreadableDayFile naming the fix otherwise. */
export async function readDayFile(path: string): Promise<string | null> {
  let handle: FileHandle | undefined;
  try {
    handle = await openDayFile(path, constants.O_RDONLY);
    return await handle.readFile('utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new UnreadableDayFile(path, reasonFor(path, error), { cause: error });
  } finally {
    await handle?.close();
  }
}
