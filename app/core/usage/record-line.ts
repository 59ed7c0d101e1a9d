/**
 * One history record as one compact JSON line and back. Positional (an array, not an object): a week of
 * heavy use stays well under the size cap, and a line parses in a fraction of an object's time.
 */
import type { FailingSide } from '../../contract/errors.js';
import { isProvider } from '../../contract/providers.js';
import type { UsageRecord } from '../../contract/usage.js';

const SIDES: ReadonlySet<string> = new Set<FailingSide>(['local', 'token_endpoint', 'gateway', 'provider']);

/**
 * The record as one line (no newline): `[at, agent, provider, model, status, firstByteMs, totalMs, in, out, side, cause, demo]`,
 * plus a 13th element, the count, only for a record that stands for more than one request (folded refusals):
 * every other line stays as it was, and lines written before folding existed still read.
 */
export function encodeRecord(r: UsageRecord): string {
  const fields: unknown[] = [r.at, r.agent, r.provider, r.model, r.status, r.firstByteMs, r.totalMs, r.inputTokens, r.outputTokens, r.side, r.cause, r.demo ? 1 : 0];
  if (r.count !== undefined && r.count > 1) fields.push(r.count);
  return JSON.stringify(fields);
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
  if (!Array.isArray(v) || (v.length !== 12 && v.length !== 13)) return null;
  const [at, agent, provider, model, status, firstByteMs, totalMs, inputTokens, outputTokens, side, cause, demo, count] = v as unknown[];
  if (count !== undefined && !(typeof count === 'number' && Number.isInteger(count) && count >= 1)) return null;
  if (typeof at !== 'number' || typeof status !== 'number' || typeof totalMs !== 'number') return null;
  if (!textOrNull(agent) || !textOrNull(model) || !textOrNull(cause)) return null;
  if (provider !== null && !(typeof provider === 'string' && isProvider(provider))) return null;
  if (side !== null && !(typeof side === 'string' && SIDES.has(side))) return null;
  if (!countOrNull(firstByteMs) || !countOrNull(inputTokens) || !countOrNull(outputTokens)) return null;
  const record: UsageRecord = { at, agent, provider, model, status, firstByteMs, totalMs, inputTokens, outputTokens, side: side as FailingSide | null, cause, demo: demo === 1 };
  if (typeof count === 'number' && count > 1) record.count = count;
  return record;
}
