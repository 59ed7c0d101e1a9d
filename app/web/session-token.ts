/** The Jupyter-style session secret: made once per server, checked in constant time. */
import { randomBytes, timingSafeEqual } from 'node:crypto';

/** Name of the cookie that lets reloads of the page work after the first `?token=` visit. */
export const SESSION_COOKIE = 'ai_gateway_session';

/** Header the renderer sends the token in on every API call. */
export const SESSION_HEADER = 'x-session-token';

/** A fresh random token: 32 bytes, URL-safe. */
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

/** The Set-Cookie value that keeps the session for reloads; HttpOnly so page scripts never read it. */
export function sessionCookie(token: string): string {
  return `${SESSION_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}
