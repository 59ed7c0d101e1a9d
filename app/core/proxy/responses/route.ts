/**
 * `POST /v1/responses` end to end: forward as-is where the gateway serves the route, translate where
 * it does not, and in `auto` mode probe once per gateway and fall back on "not served". The request
 * body is replayed from memory, so a failed probe costs one round trip and nothing else.
 */
import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { handleResponsesViaChat, type HandlerOptions, type SendUpstream, type TranslatedOutcome, type UpstreamReply } from './handler.js';
import { needsBodyToDecide, type ResponsesSupport } from './support.js';

/**
 * Writes a gateway reply to the agent unchanged (the proxy's own streaming). When the body had to be
 * read to decide, `buffered` holds it and `reply.body` is spent.
 */
export type ForwardReply = (reply: UpstreamReply, buffered: Buffer | null) => Promise<ForwardedUsage | void>;

/** The tokens a forwarded answer reported, when the forwarder read them. */
export interface ForwardedUsage {
  inputTokens: number | null;
  outputTokens: number | null;
}

/** Where the request went, plus what the translation learnt (null fields for a passthrough). */
export interface ServedOutcome extends TranslatedOutcome {
  route: 'passthrough' | 'translate';
}

/** What `serveResponses` needs beyond the handler's arguments. */
export interface ServeOptions extends HandlerOptions {
  support: ResponsesSupport;
  /** The memo key: the gateway URL, plus the provider when support may differ per provider. */
  key: string;
  forward: ForwardReply;
}

/** Serves one Responses request by the memo's route; rejects only when `send` or `forward` reject. */
export async function serveResponses(
  requestBody: Buffer,
  query: string,
  send: SendUpstream,
  res: ServerResponse,
  signal: AbortSignal,
  options: ServeOptions,
): Promise<ServedOutcome> {
  const route = options.support.route(options.key);
  if (route === 'translate') {
    return { ...(await handleResponsesViaChat(requestBody, query, send, res, signal, options)), route: 'translate' };
  }
  const path = `/v1/responses${query && !query.startsWith('?') ? `?${query}` : query}`;
  const reply = await send(path, requestBody, { 'content-type': 'application/json' });
  const passthrough = (usage: ForwardedUsage | void): ServedOutcome => ({ status: reply.status, model: null, inputTokens: usage?.inputTokens ?? null, outputTokens: usage?.outputTokens ?? null, route: 'passthrough' });
  // Forced by the setting: as it comes. Learnt earlier: still checked, since a gateway's configuration can change under the same URL.
  if (route === 'passthrough' && (!options.support.learning || !needsBodyToDecide(reply.status))) {
    return passthrough(await options.forward(reply, null));
  }
  const read = needsBodyToDecide(reply.status) ? await readAll(reply.body) : null;
  const buffered = read?.body ?? null;
  const verdict = options.support.observe(options.key, reply.status, buffered?.toString('utf8') ?? '');
  if (verdict === 'not_served') {
    // The probe's "not served" is no part of the answer: the translated answer's first byte is timed instead.
    reply.body.destroy();
    return { ...(await handleResponsesViaChat(requestBody, query, send, res, signal, options)), route: 'translate' };
  }
  // The answer's first byte came when the body's first chunk did, not when it was read whole and forwarded.
  if (read && read.firstAt !== null) options.onFirstChunk?.(read.firstAt);
  return passthrough(await options.forward(reply, buffered));
}

const MAX_DECIDING_BODY = 8 * 1024 * 1024;

/**
 * Error bodies are small; they are read whole so they can be forwarded when the route does exist. Also
 * when their first chunk came (performance.now(), null for an empty body), for the history's first byte.
 */
async function readAll(body: Readable): Promise<{ body: Buffer; firstAt: number | null }> {
  const chunks: Buffer[] = [];
  let size = 0;
  let firstAt: number | null = null;
  for await (const chunk of body as AsyncIterable<Buffer | string>) {
    firstAt ??= performance.now();
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buffer.length;
    if (size > MAX_DECIDING_BODY) {
      body.destroy();
      throw new Error('The gateway error body is too large to inspect.');
    }
    chunks.push(buffer);
  }
  return { body: Buffer.concat(chunks), firstAt };
}
