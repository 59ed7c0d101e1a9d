/** DNS-rebinding and cross-site guards: the Host must be loopback with our port, the Origin our own. */
import type { IncomingMessage } from 'node:http';

const LOOPBACK_HOSTNAMES = ['127.0.0.1', 'localhost', '[::1]'];

/** True when the Host header names a loopback host with exactly our port (a rebound DNS name fails here). */
export function isAllowedHost(hostHeader: string | undefined, port: number): boolean {
  if (!hostHeader) return false;
  const host = hostHeader.toLowerCase();
  return LOOPBACK_HOSTNAMES.some((name) => host === `${name}:${port}`);
}

/**
 * True when the request may come from this page: no Origin (same-origin GETs, non-browser clients) or an
 * Origin that is exactly `http://<the Host it was sent to>`. Call after isAllowedHost.
 */
export function isAllowedOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  return origin === `http://${(req.headers.host ?? '').toLowerCase()}`;
}

/**
 * True when a request that may change state (anything but GET/HEAD) comes without an Origin. Browsers send
 * Origin on every POST, same-origin ones included, so only a non-browser client or a stripped request lacks
 * it: the session header alone must not be enough for those.
 */
export function isStateChangeWithoutOrigin(req: IncomingMessage): boolean {
  return req.method !== 'GET' && req.method !== 'HEAD' && req.headers.origin === undefined;
}

/** True when the browser itself says the request was made by another site (Fetch Metadata). */
export function isCrossSiteFetch(req: IncomingMessage): boolean {
  const site = req.headers['sec-fetch-site'];
  return site !== undefined && site !== 'same-origin' && site !== 'none';
}
