/**
 * Backups in `stateDir/backups/`: the first-touch original of every file that existed before we touched it
 * (kept forever), and a copy before each later change, of which the newest KEPT_PER_FILE stay (plus the one
 * the current setup's undo restores from).
 */
import { createHash } from 'node:crypto';
import { basename, join } from 'node:path';
import { writeFileAtomic } from './atomic-write.js';
import { isMissing, type FsOps } from './fs-ops.js';

/** Timestamped backups kept per file: enough to step back a few changes, without piling up over demo rounds. */
export const KEPT_PER_FILE = 3;

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

  /** Where the first-touch original of `realPath` is (or would be) kept. */
  firstTouchPath(realPath: string): string {
    return join(this.dir, `${this.stem(realPath)}.original`);
  }

  /** Saves the bytes we found before ever touching `realPath`; later calls keep the first copy. `created` says whether this call wrote it. */
  async keepFirstTouch(realPath: string, bytes: Buffer): Promise<{ path: string; created: boolean }> {
    const target = this.firstTouchPath(realPath);
    if (await this.exists(target)) return { path: target, created: false };
    await this.fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
    await writeFileAtomic(this.fs, target, bytes, 0o600);
    return { path: target, created: true };
  }

  /** Saves the bytes as they were just before this change, then drops this file's older copies beyond the bound (never one in `keep`). */
  async keepBeforeApply(realPath: string, bytes: Buffer, keep: string[] = []): Promise<string> {
    const stem = this.stem(realPath);
    const stamp = new Date(this.now()).toISOString().replace(/[:.]/g, '-');
    let target = join(this.dir, `${stem}.${stamp}.bak`);
    for (let n = 1; await this.exists(target); n++) target = join(this.dir, `${stem}.${stamp}-${n}.bak`);
    await this.fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
    await writeFileAtomic(this.fs, target, bytes, 0o600);
    await this.prune(stem, new Set([target, ...keep]));
    return target;
  }

  /** Removes all but the newest KEPT_PER_FILE timestamped copies of one file (by modification time, then name). */
  private async prune(stem: string, keep: Set<string>): Promise<void> {
    const names = (await this.fs.readdir(this.dir)).filter((name) => name.startsWith(`${stem}.`) && name.endsWith('.bak'));
    const dated = await Promise.all(names.map(async (name) => ({ path: join(this.dir, name), at: (await this.fs.stat(join(this.dir, name))).mtimeMs })));
    dated.sort((a, b) => b.at - a.at || b.path.localeCompare(a.path, 'en', { numeric: true }));
    let kept = dated.filter((backup) => keep.has(backup.path)).length;
    for (const backup of dated) {
      if (keep.has(backup.path)) continue;
      // The new copy and the one undo needs count towards the bound first.
      if (kept < KEPT_PER_FILE) {
        kept++;
        continue;
      }
      await this.fs.unlink(backup.path).catch((error: unknown) => {
        if (!isMissing(error)) throw error;
      });
    }
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
