/** One line of the structured log as people read it: time, level, message, then the other fields as key=value. */

/** A JSON log line as text; anything that is not a log object passes through unchanged. */
export function formatLogLine(line: string): string {
  let entry: unknown;
  try {
    entry = JSON.parse(line);
  } catch {
    return line;
  }
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return line;
  const { time, level, message, ...fields } = entry as Record<string, unknown>;
  const when = typeof time === 'string' ? time.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '';
  const extra = Object.entries(fields)
    .map(([key, value]) => `${key}=${typeof value === 'string' && !/\s/.test(value) ? value : JSON.stringify(value)}`)
    .join(' ');
  return [when, String(level ?? '').padEnd(5), String(message ?? ''), extra].filter((part) => part !== '').join('  ');
}

/** Splits a stream of text into whole lines, holding back a trailing partial line until the next chunk. */
export class LineSplitter {
  private rest = '';

  /** The complete lines in `chunk` (with what was held back before it). */
  push(chunk: string): string[] {
    const lines = (this.rest + chunk).split('\n');
    this.rest = lines.pop() ?? '';
    return lines;
  }
}
