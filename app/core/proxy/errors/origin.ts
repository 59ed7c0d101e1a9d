/**
 * Who wrote a gateway answer: the load balancer in front (an AWS ALB answers its own 401/5xx as HTML,
 * `server: awselb/2.0`), Portkey itself (`{"status":"failure"}`, `{"html-message"}`, `x-portkey-*`
 * response headers) or the provider behind it (JSON with a `"provider"` field, relayed by Portkey).
 */
import { isObject, parseJson } from '../responses/json.js';

/** The gateway's response headers as undici gives them. */
export type ReplyHeaders = Record<string, string | string[] | undefined>;

/** True when Portkey touched the answer: it sets `x-portkey-*` response headers on what it relays. */
export function hasPortkeyHeaders(headers: ReplyHeaders): boolean {
  for (const name in headers) if (name.startsWith('x-portkey-')) return true;
  return false;
}

/** The provider named in a Portkey-relayed error body (`{"error": {...}, "provider": "anthropic"}`), if any. */
export function relayedProvider(body: string): string | null {
  if (!body.includes('"provider"')) return null;
  const parsed = parseJson(body);
  return isObject(parsed) && typeof parsed.provider === 'string' ? parsed.provider : null;
}

/**
 * True for a 401 the provider sent and Portkey relayed: a fresh company token cannot fix it (the
 * provider key lives at the gateway), so it must not cost a token request.
 */
export function isRelayedProvider401(headers: ReplyHeaders, body: string): boolean {
  return hasPortkeyHeaders(headers) || relayedProvider(body) !== null;
}

/** True when the answer is an HTML page (a load balancer's or a proxy's, never an API's). */
export function isHtml(headers: ReplyHeaders, body: string): boolean {
  const type = String(headers['content-type'] ?? '');
  return type.includes('text/html') || /^\s*<(?:!doctype|html|head|body)/i.test(body);
}

/** The `server` header, when it names a load balancer (awselb/2.0, nginx...). */
export function serverName(headers: ReplyHeaders): string | null {
  const server = headers.server;
  return typeof server === 'string' && server !== '' ? server : null;
}
