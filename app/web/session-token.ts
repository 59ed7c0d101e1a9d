/**
 * The headless UI's secrets: the one-time tokens in the printed URLs (see login-tokens.ts), and the separate
 * session secret, made once per server, that the page trades one for (`POST /api/session`) and then sends
 * in a header on every API call. Compared in constant time.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { SESSION_HEADER } from '../contract/web-session.js';

/** A fresh random secret: 32 bytes, URL-safe. */
export function createSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** True when `candidate` equals `expected`, compared in constant time (for equal lengths). */
export function tokenMatches(expected: string, candidate: string | undefined | null): boolean {
  if (typeof candidate !== 'string') return false;
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(candidate, 'utf8');
  // Lengths are not secret (every token has the same one); timingSafeEqual needs equal lengths.
  if (a.length !== b.length) return false;
  return timingSafeEqual(a, b);
}

/** The session header's value, if the request carries exactly one (node:http joins repeats with ", "). */
export function readSessionHeader(req: IncomingMessage): string | undefined {
  const value = req.headers[SESSION_HEADER];
  return typeof value === 'string' ? value : undefined;
}
