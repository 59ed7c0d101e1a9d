/** The proxy's own error answers, in the shape of the API the caller spoke, naming the failing side. */
import { STATUS_CODES, type ServerResponse } from 'node:http';
import type { ErrorCode } from '../../contract/errors.js';
import { AppError } from '../errors.js';
import { errorBody, sseErrorEvent, type CallerApi } from './errors/caller-shape.js';

const STATUS: Partial<Record<ErrorCode, number>> = {
  forbidden_host: 403,
  forbidden_origin: 403,
  local_key_missing: 401,
  local_key_invalid: 401,
  unknown_provider: 404,
  not_found: 404,
  bad_request: 400,
  payload_too_large: 413,
  settings_missing: 503,
  settings_invalid: 503,
  credentials_rejected: 503,
  token_endpoint_unreachable: 503,
  token_endpoint_error: 503,
  token_endpoint_timeout: 503,
  token_response_invalid: 503,
  tls_untrusted: 502,
  gateway_unreachable: 502,
  gateway_error: 502,
  gateway_timeout: 504,
};

/** The HTTP status for an error the proxy answers itself. */
export function statusFor(error: AppError): number {
  return STATUS[error.code] ?? 500;
}

/**
 * Writes the error in the caller's shape (Anthropic's `{type: "error", error: {type, message}}` or
 * OpenAI's `{error: {message, type, code}}`, both with our `code` and `side`). Once an SSE answer has
 * started, an error event ends it when `sse` says the stream is between events; otherwise the
 * connection is cut, the only other way to tell the agent the answer is incomplete.
 */
export function sendProxyError(res: ServerResponse, error: unknown, api: CallerApi = 'openai', sse?: { pathname: string; atBoundary: boolean }): number {
  const appError = error instanceof AppError ? error : new AppError('internal', 'The proxy failed unexpectedly. See `ai-gateway logs`.', { side: 'local' });
  const status = statusFor(appError);
  const shaped = { status, message: appError.message, code: appError.code, side: appError.side ?? 'local' } as const;
  if (res.headersSent) {
    if (sse?.atBoundary && !res.writableEnded && !res.destroyed) res.end(sseErrorEvent(api, sse.pathname, shaped));
    else res.destroy();
    return status;
  }
  const body = JSON.stringify(errorBody(api, shaped));
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
  res.end(body);
  return status;
}

/** The raw HTTP answer for a request Node's parser refused before the proxy saw it: malformed, too-large headers, or too slow. */
export function clientErrorResponse(error: NodeJS.ErrnoException, headersTimeoutMs: number): string {
  const [status, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'The request headers are larger than 16 KiB. Send fewer or smaller headers.']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, `The request headers did not arrive within ${Math.round(headersTimeoutMs / 1000)} s. Check the client or the network between it and the proxy, then retry.`]
        : [400, 'The request is not valid HTTP/1.1 (for example Content-Length with Transfer-Encoding, two Content-Length values, or a malformed header). Fix or update the client.'];
  const body = JSON.stringify({ type: 'error', error: { type: 'ai_gateway_error', code: 'bad_request', side: 'local', message } });
  return `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${body}`;
}
