/**
 * Requests refused for a missing or wrong local key: any local user can send them, so one activity row
 * (and log line) each would let them flood both. At most one row per window; the next row says how many
 * were refused in between.
 */
export class RefusedTally {
  private windowStart = -Infinity;
  private suppressed = 0;

  constructor(private readonly windowMs = 60_000) {}

  /** Null when this refusal is only counted; otherwise how many were counted since the last row. */
  admit(now: number): number | null {
    if (now - this.windowStart < this.windowMs) {
      this.suppressed++;
      return null;
    }
    this.windowStart = now;
    const before = this.suppressed;
    this.suppressed = 0;
    return before;
  }
}
