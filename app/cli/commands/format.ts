/** Small text helpers shared by the commands' human output. */
import type { TokenStatus } from '../../contract/api.js';

/** "42 min", "1 h 5 min", "30 s". */
export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** One line about the token for people. */
export function describeToken(status: TokenStatus, now = Date.now()): string {
  const left = status.validUntil ? `valid for ${duration(status.validUntil - now)}` : 'no valid token';
  switch (status.state) {
    case 'unconfigured':
      return 'not configured';
    case 'idle':
      return 'not fetched yet';
    case 'refreshing':
      return `refreshing (${left})`;
    case 'valid':
      return left;
    case 'rejected':
      return `credentials rejected: ${status.lastError?.message ?? ''}`.trim();
    case 'failed':
      return `refresh failed, ${left}: ${status.lastError?.message ?? ''}`.trim();
  }
}

/** A left-aligned text table. */
export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')).join('\n');
}
