/**
 * One history record as one compact JSON line and back. Positional (an array, not an object): a week of
 * heavy use stays well under the size cap, and a line parses in a fraction of an object's time.
 */
import type { FailingSide } from '../../contract/errors.js';
import { isProvider } from '../../contract/providers.js';
import type { UsageRecord } from '../../contract/usage.js';

const SIDES: ReadonlySet<string> = new Set<FailingSide>(['local', 'token_endpoint', 'gateway', 'provider']);

/** The record as one line (no newline): `[at, agent, provider, model, status, firstByteMs, totalMs, in, out, side, cause, demo]`. */
export function encodeRecord(r: UsageRecord): string {
  return JSON.stringify([r.at, r.agent, r.provider, r.model, r.status, r.firstByteMs, r.totalMs, r.inputTokens, r.outputTokens, r.side, r.cause, r.demo ? 1 : 0]);
}

const textOrNull = (v: unknown): v is string | null => v === null || typeof v === 'string';
const countOrNull = (v: unknown): v is number | null => v === null || (typeof v === 'number' && v >= 0);

/**
 * The record on a line, or null for anything else: a blank line, a line torn by a crash mid-write (a
 * prefix of a line never ends in `]`, so it never parses), or a line from a newer format.
 */
export function decodeLine(line: string): UsageRecord | null {
  if (line.length < 2 || line.charCodeAt(0) !== 0x5b /* [ */) return null;
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return null;
  }
  if (!Array.isArray(v) || v.length !== 12) return null;
  const [at, agent, provider, model, status, firstByteMs, totalMs, inputTokens, outputTokens, side, cause, demo] = v as unknown[];
  if (typeof at !== 'number' || typeof status !== 'number' || typeof totalMs !== 'number') return null;
  if (!textOrNull(agent) || !textOrNull(model) || !textOrNull(cause)) return null;
  if (provider !== null && !(typeof provider === 'string' && isProvider(provider))) return null;
  if (side !== null && !(typeof side === 'string' && SIDES.has(side))) return null;
  if (!countOrNull(firstByteMs) || !countOrNull(inputTokens) || !countOrNull(outputTokens)) return null;
  return { at, agent, provider, model, status, firstByteMs, totalMs, inputTokens, outputTokens, side: side as FailingSide | null, cause, demo: demo === 1 };
}
