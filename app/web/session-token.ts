/**
 * The headless UI's two secrets, both made once per server: the one-time token in the printed URL, and the
 * separate session secret the page trades it for (`POST /api/session`) and then sends in a header on every
 * API call. Compared in constant time.
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

/** What presenting a URL token found. */
export type TokenUse = 'accepted' | 'already-used' | 'wrong';

/** The printed URL's token: accepted once, then only ever reported as used. */
export class OneTimeToken {
  readonly value = createSessionToken();
  private used = false;

  /** Checks `candidate`; the first match marks the token used (synchronously, so two trades cannot both win). */
  use(candidate: string | null): TokenUse {
    if (!tokenMatches(this.value, candidate)) return 'wrong';
    if (this.used) return 'already-used';
    this.used = true;
    return 'accepted';
  }
}
