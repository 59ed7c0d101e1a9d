/** Which activity rows to show: demo sample requests hidden unless asked for, one agent or all, failures only. */
import type { ActivityEntry } from '../../../../app/contract';

/** The owner of the demo's own sample requests (app/core/demo/demo-traffic.ts). */
export const DEMO_SAMPLE_AGENT = 'demo-sample';

/** The filter's state. */
export interface ActivityFilter {
  showSamples: boolean;
  /** An agent id, or null for every agent. */
  agent: string | null;
  failuresOnly: boolean;
}

/** The default: everything but the demo's sample requests. */
export const DEFAULT_FILTER: ActivityFilter = { showSamples: false, agent: null, failuresOnly: false };

/** True for a request that did not succeed. */
export const isFailure = (entry: ActivityEntry): boolean => entry.status < 200 || entry.status >= 300;

/** The entries the filter lets through, in their order. */
export function filterActivity(entries: readonly ActivityEntry[], filter: ActivityFilter): ActivityEntry[] {
  return entries.filter(
    (e) => (filter.showSamples || e.agent !== DEMO_SAMPLE_AGENT) && (filter.agent === null || e.agent === filter.agent) && (!filter.failuresOnly || isFailure(e)),
  );
}

/** The agents that sent requests, for the filter's list (the samples only while they are shown). */
export function agentsIn(entries: readonly ActivityEntry[], showSamples: boolean): string[] {
  return [...new Set(entries.map((e) => e.agent).filter((a): a is string => a !== null && (showSamples || a !== DEMO_SAMPLE_AGENT)))].sort();
}
