/**
 * The glue the proxy calls for `POST /v1/responses` when the gateway only speaks Chat Completions:
 * translate the request, send it through the proxy's own upstream function, translate the reply,
 * streaming each upstream chunk's events as it arrives. Knows nothing of the proxy but `send`.
 */
import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { AppError } from '../../errors.js';
import { SseParser, encodeSse } from '../sse.js';
import { createResponseContext, type IdSource } from './context.js';
import { interruptedError, toResponsesErrorBody } from './errors.js';
import { isObject, parseJson } from './json.js';
import { responsesToChatRequest, type TranslatedRequest } from './request.js';
import { chatCompletionToEvents, chatCompletionToResponse } from './response.js';
import { ChatToResponsesStream } from './stream.js';
import type { ResponsesErrorBody, ResponsesEvent } from './types.js';

/** The gateway's reply as the proxy's upstream function returns it. */
export interface UpstreamReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Readable;
}

/** Sends a request to the gateway (auth, provider header and base URL are the proxy's business). */
export type SendUpstream = (path: string, body: Buffer, extraHeaders: Record<string, string>) => Promise<UpstreamReply>;

/** What the proxy logs about the exchange (activity list). */
export interface TranslatedOutcome {
  status: number;
  model: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
}

/** Seams for tests. */
export interface HandlerOptions {
  newId?: IdSource;
  now?: () => number;
  /** Largest non-streaming or error body read from the gateway; more is an error. */
  maxBodyBytes?: number;
  /** Told what the translation dropped (web_search, reasoning items...), for the debug log. */
  onNotes?: (notes: string[]) => void;
  /** Told when the gateway's first body chunk arrives (the history's time to first byte); `at` (performance.now()) when it came earlier than the call. */
  onFirstChunk?: (at?: number) => void;
  /** Answers a failed gateway reply itself (the proxy names the cause); without it the Responses error body is built here. */
  answerFailure?: (reply: UpstreamReply, text: string) => void;
}

const DEFAULT_MAX_BODY = 32 * 1024 * 1024;
/** Gateway headers worth passing on: request ids for support, rate-limit hints for the agent's backoff. */
const FORWARDED_HEADERS = /^(?:x-request-id|retry-after|x-ratelimit-[a-z-]+|x-portkey-trace-id)$/i;

/**
 * Serves one Responses request over the gateway's Chat Completions. Rejects only when `send` rejects
 * (before anything is written, so the proxy answers 502/504 as for any upstream failure); every other
 * failure is answered in the Responses error shape. Streams end in `response.completed`, `.incomplete`
 * or `.failed`, never silently.
 */
export async function handleResponsesViaChat(
  requestBody: Buffer,
  query: string,
  send: SendUpstream,
  res: ServerResponse,
  signal: AbortSignal,
  options: HandlerOptions = {},
): Promise<TranslatedOutcome> {
  const parsed = parseJson(requestBody.toString('utf8'));
  let translated: TranslatedRequest;
  try {
    translated = responsesToChatRequest(parsed);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const body: ResponsesErrorBody = { error: { message: error.message, type: 'invalid_request_error', param: error.field ?? null, code: null } };
    writeJson(res, 400, body, {});
    const model = isObject(parsed) && typeof parsed.model === 'string' ? parsed.model : null;
    return { status: 400, model, inputTokens: null, outputTokens: null };
  }
  const { chat, echo } = translated;
  if (translated.notes.length > 0) options.onNotes?.(translated.notes);
  const ctx = createResponseContext(echo, translated.tools, { newId: options.newId, now: options.now?.() });
  const path = `/v1/chat/completions${query && !query.startsWith('?') ? `?${query}` : query}`;
  const reply = await send(path, Buffer.from(JSON.stringify(chat)), {
    'content-type': 'application/json',
    accept: chat.stream ? 'text/event-stream' : 'application/json',
  });
  const forwarded = forwardedHeaders(reply.headers);
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const onFirst = options.onFirstChunk;

  if (reply.status < 200 || reply.status >= 300) {
    const text = await readBody(reply.body, maxBody, signal, onFirst).catch(() => '');
    if (options.answerFailure) options.answerFailure(reply, text);
    else writeJson(res, reply.status, toResponsesErrorBody(reply.status, text), forwarded);
    return { status: reply.status, model: echo.model, inputTokens: null, outputTokens: null };
  }

  const contentType = String(reply.headers['content-type'] ?? '');
  const upstreamStreams = contentType.includes('text/event-stream');
  if (!chat.stream) {
    const text = upstreamStreams ? '' : await readBody(reply.body, maxBody, signal, onFirst).catch(() => null);
    const completion = text === null || upstreamStreams ? undefined : parseJson(text);
    if (completion === undefined) {
      reply.body.destroy();
      const body = toResponsesErrorBody(502, 'The gateway answered the Chat Completions request with a body that is not JSON.');
      writeJson(res, 502, body, forwarded);
      return { status: 502, model: echo.model, inputTokens: null, outputTokens: null };
    }
    const response = chatCompletionToResponse(completion, ctx);
    writeJson(res, 200, response, forwarded);
    return { status: 200, model: response.model, inputTokens: response.usage?.input_tokens ?? null, outputTokens: response.usage?.output_tokens ?? null };
  }

  const translator = new ChatToResponsesStream(ctx);
  res.writeHead(200, { ...forwarded, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  const writer = new EventWriter(res, signal);
  await writer.write(translator.start());
  try {
    if (upstreamStreams) await pump(reply.body, translator, writer, signal, onFirst);
    else {
      // The upstream ignored `stream: true` and sent one JSON completion: replay it as a stream.
      const text = await readBody(reply.body, maxBody, signal, onFirst);
      const completion = parseJson(text);
      await writer.write(completion === undefined ? translator.fail(interruptedError('the body was not JSON')) : chatCompletionToEvents(completion, translator));
    }
  } catch (error) {
    if (!signal.aborted && !writer.closed) await writer.write(translator.fail(interruptedError(describe(error)))).catch(() => undefined);
  } finally {
    reply.body.destroy();
    if (!res.writableEnded && !res.destroyed) res.end();
  }
  const usage = translator.usage;
  return { status: 200, model: translator.model, inputTokens: usage?.input_tokens ?? null, outputTokens: usage?.output_tokens ?? null };
}

/** Reads the upstream SSE body chunk by chunk, writing each chunk's events before reading the next. */
async function pump(body: Readable, translator: ChatToResponsesStream, writer: EventWriter, signal: AbortSignal, onFirst?: () => void): Promise<void> {
  const parser = new SseParser();
  const onAbort = (): void => {
    body.destroy();
  };
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    let first = onFirst;
    for await (const chunk of body as AsyncIterable<Buffer | string>) {
      first?.();
      first = undefined;
      if (signal.aborted || writer.closed) return;
      await writer.write(translateMessages(parser.push(chunk), translator));
      if (translator.finished) return;
    }
    if (signal.aborted || writer.closed) return;
    const events = translateMessages(parser.end(), translator);
    events.push(...translator.end());
    await writer.write(events);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

function translateMessages(messages: { data: string }[], translator: ChatToResponsesStream): ResponsesEvent[] {
  const events: ResponsesEvent[] = [];
  for (const message of messages) {
    if (translator.finished) break;
    const data = message.data.trim();
    if (data === '[DONE]') {
      events.push(...translator.done());
      continue;
    }
    const chunk = parseJson(data);
    // A chunk that is not JSON means the upstream is broken mid-stream: fail rather than guess.
    events.push(...(chunk === undefined ? translator.fail(interruptedError('a chunk was not JSON')) : translator.push(chunk)));
  }
  return events;
}

/** Writes SSE events to the agent, waiting for `drain` when the socket is full; stops once it closed. */
class EventWriter {
  private closedValue = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly signal: AbortSignal,
  ) {
    res.once('close', () => {
      this.closedValue = true;
    });
  }

  get closed(): boolean {
    return this.closedValue || this.res.destroyed;
  }

  async write(events: ResponsesEvent[]): Promise<void> {
    if (events.length === 0 || this.closed) return;
    const text = events.map((event) => encodeSse({ event: event.type, data: JSON.stringify(event) })).join('');
    if (this.res.write(text)) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        this.res.off('drain', done);
        this.res.off('close', done);
        this.signal.removeEventListener('abort', done);
        resolve();
      };
      this.res.on('drain', done);
      this.res.on('close', done);
      this.signal.addEventListener('abort', done, { once: true });
    });
  }
}

function writeJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string | string[]>): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
}

function forwardedHeaders(headers: UpstreamReply['headers']): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && FORWARDED_HEADERS.test(name)) out[name.toLowerCase()] = value;
  }
  return out;
}

/** Reads a whole body as UTF-8, up to `limit` bytes. */
async function readBody(body: Readable, limit: number, signal: AbortSignal, onFirst?: () => void): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  let first = onFirst;
  for await (const chunk of body as AsyncIterable<Buffer | string>) {
    first?.();
    first = undefined;
    if (signal.aborted) throw new Error('aborted');
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buffer.length;
    if (size > limit) {
      body.destroy();
      throw new Error(`body larger than ${limit} bytes`);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function describe(error: unknown): string {
  const code = isObject(error) && typeof error.code === 'string' ? error.code : undefined;
  return code ?? (error instanceof Error ? error.message : 'upstream error');
}
