/**
 * Which activity rows to show: the demo's sample requests hidden unless asked for, then by agent, provider,
 * status class and age. Imported by unit tests under Node too, hence the explicit `.js` paths.
 */
import type { ActivityEntry, Provider } from '../../../../app/contract/index.js';

/** The owner of the demo's own sample requests (app/core/demo/demo-traffic.ts). */
export const DEMO_SAMPLE_AGENT = 'demo-sample';

/** Which answers to show, by HTTP status class. */
export type StatusFilter = 'any' | 'succeeded' | 'failed' | 'client-error' | 'server-error';

/** The status choices in the order the filter lists them, with their labels. */
export const STATUS_FILTERS: readonly { value: StatusFilter; label: string }[] = [
  { value: 'any', label: 'Any status' },
  { value: 'succeeded', label: 'Succeeded (2xx)' },
  { value: 'failed', label: 'Failed (any error)' },
  { value: 'client-error', label: 'Refused or invalid (4xx)' },
  { value: 'server-error', label: 'Gateway or provider error (5xx)' },
];

/** How far back to show. */
export type AgeFilter = 'any' | '5m' | '15m' | '1h';

/** The age choices with their labels and length (null: no limit). */
export const AGE_FILTERS: readonly { value: AgeFilter; label: string; ms: number | null }[] = [
  { value: 'any', label: 'Any time', ms: null },
  { value: '5m', label: 'Last 5 minutes', ms: 5 * 60_000 },
  { value: '15m', label: 'Last 15 minutes', ms: 15 * 60_000 },
  { value: '1h', label: 'Last hour', ms: 60 * 60_000 },
];

/** The filter's state. */
export interface ActivityFilter {
  showSamples: boolean;
  /** An agent id, or null for every agent. */
  agent: string | null;
  /** One provider, or null for every provider (rows without one only then). */
  provider: Provider | null;
  status: StatusFilter;
  age: AgeFilter;
}

/** The default: everything but the demo's sample requests. */
export const DEFAULT_FILTER: ActivityFilter = { showSamples: false, agent: null, provider: null, status: 'any', age: 'any' };

/** True for a request that did not succeed. */
export const isFailure = (entry: ActivityEntry): boolean => entry.status < 200 || entry.status >= 300;

/** Whether a status passes the status filter. */
export function statusMatches(status: number, filter: StatusFilter): boolean {
  switch (filter) {
    case 'any':
      return true;
    case 'succeeded':
      return status >= 200 && status < 300;
    case 'failed':
      return status < 200 || status >= 300;
    case 'client-error':
      return status >= 400 && status < 500;
    case 'server-error':
      return status >= 500 && status < 600;
  }
}

/** The entries the filter lets through at `now`, in their order. */
export function filterActivity(entries: readonly ActivityEntry[], filter: ActivityFilter, now: number): ActivityEntry[] {
  const maxAge = AGE_FILTERS.find((a) => a.value === filter.age)?.ms ?? null;
  return entries.filter(
    (e) =>
      (filter.showSamples || e.agent !== DEMO_SAMPLE_AGENT) &&
      (filter.agent === null || e.agent === filter.agent) &&
      (filter.provider === null || e.provider === filter.provider) &&
      statusMatches(e.status, filter.status) &&
      (maxAge === null || now - e.at <= maxAge),
  );
}

/** The agents that sent requests, for the filter's list (the samples only while they are shown). */
export function agentsIn(entries: readonly ActivityEntry[], showSamples: boolean): string[] {
  return [...new Set(entries.map((e) => e.agent).filter((a): a is string => a !== null && (showSamples || a !== DEMO_SAMPLE_AGENT)))].sort();
}

/** The providers requests went to, for the filter's list (those of the samples only while they are shown). */
export function providersIn(entries: readonly ActivityEntry[], showSamples: boolean): Provider[] {
  const seen = new Set(entries.filter((e) => showSamples || e.agent !== DEMO_SAMPLE_AGENT).map((e) => e.provider));
  return [...seen].filter((p): p is Provider => p !== null).sort();
}

/** The filter once the samples are hidden again: an agent or provider only the samples had is let go. */
export function hideSamples(entries: readonly ActivityEntry[], filter: ActivityFilter): ActivityFilter {
  const agent = filter.agent !== null && agentsIn(entries, false).includes(filter.agent) ? filter.agent : null;
  const provider = filter.provider !== null && providersIn(entries, false).includes(filter.provider) ? filter.provider : null;
  return { ...filter, showSamples: false, agent, provider };
}
