/** Response headers every answer of the headless UI carries, and the CSP shared with renderer/index.html. */
import type { ServerResponse } from 'node:http';

/** The policy of the meta tag in renderer/index.html (a unit test keeps them equal). */
export const META_CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";

/**
 * The header: the meta tag's policy plus `frame-ancestors`, which browsers ignore in a meta tag. Sent as a
 * header too because a header also covers answers that are not the page (JSON, assets).
 */
export const CONTENT_SECURITY_POLICY = `${META_CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`;

/** Sets the headers that apply to every response, whatever its kind. */
export function setSecurityHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}
