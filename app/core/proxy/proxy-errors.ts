/** The proxy's own error answers: JSON that both the Anthropic and the OpenAI SDKs can read, naming the failing side. */
import type { ServerResponse } from 'node:http';
import type { ErrorCode } from '../../contract/errors.js';
import { AppError } from '../errors.js';

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

/** Writes `{type: "error", error: {type, code, side, message}}`, or destroys the socket if the answer already started. */
export function sendProxyError(res: ServerResponse, error: unknown): number {
  const appError = error instanceof AppError ? error : new AppError('internal', 'The proxy failed unexpectedly. See `ai-gateway logs`.', { side: 'local' });
  const status = statusFor(appError);
  if (res.headersSent) {
    // Mid-stream: cutting the connection is the only way to tell the agent the answer is incomplete.
    res.destroy();
    return status;
  }
  const body = JSON.stringify({
    type: 'error',
    error: { type: 'ai_gateway_error', code: appError.code, side: appError.side ?? 'local', message: appError.message },
  });
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
  res.end(body);
  return status;
}
