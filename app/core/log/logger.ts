/** A small structured logger: JSON lines in the app data folder, rotated by size, redacted centrally. */
import { appendFileSync, mkdirSync, renameSync, statSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { redact } from './redact.js';

/** Severity levels. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Where log lines go, besides the file (the CLI echoes warnings to stderr). */
export type LogSink = (level: LogLevel, message: string, fields: Record<string, unknown>) => void;

/** The file name of the current log. */
export const LOG_FILE = 'ai-gateway.log';

/**
 * Loggers whose queued lines are written out when the process exits: one 'exit' listener for all of them,
 * not one per logger (the app and the tests make a logger per runtime, and each listener would keep its
 * logger alive for the life of the process). Weak references, so a logger no longer used can still go.
 */
const flushAtExit = new Set<WeakRef<Logger>>();
let exitHooked = false;
function registerForExit(logger: Logger): void {
  if (!exitHooked) {
    exitHooked = true;
    process.once('exit', () => {
      for (const ref of flushAtExit) ref.deref()?.flush();
    });
  }
  for (const ref of flushAtExit) if (ref.deref() === undefined) flushAtExit.delete(ref);
  flushAtExit.add(new WeakRef(logger));
}

/** Appends JSON lines to `dir/ai-gateway.log`, keeping `keep` rotated files of at most `maxBytes` each. */
export class Logger {
  private readonly file: string;
  private size = 0;
  private ready = false;
  private queued: string[] = [];

  constructor(
    private readonly dir: string | null,
    private readonly sinks: LogSink[] = [],
    private readonly maxBytes = 1024 * 1024,
    private readonly keep = 3,
  ) {
    this.file = dir ? join(dir, LOG_FILE) : '';
  }

  debug(message: string, fields: Record<string, unknown> = {}): void {
    this.write('debug', message, fields);
  }
  info(message: string, fields: Record<string, unknown> = {}): void {
    this.write('info', message, fields);
  }
  warn(message: string, fields: Record<string, unknown> = {}): void {
    this.write('warn', message, fields);
  }
  error(message: string, fields: Record<string, unknown> = {}): void {
    this.write('error', message, fields);
  }

  /** Writes out the per-request lines still queued (also done on the next turn of the event loop and at exit). */
  flush(): void {
    if (this.queued.length === 0) return;
    const lines = this.queued.join('');
    this.queued = [];
    this.append(lines);
  }

  private write(level: LogLevel, message: string, fields: Record<string, unknown>): void {
    // Values are redacted before serialising: a secret then matches unescaped, and the line stays valid JSON.
    const clean = redactDeep(fields) as Record<string, unknown>;
    const text = redact(message);
    const line = JSON.stringify({ time: new Date().toISOString(), level, message: text, ...clean }) + '\n';
    for (const sink of this.sinks) sink(level, text, clean);
    if (!this.dir) return;
    if (level === 'debug') {
      // One line per proxied request: queued, so the proxy's hot path never waits on a synchronous write.
      this.queued.push(line);
      if (this.queued.length === 1) setImmediate(() => this.flush());
      return;
    }
    this.flush();
    this.append(line);
  }

  private append(text: string): void {
    try {
      if (!this.ready) {
        mkdirSync(this.dir!, { recursive: true, mode: 0o700 });
        this.size = statSync(this.file, { throwIfNoEntry: false })?.size ?? 0;
        this.ready = true;
        registerForExit(this);
      }
      if (this.size + text.length > this.maxBytes && this.size > 0) this.rotate();
      appendFileSync(this.file, text, { mode: 0o600 });
      this.size += text.length;
    } catch {
      // Logging must never take the proxy down (full disk, read-only home).
    }
  }

  private rotate(): void {
    rmSync(`${this.file}.${this.keep}`, { force: true });
    for (let i = this.keep - 1; i >= 1; i--) {
      try {
        renameSync(`${this.file}.${i}`, `${this.file}.${i + 1}`);
      } catch {
        // That generation does not exist yet.
      }
    }
    renameSync(this.file, `${this.file}.1`);
    this.size = 0;
  }
}

/** Every string inside `value` redacted, objects and arrays rebuilt; depth-limited for cyclic or huge values. */
function redactDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redact(value);
  if (value === null || typeof value !== 'object' || depth > 6) return value;
  const json = (value as { toJSON?: () => unknown }).toJSON;
  if (typeof json === 'function') return redactDeep(json.call(value), depth + 1);
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, depth + 1));
  // A loop, not fromEntries(entries().map()): this runs for the log line of every proxied request.
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = redactDeep((value as Record<string, unknown>)[key], depth + 1);
  return out;
}
