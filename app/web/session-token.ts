/**
 * The headless UI's two secrets, both made once per server: the one-time token in the printed URL, and the
 * separate session secret the first visit trades it for (kept in an HttpOnly cookie). Compared in constant time.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';

/** Name of the cookie that carries the session secret after the first `?token=` visit. */
export const SESSION_COOKIE = 'ai_gateway_session';

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

/** The session cookie's value from a Cookie header, if there is one. */
export function readSessionCookie(cookieHeader: string | undefined): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === SESSION_COOKIE) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * The Set-Cookie value for the session secret: HttpOnly so page scripts never read it, SameSite=Strict so
 * no other site's request carries it, and no Expires/Max-Age so it dies with the browser session. `secure`
 * only when the page is served over https (a Secure cookie is not sent back over plain http).
 */
export function sessionCookie(secret: string, secure: boolean): string {
  return `${SESSION_COOKIE}=${secret}; HttpOnly; SameSite=Strict; Path=/${secure ? '; Secure' : ''}`;
}

/** What presenting a URL token found. */
export type TokenUse = 'accepted' | 'already-used' | 'wrong';

/** The printed URL's token: accepted once, then only ever reported as used. */
export class OneTimeToken {
  readonly value = createSessionToken();
  private used = false;

  /** Checks `candidate`; the first match marks the token used (synchronously, so two loads cannot both win). */
  use(candidate: string | null): TokenUse {
    if (!tokenMatches(this.value, candidate)) return 'wrong';
    if (this.used) return 'already-used';
    this.used = true;
    return 'accepted';
  }
}
