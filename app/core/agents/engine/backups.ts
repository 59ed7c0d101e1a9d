/** Backups in `stateDir/backups/`: the first-touch original of every file (kept forever) and one copy per apply. */
import { createHash } from 'node:crypto';
import { basename, join } from 'node:path';
import { writeFileAtomic } from './atomic-write.js';
import { isMissing, type FsOps } from './fs-ops.js';

/** Where backups go and how they are named; backups may hold the user's own secrets, so they are 0600. */
export class BackupStore {
  constructor(
    private readonly fs: FsOps,
    private readonly dir: string,
    private readonly now: () => number,
  ) {}

  /** A stable, readable name per real path: `settings.json-1a2b3c4d5e6f`. */
  private stem(realPath: string): string {
    const safe = basename(realPath).replace(/[^A-Za-z0-9._-]/g, '_');
    return `${safe}-${createHash('sha256').update(realPath).digest('hex').slice(0, 12)}`;
  }

  /** Saves the bytes we found before ever touching `realPath`; later calls keep the first copy. Returns its path. */
  async keepFirstTouch(realPath: string, bytes: Buffer): Promise<string> {
    const target = join(this.dir, `${this.stem(realPath)}.original`);
    try {
      await this.fs.stat(target);
      return target;
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
    await this.fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
    await writeFileAtomic(this.fs, target, bytes, 0o600);
    return target;
  }

  /** Saves the bytes as they were just before this apply. Returns the backup's path. */
  async keepBeforeApply(realPath: string, bytes: Buffer): Promise<string> {
    const stamp = new Date(this.now()).toISOString().replace(/[:.]/g, '-');
    let target = join(this.dir, `${this.stem(realPath)}.${stamp}.bak`);
    for (let n = 1; await this.exists(target); n++) target = join(this.dir, `${this.stem(realPath)}.${stamp}-${n}.bak`);
    await this.fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
    await writeFileAtomic(this.fs, target, bytes, 0o600);
    return target;
  }

  /** Reads a backup back. */
  read(path: string): Promise<Buffer> {
    return this.fs.readFile(path);
  }

  private async exists(path: string): Promise<boolean> {
    try {
      await this.fs.stat(path);
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }
}
