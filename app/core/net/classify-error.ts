/** Turns low-level network failures into AppErrors that name the side, the cause and the fix. */
import type { FailingSide } from '../../contract/errors.js';
import { AppError } from '../errors.js';

const UNTRUSTED = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_UNTRUSTED',
]);

const TIMEOUTS = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT', 'TimeoutError', 'ABORT_ERR']);

/** The error code buried in a fetch/undici error chain, if any. */
export function networkCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    const e = current as { code?: unknown; name?: unknown; cause?: unknown };
    if (typeof e.code === 'string' && e.code !== 'ERR_INVALID_ARG_TYPE') return e.code;
    if (e.name === 'TimeoutError') return 'TimeoutError';
    current = e.cause;
  }
  return undefined;
}

/**
 * True when fetch refused the port itself: the Fetch standard's blocked ports (9, 6000, 10080...) fail with
 * a bare "bad port" and no code, which would otherwise read as "network error unknown".
 */
function isBlockedPort(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    if ((current as { message?: unknown }).message === 'bad port') return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** The AppError for a failed connection to `host` on the given side. */
export function classifyNetworkError(error: unknown, side: Extract<FailingSide, 'gateway' | 'token_endpoint'>, host: string): AppError {
  if (error instanceof AppError) return error;
  const code = networkCode(error) ?? 'unknown';
  const what = side === 'gateway' ? 'the gateway' : 'the token endpoint';
  if (UNTRUSTED.has(code)) {
    return new AppError(
      'tls_untrusted',
      `The TLS certificate of ${host} is not trusted (${code}). This usually means a company proxy inspects TLS traffic. Point the app at your company's CA bundle: set NODE_EXTRA_CA_CERTS=/path/to/ca.pem or the "CA file" setting.`,
      { side, cause: error },
    );
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' || code === 'CERT_HAS_EXPIRED') {
    return new AppError('tls_untrusted', `The TLS certificate of ${host} is not valid for it (${code}). Check the URL, or ask whoever runs ${what} to fix the certificate.`, { side, cause: error });
  }
  if (TIMEOUTS.has(code)) {
    return new AppError(side === 'gateway' ? 'gateway_timeout' : 'token_endpoint_timeout', `${what[0]!.toUpperCase()}${what.slice(1)} at ${host} did not answer in time. Check your network or VPN, then try again.`, { side, cause: error });
  }
  const hint = isBlockedPort(error)
    ? 'fetch never connects to this port (one of the ports the Fetch standard blocks, as browsers do): use the port the service really listens on'
    : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
      ? 'its name does not resolve: check the URL and that you are on the company network or VPN'
      : code === 'ECONNREFUSED'
        ? 'the connection was refused: check the URL and port'
        : code === 'ECONNRESET' || code === 'UND_ERR_SOCKET'
          ? 'the connection was cut: a proxy or firewall may be in the way (HTTPS_PROXY / NO_PROXY)'
          : `network error ${code}: check the URL, your network or VPN, and HTTPS_PROXY / NO_PROXY`;
  return new AppError(side === 'gateway' ? 'gateway_unreachable' : 'token_endpoint_unreachable', `Cannot reach ${what} at ${host}: ${hint}.`, { side, cause: error });
}
