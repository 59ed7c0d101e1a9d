/** A fake Clock for the token service: time moves only when a test says so, timers fire in order. */
import type { Clock } from '../../app/core/auth/clock.js';

interface Timer {
  id: number;
  at: number;
  fn: () => void;
}

/** Manual time. `advance` fires due timers; `jump` moves the wall clock without firing any (a laptop waking up). */
export class FakeClock implements Clock {
  private timers: Timer[] = [];
  private nextId = 1;

  constructor(public current = 1_700_000_000_000) {}

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const timer = { id: this.nextId++, at: this.current + Math.max(0, ms), fn };
    this.timers.push(timer);
    return timer.id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  /** How many timers are pending. */
  get pending(): number {
    return this.timers.length;
  }

  /** When the earliest pending timer fires, or null. */
  get nextTimerAt(): number | null {
    return this.timers.length === 0 ? null : Math.min(...this.timers.map((t) => t.at));
  }

  /** Moves time forward by `ms`, firing each due timer at its own time and letting promises settle after each. */
  async advance(ms: number): Promise<void> {
    const end = this.current + ms;
    for (;;) {
      await settle();
      const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.current = Math.max(this.current, due.at);
      due.fn();
    }
    this.current = end;
    await settle();
  }

  /** Moves the wall clock by `ms` without firing timers: what a suspended machine sees when it wakes. */
  jump(ms: number): void {
    this.current += ms;
  }
}

/** Lets pending promise callbacks run (several rounds, for chains of awaits). */
export async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
