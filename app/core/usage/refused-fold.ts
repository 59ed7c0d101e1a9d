/**
 * Requests refused at the door (no local key, or a wrong one) folded into few history records.
 *
 * Why: anyone on this machine can send those, as fast as they like, without a key. One record each would
 * let a loop fill the history to its size cap and push a week of real requests out; one per minute (what
 * the activity list shows) would hide a flood of 500 as "1". So, per kind of refusal (provider, status,
 * cause, demo) and window: the first refusal is recorded as it comes (a misconfigured agent shows at once),
 * the rest are counted into one pending record (`count`, the last one's time) that is written when the
 * window's timer fires, when the history is read, or when the proxy stops. Whatever the rate, a kind gets
 * about two records a window, and every refusal is counted in the history's numbers.
 */
import type { UsageRecord } from '../../contract/usage.js';

/** The causes of a refusal before any key was accepted (the proxy's AppError codes). */
const DOOR_CAUSES: ReadonlySet<string> = new Set(['local_key_missing', 'local_key_invalid']);

/** True for a request refused for its local key, before it had an agent. */
export function isDoorRefusal(record: UsageRecord): boolean {
  return record.agent === null && record.cause !== null && DOOR_CAUSES.has(record.cause);
}

interface Window {
  start: number;
  /** The refusals after the first in this window, not yet written. */
  pending: UsageRecord | null;
}

/** Folds door refusals per kind and window; the caller writes what it returns and what `take` hands out. */
export class RefusedFold {
  // Bounded: the key has a provider (four), a cause (two), a status and the demo flag, never caller text.
  private readonly windows = new Map<string, Window>();

  constructor(readonly windowMs = 60_000) {}

  /** The records to write now: the refusal itself when it opens a window (after the last window's pending ones), else none. */
  add(record: UsageRecord, now: number): UsageRecord[] {
    const key = `${record.provider} ${record.status} ${record.cause} ${record.demo ? 1 : 0}`;
    const window = this.windows.get(key);
    if (!window || now - window.start >= this.windowMs) {
      this.windows.set(key, { start: now, pending: null });
      return window?.pending ? [window.pending, record] : [record];
    }
    const count = (window.pending?.count ?? 0) + (record.count ?? 1);
    window.pending = { ...record, count };
    return [];
  }

  /** True while a folded record waits to be written. */
  get pending(): boolean {
    for (const window of this.windows.values()) if (window.pending) return true;
    return false;
  }

  /**
   * The folded records so far, handed out once. The windows stay open, so the sender gains nothing: only
   * readers add records (the Usage screen polls every 10 s, the tray less often), and they see the counts at once.
   */
  take(): UsageRecord[] {
    const out: UsageRecord[] = [];
    for (const window of this.windows.values()) {
      if (window.pending) out.push(window.pending);
      window.pending = null;
    }
    return out;
  }
}
