/**
 * The usage report turned into what the charts and their tables draw: series over time, stacked by the
 * chosen group; time to first token and total time by provider; the error rate and its causes. Pure, so
 * unit tests run it under Node (hence the explicit `.js` paths).
 */
import { PROVIDER_LABELS, isProvider } from '../../../../app/contract/index.js';
import type { FailingSide, Percentiles, UsageGroupBy, UsageQuery, UsageReport } from '../../../../app/contract/index.js';
import { causeLabel, SIDE_LABELS } from './cause-labels.js';

/** The windows the screen offers. */
export type UsageSpan = '1d' | '7d';

/** Each window's length. */
export const SPAN_MS: Record<UsageSpan, number> = { '1d': 24 * 3_600_000, '7d': 7 * 24 * 3_600_000 };

/** The query for a window ending now. */
export function usageQuery(span: UsageSpan, by: UsageGroupBy, includeDemo: boolean, now: number): UsageQuery {
  return { since: now - SPAN_MS[span], until: now, by, includeDemo };
}

/** At most this many series per chart; the smaller groups beyond are summed as one. */
export const MAX_SERIES = 6;

/** The key of the summed smaller groups. */
export const OTHER_KEY = '(other)';

/** The demo's own sample traffic (app/core/demo/demo-traffic.ts). */
const DEMO_SAMPLE_AGENT = 'demo-sample';

/** What a group key reads as: a provider's name, an agent id or model as is, and words for the special keys. */
export function groupLabel(by: UsageGroupBy, key: string): string {
  if (key === OTHER_KEY) return 'Other';
  if (key === '(unknown)') return by === 'agent' ? 'No agent (refused)' : 'Unknown';
  if (by === 'provider' && isProvider(key)) return PROVIDER_LABELS[key];
  if (by === 'agent' && key === DEMO_SAMPLE_AGENT) return 'Demo samples';
  return key;
}

/** One slice of time of a stacked chart: a value per series key, in the keys' order. */
export interface StackedRow {
  start: number;
  values: number[];
  total: number;
}

/** A stacked chart over time. */
export interface StackedSeries {
  /** The report's groups with any of the metric, most requests first; `OTHER_KEY` last when groups were summed. */
  keys: string[];
  rows: StackedRow[];
  /** The sum of every row. */
  total: number;
}

/** Requests or tokens per bucket, stacked by the report's groups (most requests first, the smallest as "other"). */
export function overTime(report: UsageReport, metric: 'requests' | 'tokens'): StackedSeries {
  const sums = new Map<string, number>();
  for (const bucket of report.buckets) for (const [key, value] of Object.entries(bucket[metric])) sums.set(key, (sums.get(key) ?? 0) + value);
  // The report's order (most requests first) in both charts, so a group keeps its place and colour; then
  // anything only the buckets name.
  const ranked = [...report.groups.map((g) => g.key), ...[...sums.keys()].sort()].filter((key, i, all) => all.indexOf(key) === i && (sums.get(key) ?? 0) > 0);
  const kept = ranked.length > MAX_SERIES ? ranked.slice(0, MAX_SERIES - 1) : ranked;
  const keys = ranked.length > MAX_SERIES ? [...kept, OTHER_KEY] : kept;
  const rows = report.buckets.map((bucket) => {
    const counts = bucket[metric];
    const values = kept.map((key) => counts[key] ?? 0);
    if (keys.length > kept.length) values.push(Object.entries(counts).reduce((sum, [key, value]) => (kept.includes(key) ? sum : sum + value), 0));
    return { start: bucket.start, values, total: values.reduce((a, b) => a + b, 0) };
  });
  return { keys, rows, total: rows.reduce((sum, row) => sum + row.total, 0) };
}

/** One slice of time of the error chart. */
export interface ErrorRow {
  start: number;
  requests: number;
  errors: number;
  /** Errors per request, 0..1; null without requests. */
  rate: number | null;
}

/** Failed requests per bucket against all requests in it. */
export function errorRate(report: UsageReport): ErrorRow[] {
  return report.buckets.map((bucket) => {
    const requests = Object.values(bucket.requests).reduce((a, b) => a + b, 0);
    return { start: bucket.start, requests, errors: bucket.errors, rate: requests > 0 ? bucket.errors / requests : null };
  });
}

/** One provider's durations. */
export interface LatencyRow {
  key: string;
  label: string;
  requests: number;
  firstByte: Percentiles;
  total: Percentiles;
}

/** Time to first token and total time per provider, in the report's order. */
export function latencyByProvider(report: UsageReport): LatencyRow[] {
  return report.byProvider.map((g) => ({ key: g.key, label: groupLabel('provider', g.key), requests: g.requests, firstByte: g.firstByteMs, total: g.totalMs }));
}

/** One cause of failures, in words. */
export interface CauseRow {
  side: FailingSide;
  sideLabel: string;
  cause: string;
  label: string;
  count: number;
  /** Of all failed requests in the window, 0..1. */
  share: number;
}

/** The causes of failures, most frequent first, with who failed and why in words. */
export function causeRows(report: UsageReport): CauseRow[] {
  const failed = report.totals.errors;
  return report.causes.map((c) => ({ side: c.side, sideLabel: SIDE_LABELS[c.side], cause: c.cause, label: causeLabel(c.cause), count: c.count, share: failed > 0 ? c.count / failed : 0 }));
}

/** The estimated cost for people, or null when no money may be shown (no price table); a dash, not a partial sum, when a model has no price. */
export function costText(report: UsageReport): string | null {
  if (!report.priced) return null;
  if (report.totals.costUsd === null) return '–';
  return `$${report.totals.costUsd.toFixed(2)}`;
}
