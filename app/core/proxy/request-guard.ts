/**
 * The checks every request passes before anything else: it must be addressed to this loopback proxy
 * (no DNS rebinding, no browser pages) and name a provider without path tricks.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { isProvider, type Provider } from '../../contract/providers.js';
import { AppError } from '../errors.js';

/** The Host values that mean this proxy on `port`. */
export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
}

/** Refuses a foreign Host or any browser Origin; null when the request may go on. */
export function checkCaller(headers: IncomingHttpHeaders, hosts: Set<string>): AppError | null {
  const host = headers.host?.toLowerCase();
  if (!host || !hosts.has(host)) {
    return new AppError('forbidden_host', 'This proxy only answers requests addressed to 127.0.0.1, localhost or [::1] on its own port. Point the client at the URL `ai-gateway status` prints.', { side: 'local' });
  }
  if (headers.origin !== undefined) {
    return new AppError('forbidden_origin', 'Requests from web pages are refused: the proxy is for local agents and SDKs only.', { side: 'local' });
  }
  return null;
}

/** Where a request goes: the provider and the gateway path (query kept as sent). */
export interface Route {
  provider: Provider;
  /** Path after the prefix, starting with '/', with the raw query string. */
  upstreamPath: string;
  /** The path without the query, for the activity list and format detection. */
  pathname: string;
}

const PREFIXES = '/anthropic, /openai, /google or /azure-openai';

/** Parses `/provider/rest?query`; refuses absolute-form targets and `..`, encoded or not. */
export function routeRequest(url: string): Route {
  if (!url.startsWith('/')) {
    throw new AppError('bad_request', 'Absolute-form request targets are refused: this is not a forward proxy. Send requests to http://127.0.0.1:PORT/<provider>/v1/...', { side: 'local' });
  }
  const queryAt = url.indexOf('?');
  const pathname = queryAt === -1 ? url : url.slice(0, queryAt);
  const slash = pathname.indexOf('/', 1);
  const prefix = slash === -1 ? pathname.slice(1) : pathname.slice(1, slash);
  if (!isProvider(prefix)) {
    throw new AppError('unknown_provider', `Unknown provider prefix "/${prefix.slice(0, 40)}". Use ${PREFIXES}, e.g. http://127.0.0.1:PORT/openai/v1/chat/completions.`, { side: 'local' });
  }
  const rest = slash === -1 ? '/' : pathname.slice(slash);
  if (hasTraversal(rest)) {
    throw new AppError('bad_request', 'The request path contains "..", "." or an encoded slash. Send a plain API path such as /v1/messages.', { side: 'local' });
  }
  return { provider: prefix, upstreamPath: queryAt === -1 ? rest : rest + url.slice(queryAt), pathname: rest };
}

function hasTraversal(path: string): boolean {
  if (!path.includes('.') && !path.includes('%') && !path.includes('\\')) return false;
  // Decoded more than once: a gateway (or a server behind it) that decodes again must not find "%2e%2e" turned into "..".
  let current = path;
  for (let round = 0; round < 3; round++) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(current);
    } catch {
      return round === 0;
    }
    if (decoded.includes('\\') || /%2f|%5c/i.test(current)) return true;
    if (decoded.split('/').some((segment) => segment === '..' || segment === '.')) return true;
    if (decoded === current) return false;
    current = decoded;
  }
  return true;
}
