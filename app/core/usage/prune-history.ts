/**
 * Keeps the history within its age and size: whole days past the retention are deleted, the day on the
 * boundary is rewritten without its older records, and the oldest days go first when the folder is over
 * its cap. Every rewrite is atomic (temp file, rename) and runs under the cross-process lock, so two
 * processes never prune at once and a reader sees the old file or the new one.
 */
import { lstat, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../config/atomic-file.js';
import { withFileLock } from '../config/file-lock.js';
import { readDayFile, UnreadableDayFile } from './day-file-io.js';
import { DAY_MS, listDayFiles, type DayFile } from './day-files.js';
import { decodeLine, encodeRecord } from './record-line.js';

/** How much history to keep. */
export interface HistoryLimits {
  retentionMs: number;
  maxBytes: number;
}

/** What a prune did. */
export interface PruneResult {
  removedFiles: number;
  rewrittenFiles: number;
  /** The history's size afterwards (the skipped files left out). */
  bytes: number;
  /** Files left as they are because they could not be read (or are symlinks): never rewritten, never emptied. */
  skipped: UnreadableDayFile[];
}

/** Prunes the history folder `dir` to `limits` as of `now`. */
export async function pruneHistory(dir: string, limits: HistoryLimits, now: number): Promise<PruneResult> {
  const files = await listDayFiles(dir);
  if (files.length === 0) return { removedFiles: 0, rewrittenFiles: 0, bytes: 0, skipped: [] };
  return withFileLock(join(dir, 'history'), async () => {
    const result: PruneResult = { removedFiles: 0, rewrittenFiles: 0, bytes: 0, skipped: [] };
    const cutoff = now - limits.retentionMs;
    const kept: { file: DayFile; size: number }[] = [];
    for (const file of await listDayFiles(dir)) {
      const info = await lstat(file.path).catch(() => null);
      if (!info) continue; // removed meanwhile
      // A symlink is not the history's: neither deleted (the link is not ours to judge) nor rewritten (its target would be).
      if (!info.isFile()) {
        result.skipped.push(UnreadableDayFile.notAFile(file.path));
        continue;
      }
      if (file.start + DAY_MS <= cutoff) {
        await rm(file.path, { force: true });
        result.removedFiles++;
        continue;
      }
      let size = info.size;
      if (file.start < cutoff) {
        const rewritten = await rewrite(file.path, (lines) => lines.filter((line) => (decodeLine(line)?.at ?? -Infinity) >= cutoff), result);
        if (rewritten === null) continue;
        size = rewritten;
        result.rewrittenFiles++;
      }
      kept.push({ file, size });
    }
    let total = kept.reduce((sum, k) => sum + k.size, 0);
    while (total > limits.maxBytes && kept.length > 1) {
      const oldest = kept.shift()!;
      await rm(oldest.file.path, { force: true });
      result.removedFiles++;
      total -= oldest.size;
    }
    const last = kept[0];
    if (last && total > limits.maxBytes) {
      // One day alone is over the cap: keep its newest records, to three quarters of the cap, so the next appends do not prune again at once.
      const budget = Math.floor(limits.maxBytes * 0.75);
      const rewritten = await rewrite(last.file.path, (lines) => newestWithin(lines, budget), result);
      if (rewritten !== null) {
        total = rewritten;
        result.rewrittenFiles++;
      }
    }
    result.bytes = total;
    return result;
  });
}

/** The newest whole records whose lines fit in `budget` bytes, in their order. */
function newestWithin(lines: string[], budget: number): string[] {
  const records = lines.map((line) => ({ line, record: decodeLine(line) })).filter((r) => r.record !== null);
  records.sort((a, b) => a.record!.at - b.record!.at);
  const out: string[] = [];
  let used = 0;
  for (let i = records.length - 1; i >= 0; i--) {
    const size = Buffer.byteLength(records[i]!.line) + 1;
    if (used + size > budget) break;
    used += size;
    out.push(records[i]!.line);
  }
  return out.reverse();
}

/**
 * Rewrites a day file atomically with the lines `keep` returns (torn lines are dropped); returns its new
 * size. A file that could not be read is left exactly as it is (null, noted in `result.skipped`): writing
 * what was read, when nothing was, would empty it.
 */
async function rewrite(path: string, keep: (lines: string[]) => string[], result: PruneResult): Promise<number | null> {
  let text: string | null;
  try {
    text = await readDayFile(path);
  } catch (error) {
    if (!(error instanceof UnreadableDayFile)) throw error;
    result.skipped.push(error);
    return null;
  }
  if (text === null) return null;
  const lines = text.split('\n').filter((line) => decodeLine(line) !== null);
  const kept = keep(lines).map((line) => encodeRecord(decodeLine(line)!));
  const data = kept.length ? '\n' + kept.join('\n') : '';
  await writeFileAtomic(path, data, 0o600);
  return Buffer.byteLength(data);
}
