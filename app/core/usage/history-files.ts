/**
 * Reading and appending the history. Appends are one `O_APPEND` write per day and batch (never through a symlink), so processes
 * appending at once (serve, the desktop app, the demo) never interleave inside a line. Every batch
 * starts with a newline: a line torn by a crash is closed by the next batch instead of spoiling its
 * first record, and readers skip it.
 */
import { mkdir } from 'node:fs/promises';
import type { UsageRecord } from '../../contract/usage.js';
import { appendToDayFile, readDayFile, UnreadableDayFile } from './day-file-io.js';
import { DAY_MS, dayFilePath, dayOf, listDayFiles } from './day-files.js';
import { decodeLine, encodeRecord } from './record-line.js';

/** Appends records to their days' files (one write per day). */
export async function appendRecords(dir: string, records: readonly UsageRecord[]): Promise<number> {
  if (records.length === 0) return 0;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const byDay = new Map<string, string[]>();
  for (const record of records) {
    const day = dayOf(record.at);
    let lines = byDay.get(day);
    if (!lines) byDay.set(day, (lines = []));
    lines.push(encodeRecord(record));
  }
  let bytes = 0;
  for (const [day, lines] of byDay) {
    const text = '\n' + lines.join('\n');
    bytes += Buffer.byteLength(text);
    await appendToDayFile(dayFilePath(dir, day), text);
  }
  return bytes;
}

/** Parses one file's text, skipping lines that are not whole records; keeps those in `since..until`. */
export function parseRecords(text: string, since: number, until: number, into: UsageRecord[] = []): UsageRecord[] {
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    if (end > start) {
      const record = decodeLine(text.slice(start, end));
      if (record && record.at >= since && record.at <= until) into.push(record);
    }
    start = end + 1;
  }
  return into;
}

/**
 * The records with `since <= at <= until`, oldest file first (within a file, in append order). A day file
 * that cannot be read (another owner's, a symlink, too big) is skipped and told to `onSkipped`, so one
 * bad file does not hide the rest of the history.
 */
export async function readRecords(dir: string, since: number, until: number, onSkipped: (problem: UnreadableDayFile) => void = () => {}): Promise<UsageRecord[]> {
  const records: UsageRecord[] = [];
  for (const file of await listDayFiles(dir)) {
    if (file.start + DAY_MS <= since || file.start > until) continue;
    let text: string | null;
    try {
      text = await readDayFile(file.path);
    } catch (error) {
      if (!(error instanceof UnreadableDayFile)) throw error;
      onSkipped(error);
      continue;
    }
    if (text !== null) parseRecords(text, since, until, records);
  }
  return records;
}
