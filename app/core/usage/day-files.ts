/** The history's files: one per UTC day (`2026-12-02.jsonl`), so age pruning deletes whole files. */
// fs.promises through node:fs: loaded on first use, not when `ai-gateway status` bundles this for DAY_MS (see atomic-file.ts).
import { promises as fs } from 'node:fs';
import { join } from 'node:path';

/** One day's file. */
export interface DayFile {
  /** `YYYY-MM-DD`, UTC. */
  day: string;
  path: string;
  /** The day's first millisecond. */
  start: number;
}

export const DAY_MS = 86_400_000;
const DAY_FILE = /^(\d{4}-\d{2}-\d{2})\.jsonl$/;

/** The UTC day a moment falls on, as `YYYY-MM-DD`. */
export function dayOf(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

/** The path of a day's file in the history folder. */
export function dayFilePath(dir: string, day: string): string {
  return join(dir, `${day}.jsonl`);
}

/** The history's day files, oldest first; none when the folder does not exist yet. */
export async function listDayFiles(dir: string): Promise<DayFile[]> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const files: DayFile[] = [];
  for (const name of names) {
    const match = DAY_FILE.exec(name);
    if (!match) continue;
    const start = Date.parse(`${match[1]}T00:00:00Z`);
    if (Number.isFinite(start)) files.push({ day: match[1]!, path: join(dir, name), start });
  }
  return files.sort((a, b) => a.start - b.start);
}
