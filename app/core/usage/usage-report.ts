/** The report on the history as the window, the tray and `ai-gateway usage` get it: read, price, aggregate. */
import type { UsageGroupBy, UsageQuery, UsageReport } from '../../contract/usage.js';
import { AppError } from '../errors.js';
import { aggregateUsage } from './aggregate.js';
import type { UnreadableDayFile } from './day-file-io.js';
import { readRecords } from './history-files.js';
import { loadPrices } from './prices-file.js';

/** Where the history and the prices are, and how far back the history goes. */
export interface UsageSource {
  /** The history folder. */
  dir: string;
  pricesFile: string;
  retentionMs: number;
}

const GROUPINGS: readonly UsageGroupBy[] = ['agent', 'provider', 'model'];
/** The largest epoch millisecond a Date holds (ECMA-262: 8.64e15, about the year 275760). */
export const MAX_TIME = 8.64e15;

/** Checks a query from the window (any JSON), naming the first bad field. */
export function checkUsageQuery(raw: unknown): UsageQuery {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new AppError('bad_request', 'The usage query must be an object like { "since": <epoch ms> }.', { field: 'query' });
  const q = raw as Record<string, unknown>;
  const time = (name: 'since' | 'until') => {
    const v = q[name];
    // Date's own range: past it a day file has no name and a bucket loop no longer advances (1e300 + 60000 === 1e300).
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > MAX_TIME) {
      throw new AppError('bad_request', `The usage query's "${name}" must be a time in epoch milliseconds, from 0 to ${MAX_TIME} (a JavaScript Date's range), not ${JSON.stringify(v) ?? 'missing'}.`, { field: name });
    }
    return v;
  };
  const query: UsageQuery = { since: time('since') };
  if (q.until !== undefined) {
    query.until = time('until');
    if (query.until < query.since) throw new AppError('bad_request', 'The usage query\'s "until" is before its "since": give an "until" at or after "since", or leave it out for now.', { field: 'until' });
  }
  if (q.by !== undefined) {
    if (typeof q.by !== 'string' || !GROUPINGS.includes(q.by as UsageGroupBy)) throw new AppError('bad_request', `The usage query's "by" must be one of ${GROUPINGS.join(', ')}.`, { field: 'by' });
    query.by = q.by as UsageGroupBy;
  }
  if (q.includeDemo !== undefined) {
    if (typeof q.includeDemo !== 'boolean') throw new AppError('bad_request', 'The usage query\'s "includeDemo" must be true or false.', { field: 'includeDemo' });
    query.includeDemo = q.includeDemo;
  }
  return query;
}

/** Reads the history in the query's window (never older than the retention) and aggregates it; a day file that cannot be read is skipped and told to `onSkipped`. */
export async function usageReport(source: UsageSource, query: UsageQuery, now: number, onSkipped?: (problem: UnreadableDayFile) => void): Promise<UsageReport> {
  const until = query.until ?? now;
  const [records, prices] = await Promise.all([readRecords(source.dir, Math.max(query.since, now - source.retentionMs), until, onSkipped), loadPrices(source.pricesFile)]);
  return aggregateUsage(records, { ...query, until }, { now, prices });
}
