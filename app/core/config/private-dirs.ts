/** The app data folder and its `agents/` state folder are private to the user, whatever mode they were created with. */
import { chmod, stat } from 'node:fs/promises';

/**
 * Forces 0700 on each folder that exists (a folder made by an older version, by hand, or under a wide
 * umask keeps the mode it had: `mkdir -p` never tightens one). Not on Windows, where ACLs decide.
 */
export async function forcePrivateDirs(dirs: string[]): Promise<void> {
  if (process.platform === 'win32') return;
  await Promise.all(
    dirs.map(async (dir) => {
      const info = await stat(dir).catch(() => null);
      if (info?.isDirectory() && (info.mode & 0o077) !== 0) await chmod(dir, 0o700);
    }),
  );
}
