/**
 * The proxy's side of the history: `record` only queues (no I/O on the request's path); the queue is
 * appended in one write per batch, a second after the first record or at once when it is large, and
 * the history is pruned at start, hourly, and whenever this process has written a tenth of the cap.
 */
import type { UsageRecord } from '../../contract/usage.js';
import { appendRecords } from './history-files.js';
import { pruneHistory, type HistoryLimits } from './prune-history.js';
import { isDoorRefusal, RefusedFold } from './refused-fold.js';

/** Where and how the recorder writes; the seams are for tests. */
export interface UsageRecorderOptions {
  /** The history folder. */
  dir: string;
  limits: () => HistoryLimits;
  flushMs?: number;
  /** A batch this large is written at once. */
  batchSize?: number;
  /** Records held while the disk refuses writes; older ones are dropped beyond it. */
  maxQueued?: number;
  pruneEveryMs?: number;
  /** The window refusals for the local key are folded over (refused-fold.ts). */
  refusedWindowMs?: number;
  now?: () => number;
  /** Told about a failed write or prune (once per kind of failure in a row): the log. */
  onError?: (what: 'append' | 'prune', error: unknown) => void;
}

/** Something the proxy hands each finished request to. */
export interface UsageSink {
  record(record: UsageRecord): void;
}

/** Batches records into the history files, off the proxy's hot path. */
export class UsageRecorder implements UsageSink {
  private queue: UsageRecord[] = [];
  private timer: NodeJS.Timeout | null = null;
  private pruneTimer: NodeJS.Timeout | null = null;
  private foldTimer: NodeJS.Timeout | null = null;
  private readonly refused: RefusedFold;
  private writing: Promise<void> = Promise.resolve();
  private writtenSincePrune = 0;
  private failing: { append: boolean; prune: boolean } = { append: false, prune: false };
  /** Day files a prune skipped (unreadable, symlinks) that were already reported. */
  private readonly reportedSkips = new Set<string>();
  /** Records dropped because the disk refused writes for too long. */
  dropped = 0;

  constructor(private readonly options: UsageRecorderOptions) {
    this.refused = new RefusedFold(options.refusedWindowMs);
  }

  /** Prunes once now and then hourly. */
  start(): void {
    void this.prune();
    this.pruneTimer ??= setInterval(() => void this.prune(), this.options.pruneEveryMs ?? 3_600_000).unref();
  }

  /** Queues one finished request; a refusal for the local key may be only counted, into a later record. */
  record(record: UsageRecord): void {
    if (!isDoorRefusal(record)) {
      this.enqueue(record);
      return;
    }
    for (const now of this.refused.add(record, (this.options.now ?? Date.now)())) this.enqueue(now);
    if (this.refused.pending) {
      this.foldTimer ??= setTimeout(() => {
        this.foldTimer = null;
        this.takeFolded();
      }, this.refused.windowMs).unref();
    }
  }

  private takeFolded(): void {
    for (const folded of this.refused.take()) this.enqueue(folded);
  }

  private enqueue(record: UsageRecord): void {
    this.queue.push(record);
    const max = this.options.maxQueued ?? 50_000;
    if (this.queue.length > max) {
      this.dropped += this.queue.length - max;
      this.queue.splice(0, this.queue.length - max);
    }
    if (this.queue.length >= (this.options.batchSize ?? 500)) void this.write();
    else this.timer ??= setTimeout(() => void this.write(), this.options.flushMs ?? 1_000).unref();
  }

  /** Writes what is queued, folded refusals included (someone is about to read); settles when it (and any write before it) is on disk. */
  flush(): Promise<void> {
    this.takeFolded();
    return this.write();
  }

  /** Writes the queue. The batch timer comes here, not to flush(): folded refusals wait for their window. */
  private write(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.queue;
    this.queue = [];
    this.writing = this.writing.then(async () => {
      if (batch.length === 0) return;
      try {
        this.writtenSincePrune += await appendRecords(this.options.dir, batch);
        this.failing.append = false;
      } catch (error) {
        // Kept for the next try, a flush interval later (the disk may come back); record() bounds the queue.
        this.queue = batch.concat(this.queue);
        this.timer ??= setTimeout(() => void this.write(), this.options.flushMs ?? 1_000).unref();
        this.report('append', error);
        return;
      }
      if (this.writtenSincePrune > this.options.limits().maxBytes / 10) await this.pruneNow();
    });
    return this.writing;
  }

  /** Flushes and stops the timers. */
  async close(): Promise<void> {
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    if (this.foldTimer) clearTimeout(this.foldTimer);
    this.pruneTimer = this.foldTimer = null;
    await this.flush();
  }

  private prune(): Promise<void> {
    this.writing = this.writing.then(() => this.pruneNow());
    return this.writing;
  }

  private async pruneNow(): Promise<void> {
    this.writtenSincePrune = 0;
    try {
      const result = await pruneHistory(this.options.dir, this.options.limits(), (this.options.now ?? Date.now)());
      this.failing.prune = false;
      // Once per file, not hourly: the file stays as it is until someone fixes it.
      for (const skipped of result.skipped) {
        if (this.reportedSkips.has(skipped.path)) continue;
        this.reportedSkips.add(skipped.path);
        this.options.onError?.('prune', skipped);
      }
    } catch (error) {
      this.report('prune', error);
    }
  }

  private report(what: 'append' | 'prune', error: unknown): void {
    if (this.failing[what]) return;
    this.failing[what] = true;
    this.options.onError?.(what, error);
  }
}
