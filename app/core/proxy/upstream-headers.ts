/** Header rewriting between agent and gateway: hop-by-hop out, the agent's credentials out, ours in. */
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import type { Provider } from '../../contract/providers.js';

// RFC 9110 7.6.1 connection-specific fields, plus the ones undici refuses to forward.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'http2-settings']);

// Whatever credential or routing the agent sends is replaced: the gateway must only ever see ours.
// content-length is recomputed by the client from the buffered body.
const REPLACED = new Set(['host', 'authorization', 'x-api-key', 'content-length', 'expect', 'origin', 'cookie']);

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
    if (value === undefined || HOP_BY_HOP.has(name) || REPLACED.has(name) || name.startsWith('x-portkey-') || named?.has(name)) continue;
    out[name] = value;
  }
  if (portkey) for (const name in portkey) if (name.startsWith('x-portkey-')) out[name] = portkey[name]!;
  out['x-portkey-provider'] = provider;
  out.authorization = `Bearer ${token}`;
  return out;
}

/** The gateway's response headers as the agent may see them. */
export function downstreamResponseHeaders(incoming: Record<string, string | string[] | undefined>): OutgoingHttpHeaders {
  const named = connectionTokens(incoming.connection);
  const out: OutgoingHttpHeaders = {};
  for (const name in incoming) {
    const value = incoming[name];
    if (value === undefined || HOP_BY_HOP.has(name) || named?.has(name)) continue;
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
