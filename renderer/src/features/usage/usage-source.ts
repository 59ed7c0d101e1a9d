import type { UsageQuery, UsageReport } from '../../../../app/contract';
import { api } from '../../api';

/** The usage report from the app's history (the one aggregator lives in the core). */
export function loadUsage(query: UsageQuery): Promise<UsageReport> {
  return (api as unknown as { getUsage(q: UsageQuery): Promise<UsageReport> }).getUsage(query);
}
