/** Writing a failed gateway answer to the agent in its own API's shape, with the headers its retry logic reads. */
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { networkCode } from '../../net/classify-error.js';
import { errorBody, type CallerApi, type CallerError } from './caller-shape.js';
import type { ReplyHeaders } from './origin.js';

/** Error bodies are small; more than this is not read for the explanation (the rest is dropped). */
export const MAX_ERROR_BODY = 64 * 1024;

// What an agent's backoff and a support ticket need; the rest of the gateway's headers describe a body that is not sent.
const KEPT = /^(?:retry-after|retry-after-ms|x-ratelimit-[a-z0-9-]+|anthropic-ratelimit-[a-z0-9-]+|x-request-id|request-id|x-portkey-trace-id|x-portkey-request-id)$/;

/** The gateway headers kept on a rewritten error answer: retry and rate-limit hints, request ids. */
export function keptErrorHeaders(headers: ReplyHeaders): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined && KEPT.test(name)) out[name] = value;
  }
  return out;
}

/** Writes `error` as JSON in the caller's shape (nothing when the answer already started or the agent left). */
export function writeCallerError(res: ServerResponse, api: CallerApi, error: CallerError, headers: OutgoingHttpHeaders = {}): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(errorBody(api, error));
  res.writeHead(error.status, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}

/** The error for a stream the gateway broke off after it had started. */
export function streamBrokeOffError(cause: unknown): CallerError {
  const code = networkCode(cause);
  const stalled = code === 'UND_ERR_BODY_TIMEOUT';
  return {
    status: 502,
    code: 'stream_interrupted',
    side: 'gateway',
    message: stalled
      ? 'The gateway stopped sending in the middle of the answer and the proxy gave up waiting. Retry; if it keeps happening, tell the gateway team (the provider or Portkey stalls).'
      : `The gateway cut the answer off before it was complete${code ? ` (${code})` : ''}. Retry; if it keeps happening, tell the gateway team.`,
  };
}

/** What the log keeps of a failed gateway answer (redacted by the logger): enough to file a ticket. */
export interface GatewayErrorReport {
  provider: string;
  path: string;
  status: number;
  cause: string;
  server: string | null;
  /** The first 2 KiB of what the gateway sent. */
  body: string;
}
