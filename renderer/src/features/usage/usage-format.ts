/** Numbers, durations and times of the usage screen, for people. */

const COUNT = new Intl.NumberFormat('en-US');

/** "12,345". */
export function formatCount(n: number): string {
  return COUNT.format(n);
}

/** "850 ms", "1.25 s", "12.5 s"; a dash for none. */
export function formatMs(ms: number | null): string {
  if (ms === null) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** "7.5%"; a dash for none. */
export function formatRate(rate: number | null): string {
  return rate === null ? '–' : `${(rate * 100).toFixed(1)}%`;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A bucket as a heading: "Tue 2 Jun, 14:00–15:00", or "Tue 2 Jun" for a day. */
export function bucketTitle(start: number, bucketMs: number): string {
  const day = new Date(start).toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short' });
  if (bucketMs >= DAY) return day;
  const time = (at: number) => new Date(at).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false });
  return `${day}, ${time(start)}–${time(start + bucketMs)}`;
}

/** An axis tick: the time of day within a day's window, the day within a week's. */
export function tickLabel(start: number, spanMs: number): string {
  return spanMs <= DAY
    ? new Date(start).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false })
    : new Date(start).toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric' });
}
