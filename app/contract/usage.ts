/**
 * Usage history: what the proxy records of every request, and the report the window's charts, the tray
 * and `ai-gateway usage` show. Plain data, so the renderer can import it. Times are epoch milliseconds.
 */
import type { FailingSide } from './errors.js';
import type { Provider } from './providers.js';

/** One finished request in the history. Metadata only: never a body, a prompt or a key. */
export interface UsageRecord {
  /** When the request finished. */
  at: number;
  /** The local key's owner (an agent id, `cli`, the demo's `demo-sample`), null when it had no valid key. */
  agent: string | null;
  provider: Provider | null;
  model: string | null;
  status: number;
  /** Until the first byte of the answer's body (on a stream: its first event); null when none came. */
  firstByteMs: number | null;
  totalMs: number;
  /** From the usage the API returned (streams included); null when the answer carried none. */
  inputTokens: number | null;
  outputTokens: number | null;
  /** Who failed; null on success. */
  side: FailingSide | null;
  /** Why, as a stable code (`provider_unreachable`, `token_rejected`, `local_key_invalid`...); null on success. */
  cause: string | null;
  /** Sent by or to the demo (its sample traffic, or anything while the demo runs). */
  demo: boolean;
  /**
   * How many requests this record stands for; absent for one. Only requests refused at the door (no local
   * key, or a wrong one) are folded, since anyone on this machine can send those as fast as they like
   * (app/core/usage/refused-fold.ts). The record's tokens are the sum over them (none, for a refusal) and
   * its times those of the last one: counted `count` times in requests, errors and causes, once in the
   * time percentiles, so a flood of refusals cannot pull the real requests' p50 and p95 towards zero.
   */
  count?: number;
}

/** How the report groups requests. */
export type UsageGroupBy = 'agent' | 'provider' | 'model';

/** The window of history to report on and how to group it. */
export interface UsageQuery {
  since: number;
  /** Defaults to now. */
  until?: number;
  /** Defaults to `agent`. */
  by?: UsageGroupBy;
  /** The demo's requests are left out unless asked for. */
  includeDemo?: boolean;
}

/** Counts over a set of requests. */
export interface UsageTotals {
  requests: number;
  /** Requests that did not succeed (status outside 2xx). */
  errors: number;
  inputTokens: number;
  outputTokens: number;
  /** Estimated from the user's price table; null when there is none or a model in the set has no price. */
  costUsd: number | null;
}

/** The 50th and 95th percentile of a duration, null when no request had one. */
export interface Percentiles {
  p50: number | null;
  p95: number | null;
}

/** One group's figures (an agent, a provider or a model). */
export interface UsageGroup extends UsageTotals {
  /** The agent id, provider or model; `(unknown)` for requests without one. */
  key: string;
  firstByteMs: Percentiles;
  totalMs: Percentiles;
}

/** One slice of time, for the charts over time. */
export interface UsageBucket {
  start: number;
  /** Requests per group key (the report's `by`). */
  requests: Record<string, number>;
  /** Input plus output tokens per group key. */
  tokens: Record<string, number>;
  errors: number;
}

/** Failed requests with one cause. */
export interface UsageCause {
  side: FailingSide;
  cause: string;
  count: number;
}

/** Everything the usage screen, the tray and `ai-gateway usage` show, computed from the history in one place. */
export interface UsageReport {
  since: number;
  until: number;
  by: UsageGroupBy;
  bucketMs: number;
  totals: UsageTotals;
  /** By `by`, most requests first. */
  groups: UsageGroup[];
  /** By provider whatever `by` is: time to first token and total time per provider. */
  byProvider: UsageGroup[];
  /** Oldest first, covering since..until without gaps. */
  buckets: UsageBucket[];
  /** Most frequent first. */
  causes: UsageCause[];
  /** A price table is set. */
  priced: boolean;
  /** Models in the window the price table has no entry for (empty without a table). */
  unpricedModels: string[];
}
