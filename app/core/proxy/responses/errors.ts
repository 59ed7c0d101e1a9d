/**
 * Gateway errors -> the error shape of the Responses API (`{error: {message, type, param, code}}`).
 * The gateway may answer in OpenAI's shape, Anthropic's (`{type: "error", error: {...}}`), Portkey's own
 * (`{status: "failure", message}`), or with a load balancer's HTML page; Codex reads `error.code` to
 * decide between retrying and giving up, so known conditions get OpenAI's codes.
 */
import type { ResponsesError, ResponsesErrorBody } from './types.js';
import { isObject, parseJson, str } from './json.js';

const CONTEXT_EXCEEDED = /context[_ ](?:length|window)|maximum context|prompt is too long|too many (?:input )?tokens/i;

/** Default `error.type` for a status, as OpenAI names them. */
function typeForStatus(status: number): string {
  if (status === 400 || status === 422) return 'invalid_request_error';
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 429) return 'rate_limit_error';
  return status >= 500 ? 'server_error' : 'invalid_request_error';
}

/** Pulls message/type/code/param out of whatever error JSON the gateway sent. */
function readError(value: unknown): { message?: string; type?: string; code?: string; param?: string } {
  if (!isObject(value)) return {};
  const inner = value.error;
  if (isObject(inner)) {
    const code = inner.code;
    return {
      message: str(inner.message),
      type: str(inner.type),
      code: typeof code === 'string' ? code : typeof code === 'number' ? String(code) : undefined,
      param: str(inner.param),
    };
  }
  if (typeof inner === 'string') return { message: inner };
  return { message: str(value.message) ?? str(value.detail) };
}

/** Converts a non-2xx gateway reply body to the Responses error body (the caller keeps the status). */
export function toResponsesErrorBody(status: number, body: Buffer | string): ResponsesErrorBody {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  const parsed = readError(parseJson(text));
  let message = parsed.message;
  if (!message) {
    const trimmed = text.trim();
    message =
      trimmed === '' || trimmed.startsWith('<')
        ? `The gateway answered HTTP ${status} without an error message.`
        : `The gateway answered HTTP ${status}: ${trimmed.slice(0, 500)}`;
  }
  let code = parsed.code ?? null;
  if (!code && CONTEXT_EXCEEDED.test(message)) code = 'context_length_exceeded';
  if (!code && status === 429) code = 'rate_limit_exceeded';
  return { error: { message, type: parsed.type ?? typeForStatus(status), param: parsed.param ?? null, code } };
}

/** The error of an in-stream failure (an error object where a chunk should be), for `response.failed`. */
export function streamError(chunk: unknown): ResponsesError {
  const parsed = readError(chunk);
  const message = parsed.message ?? 'The gateway reported an error in the middle of the stream.';
  let code = parsed.code ?? null;
  if (!code && CONTEXT_EXCEEDED.test(message)) code = 'context_length_exceeded';
  // Anthropic names the condition in `type` (overloaded_error, rate_limit_error); Codex reads `code`.
  if (!code && parsed.type === 'rate_limit_error') code = 'rate_limit_exceeded';
  if (!code && parsed.type === 'overloaded_error') code = 'server_is_overloaded';
  return { code: code ?? 'server_error', message };
}

/** The error for a stream the gateway cut short: `server_error`, which Codex retries. */
export function interruptedError(detail?: string): ResponsesError {
  return {
    code: 'server_error',
    message: `The gateway stream ended before the response was complete${detail ? ` (${detail})` : ''}.`,
  };
}
