/**
 * The history turned into what people look at: totals, groups, buckets over time without gaps,
 * p50/p95 of first-byte and total time per provider, failure causes by side, optional cost. Pure: the
 * window, the CLI and the tray all get their numbers from here. A record of folded refusals counts as the
 * requests it stands for everywhere but in the time percentiles (one sample; see UsageRecord.count).
 */
import type { FailingSide } from '../../contract/errors.js';
import type { Percentiles, UsageBucket, UsageCause, UsageGroup, UsageGroupBy, UsageQuery, UsageRecord, UsageReport, UsageTotals } from '../../contract/usage.js';
import { priceFor, type PriceTable } from './price-table.js';

/** The group key of requests without an agent, provider or model. */
export const UNKNOWN_KEY = '(unknown)';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const BUCKET_SIZES = [MINUTE, 5 * MINUTE, 15 * MINUTE, HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 7 * DAY, 30 * DAY];
/** Enough bars to see a shape at 800 px wide, few enough to hover one. */
const MAX_BUCKETS = 60;

/** The bucket size for a window: the smallest of the usual sizes that needs no more than 60 buckets. */
export function bucketSizeFor(spanMs: number): number {
  for (const size of BUCKET_SIZES) if (spanMs / size <= MAX_BUCKETS) return size;
  return Math.ceil(spanMs / MAX_BUCKETS / DAY) * DAY;
}

/** The nearest-rank percentile of sorted values (`p` in 0..1), null for none. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

/** True for a request that did not succeed. */
export function isError(record: UsageRecord): boolean {
  return record.status < 200 || record.status >= 300;
}

/** How many requests a record stands for: its count when refusals were folded into it, else one. */
export function requestsIn(record: UsageRecord): number {
  return record.count ?? 1;
}

/** What the report needs beyond the query. */
export interface AggregateOptions {
  now: number;
  /** The user's price table; null shows no money anywhere. */
  prices: PriceTable | null;
}

class Accumulator {
  requests = 0;
  errors = 0;
  inputTokens = 0;
  outputTokens = 0;
  cost = 0;
  unpriced = false;
  readonly firstByte: number[] = [];
  readonly total: number[] = [];

  add(record: UsageRecord, prices: PriceTable | null): void {
    const requests = requestsIn(record);
    this.requests += requests;
    if (isError(record)) this.errors += requests;
    const input = record.inputTokens ?? 0;
    const output = record.outputTokens ?? 0;
    this.inputTokens += input;
    this.outputTokens += output;
    // One sample per record, even a folded one (see UsageRecord.count).
    if (record.firstByteMs !== null) this.firstByte.push(record.firstByteMs);
    this.total.push(record.totalMs);
    if (prices && input + output > 0) {
      const price = priceFor(prices, record.model);
      if (price) this.cost += (input * price.input + output * price.output) / 1_000_000;
      else this.unpriced = true;
    }
  }

  totals(priced: boolean): UsageTotals {
    return {
      requests: this.requests,
      errors: this.errors,
      inputTokens: this.inputTokens,
      outputTokens: this.outputTokens,
      // Rounded to a millionth of a dollar: float sums of small prices otherwise print as 0.30000000000000004.
      costUsd: priced && !this.unpriced ? Math.round(this.cost * 1e6) / 1e6 : null,
    };
  }

  group(key: string, priced: boolean): UsageGroup {
    const byNumber = (a: number, b: number) => a - b;
    return { key, ...this.totals(priced), firstByteMs: percentiles(this.firstByte.sort(byNumber)), totalMs: percentiles(this.total.sort(byNumber)) };
  }
}

function percentiles(sorted: number[]): Percentiles {
  return { p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95) };
}

function keyOf(record: UsageRecord, by: UsageGroupBy): string {
  return (by === 'agent' ? record.agent : by === 'provider' ? record.provider : record.model) ?? UNKNOWN_KEY;
}

function groupsOf(accumulators: Map<string, Accumulator>, priced: boolean): UsageGroup[] {
  return [...accumulators].map(([key, acc]) => acc.group(key, priced)).sort((a, b) => b.requests - a.requests || a.key.localeCompare(b.key));
}

/** The report on `records` for `query`; records outside the window (or the demo's, unless asked for) are left out. */
export function aggregateUsage(records: readonly UsageRecord[], query: UsageQuery, options: AggregateOptions): UsageReport {
  const since = query.since;
  const until = query.until ?? options.now;
  const by = query.by ?? 'agent';
  const includeDemo = query.includeDemo ?? false;
  const prices = options.prices;
  const priced = prices !== null;
  const bucketMs = bucketSizeFor(Math.max(0, until - since));
  const firstStart = Math.floor(since / bucketMs) * bucketMs;
  // Counted, not stepped until `until`: past ~6e20 `start += bucketMs` stops changing start, so no window may loop forever.
  const bucketCount = until < firstStart ? 0 : Math.min(MAX_BUCKETS + 2, Math.floor((until - firstStart) / bucketMs) + 1);
  const buckets: UsageBucket[] = [];
  for (let i = 0; i < bucketCount; i++) buckets.push({ start: firstStart + i * bucketMs, requests: {}, tokens: {}, errors: 0 });

  const all = new Accumulator();
  const groups = new Map<string, Accumulator>();
  const providers = new Map<string, Accumulator>();
  const causes = new Map<string, UsageCause>();
  const unpricedModels = new Set<string>();
  for (const record of records) {
    if (record.at < since || record.at > until || (record.demo && !includeDemo)) continue;
    all.add(record, prices);
    const requests = requestsIn(record);
    const key = keyOf(record, by);
    accumulatorFor(groups, key).add(record, prices);
    accumulatorFor(providers, record.provider ?? UNKNOWN_KEY).add(record, prices);
    // Always a bucket for a window in Date's range; the guard is for a caller that skipped checkUsageQuery.
    const bucket = buckets[Math.floor((record.at - firstStart) / bucketMs)];
    if (bucket) {
      bucket.requests[key] = (bucket.requests[key] ?? 0) + requests;
      bucket.tokens[key] = (bucket.tokens[key] ?? 0) + (record.inputTokens ?? 0) + (record.outputTokens ?? 0);
      if (isError(record)) bucket.errors += requests;
    }
    if (isError(record) && record.side !== null && record.cause !== null) {
      const causeKey = `${record.side} ${record.cause}`;
      const known = causes.get(causeKey);
      if (known) known.count += requests;
      else causes.set(causeKey, { side: record.side satisfies FailingSide, cause: record.cause, count: requests });
    }
    if (prices && record.model !== null && (record.inputTokens ?? 0) + (record.outputTokens ?? 0) > 0 && !priceFor(prices, record.model)) unpricedModels.add(record.model);
  }
  return {
    since,
    until,
    by,
    bucketMs,
    totals: all.totals(priced),
    groups: groupsOf(groups, priced),
    byProvider: groupsOf(providers, priced),
    buckets,
    causes: [...causes.values()].sort((a, b) => b.count - a.count || a.cause.localeCompare(b.cause)),
    priced,
    unpricedModels: [...unpricedModels].sort(),
  };
}

function accumulatorFor(map: Map<string, Accumulator>, key: string): Accumulator {
  let acc = map.get(key);
  if (!acc) map.set(key, (acc = new Accumulator()));
  return acc;
}
