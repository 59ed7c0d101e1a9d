/** Header rewriting between agent and gateway: hop-by-hop out, the agent's credentials out, ours in. */
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import type { Provider } from '../../contract/providers.js';

// RFC 9110 7.6.1 connection-specific fields, plus the ones undici refuses to forward.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'http2-settings']);

// Whatever credential or routing the agent sends is replaced: the gateway must only ever see ours.
// content-length is recomputed by the client from the buffered body.
// forwarded / x-real-ip / x-forwarded-* / x-amzn-oidc-*: a gateway behind a load balancer may trust them
// for the caller's address or identity; a local client must not be able to claim either.
const REPLACED = new Set(['host', 'authorization', 'x-api-key', 'content-length', 'expect', 'origin', 'cookie', 'forwarded', 'x-real-ip']);

/** Client headers a gateway could take as said by its load balancer. */
function claimsIdentity(name: string): boolean {
  return name.charCodeAt(0) === 120 /* x */ && (name.startsWith('x-forwarded-') || name.startsWith('x-amzn-oidc-'));
}

/** A JWT somewhere in a header value (our token reflected by a gateway that echoes request headers). */
const JWT_SHAPE = /eyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]*/;

function holdsJwt(value: string | string[]): boolean {
  if (typeof value === 'string') return value.includes('eyJ') && JWT_SHAPE.test(value);
  return value.some((v) => v.includes('eyJ') && JWT_SHAPE.test(v));
}

/** Headers named in `Connection: a, b` are hop-by-hop for this one message. */
function connectionTokens(value: string | string[] | undefined): Set<string> | null {
  // The usual values name no other header (keep-alive is hop-by-hop already): no Set per request.
  if (!value || value === 'keep-alive' || value === 'close' || value === 'Keep-Alive') return null;
  const tokens = new Set<string>();
  for (const part of Array.isArray(value) ? value : [value]) for (const token of part.split(',')) tokens.add(token.trim().toLowerCase());
  return tokens;
}

/**
 * The headers to send to the gateway for an agent's request. `portkey` holds the user's own
 * `x-portkey-*` settings (Azure options, a config id); the agent's `x-portkey-*` are always dropped.
 */
export function upstreamRequestHeaders(incoming: IncomingHttpHeaders, provider: Provider, token: string, portkey?: Record<string, string>): Record<string, string | string[]> {
  const named = connectionTokens(incoming.connection);
  const out: Record<string, string | string[]> = {};
  for (const name in incoming) {
    const value = incoming[name];
    if (value === undefined || HOP_BY_HOP.has(name) || REPLACED.has(name) || name.startsWith('x-portkey-') || claimsIdentity(name) || named?.has(name)) continue;
    out[name] = value;
  }
  if (portkey) for (const name in portkey) if (name.startsWith('x-portkey-')) out[name] = portkey[name]!;
  out['x-portkey-provider'] = provider;
  out.authorization = `Bearer ${token}`;
  return out;
}

/**
 * The gateway's response headers as the agent may see them. A header carrying a JWT is dropped: the
 * agent must never get our token, even from a gateway that reflects request headers (bodies are not
 * scrubbed: see the README's security section).
 */
export function downstreamResponseHeaders(incoming: Record<string, string | string[] | undefined>): OutgoingHttpHeaders {
  const named = connectionTokens(incoming.connection);
  const out: OutgoingHttpHeaders = {};
  for (const name in incoming) {
    const value = incoming[name];
    if (value === undefined || HOP_BY_HOP.has(name) || named?.has(name) || holdsJwt(value)) continue;
    out[name] = value;
  }
  return out;
}

/** The local key an agent presented, from `x-api-key` or `Authorization: Bearer`. */
export function presentedKey(headers: IncomingHttpHeaders): string | null {
  const apiKey = headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey !== '') return apiKey.trim();
  const auth = headers.authorization;
  if (typeof auth === 'string' && auth.length > 7 && auth.slice(0, 7).toLowerCase() === 'bearer ') return auth.slice(7).trim() || null;
  return null;
}
