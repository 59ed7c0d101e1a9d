/**
 * Errors in the caller's own language: the Anthropic error object on `/v1/messages`, the OpenAI error
 * object everywhere else (Chat Completions, Responses, embeddings), as JSON or, once a stream has
 * started, as the SSE event each SDK turns into an exception.
 */
import type { FailingSide } from '../../../contract/errors.js';

/** The API family a request spoke, read from its path after the provider prefix. */
export type CallerApi = 'anthropic' | 'openai';

/** One error, before it is put into a caller's shape. */
export interface CallerError {
  status: number;
  /** Message for people: the cause and who can fix it. */
  message: string;
  /** The error type the caller's SDK knows (`rate_limit_error`...); derived from the status when absent. */
  type?: string | undefined;
  /** A stable code for programs: the provider's (`rate_limit_exceeded`...) or ours (`local_key_missing`, `provider_unreachable`...). */
  code: string | null;
  /** Which side failed; kept for our own tools (`ai-gateway doctor`, the activity list). */
  side: FailingSide;
  param?: string | null;
}

/** Anthropic SSE and JSON error answers for Messages, OpenAI's for the rest. */
export function callerApiOf(pathname: string): CallerApi {
  return pathname === '/v1/messages' || pathname.startsWith('/v1/messages/') ? 'anthropic' : 'openai';
}

/** The caller's API for a raw request URL such as `/anthropic/v1/messages?beta=true` (before routing). */
export function callerApiOfUrl(url: string | undefined): CallerApi {
  const path = (url ?? '/').split('?')[0]!;
  return /^\/[^/]+\/v1\/messages(?:\/|$)/.test(path) ? 'anthropic' : 'openai';
}

/** Anthropic's error types by status (docs: "Errors"). */
export function anthropicType(status: number): string {
  if (status === 400) return 'invalid_request_error';
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 413) return 'request_too_large';
  if (status === 429) return 'rate_limit_error';
  if (status === 529) return 'overloaded_error';
  return status >= 500 ? 'api_error' : 'invalid_request_error';
}

/** OpenAI's error types by status. */
export function openaiType(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 429) return 'rate_limit_error';
  return status >= 500 ? 'server_error' : 'invalid_request_error';
}

const ANTHROPIC_TYPES = new Set(['invalid_request_error', 'authentication_error', 'permission_error', 'not_found_error', 'request_too_large', 'rate_limit_error', 'api_error', 'overloaded_error', 'billing_error', 'timeout_error']);

/** The error's `type` for `api`: the given one when that API knows it, else the status's. */
function typeFor(api: CallerApi, error: CallerError): string {
  if (api === 'anthropic') return error.type && ANTHROPIC_TYPES.has(error.type) ? error.type : anthropicType(error.status);
  return error.type ?? openaiType(error.status);
}

/** The JSON error body in the caller's shape; `code` and `side` ride along for our own tools. */
export function errorBody(api: CallerApi, error: CallerError): Record<string, unknown> {
  const type = typeFor(api, error);
  if (api === 'anthropic') return { type: 'error', error: { type, message: error.message, code: error.code, side: error.side } };
  return { error: { message: error.message, type, param: error.param ?? null, code: error.code, side: error.side } };
}

/**
 * The SSE event that ends a stream which already started: Anthropic's `event: error` (its SDK throws
 * on it), for Responses an `error` event as the Responses API streams it, for Chat Completions a
 * `data:` line with an `error` object (the OpenAI SDK throws on `data.error`).
 */
export function sseErrorEvent(api: CallerApi, pathname: string, error: CallerError): string {
  const body = errorBody(api, error);
  if (api === 'anthropic') return `event: error\ndata: ${JSON.stringify(body)}\n\n`;
  const inner = body.error as Record<string, unknown>;
  if (pathname === '/v1/responses') {
    return `event: error\ndata: ${JSON.stringify({ type: 'error', code: error.code ?? 'server_error', message: error.message, param: null, error: inner })}\n\n`;
  }
  return `data: ${JSON.stringify({ error: inner })}\n\n`;
}
