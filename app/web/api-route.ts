/** The `/api/<verb>` endpoint: POST JSON `{args: [...]}` in, `ApiReply` out. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiReply } from '../contract/api.js';
import type { ErrorCode, ErrorDto } from '../contract/errors.js';
import type { VerbHandler } from './api-dispatch.js';
import { toErrorDto } from './error-reply.js';
import { BodyTooLarge, isJson, readBody } from './request-body.js';

/** Writes an ApiReply as JSON with the given HTTP status. */
export function sendReply(res: ServerResponse, status: number, reply: ApiReply<unknown>): void {
  const body = JSON.stringify(reply);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}

/** Writes a refusal (transport-level failure) as an ApiReply. */
export function sendError(res: ServerResponse, status: number, code: ErrorCode, message: string): void {
  sendReply(res, status, { ok: false, error: { code, message } });
}

function parseArgs(text: string): unknown[] | null {
  if (text.trim() === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const args = (parsed as { args?: unknown }).args;
  if (args === undefined) return [];
  return Array.isArray(args) && args.length <= 8 ? args : null;
}

/**
 * Handles one authenticated API request. RPC semantics: a verb that ran answers 200 whether it succeeded
 * or failed with a coded error (the reply says which); `internal` answers 500; refusals use 4xx.
 */
export async function handleApiCall(
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
  table: ReadonlyMap<string, VerbHandler>,
  onInternalError: (method: string, error: unknown) => void,
): Promise<void> {
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST');
    sendError(res, 405, 'bad_request', 'API calls must use POST.');
    return;
  }
  if (!isJson(req.headers['content-type'])) {
    sendError(res, 415, 'bad_request', 'API calls must send content-type: application/json.');
    return;
  }
  const handler = table.get(method);
  if (handler === undefined) {
    sendError(res, 404, 'not_found', 'No such API method.');
    return;
  }
  let text: string;
  try {
    text = await readBody(req);
  } catch (error) {
    if (error instanceof BodyTooLarge) {
      res.setHeader('Connection', 'close');
      sendError(res, 413, 'payload_too_large', 'The request body is too large.');
    } else res.destroy();
    return;
  }
  const args = parseArgs(text);
  if (args === null) {
    sendError(res, 400, 'bad_request', 'The body must be JSON of the form {"args": [...]}.');
    return;
  }
  try {
    const value = await handler(args);
    // `undefined` would vanish from the JSON; void verbs answer null.
    sendReply(res, 200, { ok: true, value: value === undefined ? null : value });
  } catch (error) {
    const dto: ErrorDto = toErrorDto(error);
    if (dto.code === 'internal') onInternalError(method, error);
    sendReply(res, dto.code === 'internal' ? 500 : 200, { ok: false, error: dto });
  }
}
