/**
 * Sends one buffered request to the gateway with the current token. On the load balancer's 401 it
 * forces one token refresh (at most one per window, however many 401s come) and replays the same
 * bytes once; a provider's 401 relayed by Portkey is answered as it is, without a token request.
 */
import type { EventEmitter } from 'node:events';
import type { IncomingHttpHeaders } from 'node:http';
import { Readable } from 'node:stream';
import { errors, type Dispatcher } from 'undici';
import type { Provider } from '../../contract/providers.js';
import { classifyNetworkError } from '../net/classify-error.js';
import { MAX_ERROR_BODY } from './errors/failure-answer.js';
import { hasPortkeyHeaders, isRelayedProvider401 } from './errors/origin.js';
import { readCapped } from './errors/read-capped.js';
import { modelOf } from './activity-log.js';
import { upstreamRequestHeaders } from './upstream-headers.js';

/** Where the gateway is and how to reach it. */
export interface GatewayTarget {
  origin: string;
  /** Path prefix from GATEWAY_URL, without a trailing slash ('' for none). */
  basePath: string;
  dispatcher: Dispatcher;
  /** The user's `x-portkey-*` headers for a provider and model (Azure options, a config id...), from settings. */
  portkeyHeaders?: (provider: Provider, model: string | null) => Record<string, string>;
}

/** A reply body: undici's, or one already read (a 401 inspected before deciding). */
export type ReplyBody = Readable & { text(): Promise<string>; dump(): Promise<void> };

/** Whether a 401 led to a fresh token: replayed with one, or none requested because one was just issued. */
export type RefreshOutcome = 'replayed' | 'bounded' | null;

/** Anything that hands out valid tokens (the TokenService). */
export interface TokenSource {
  getToken(rejected?: string): Promise<string>;
}

/** The gateway's answer, body not yet read. */
export interface GatewayReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** undici's body: a Readable with text()/dump() helpers. */
  body: ReplyBody;
  /** True when the answer came from the replay after a 401. */
  replayed: boolean;
  /** For a 401 passed on: what was done about the token. */
  refresh: RefreshOutcome;
}

/** One request to send. */
export interface GatewayRequest {
  method: string;
  provider: Provider;
  /** Path after the provider prefix, with query. */
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Aborts the request: an AbortSignal, or an EventEmitter that emits 'abort' (undici takes both). */
  signal: AbortSignal | EventEmitter;
}

/** Where `streamFromGateway` hands the answer as it arrives. */
export interface ReplySink {
  /** The answer's status and headers (never those of a 401 that is replayed); `resume` restarts a paused gateway. */
  start(status: number, headers: IncomingHttpHeaders, resume: () => void, refresh: RefreshOutcome): void;
  /** One body chunk; false pauses the gateway until `resume` is called; 'enough' stops reading (the connection is dropped) and ends the answer. */
  data(chunk: Buffer): boolean | 'enough';
  /** The whole answer has arrived. */
  end(): void;
}

/** The gateway target for a GATEWAY_URL. */
export function gatewayTarget(gatewayUrl: string, dispatcher: Dispatcher, portkeyHeaders?: GatewayTarget['portkeyHeaders']): GatewayTarget {
  const url = new URL(gatewayUrl);
  return { origin: url.origin, basePath: url.pathname.replace(/\/+$/, ''), dispatcher, ...(portkeyHeaders ? { portkeyHeaders } : {}) };
}

/** The headers for one attempt: the agent's, rewritten, with the user's provider options. */
function headersFor(target: GatewayTarget, request: Omit<GatewayRequest, 'signal'>, token: string): Record<string, string | string[]> {
  // Only Azure's deployment depends on the model: no scan of the body for the others.
  const extra = target.portkeyHeaders?.(request.provider, request.provider === 'azure-openai' ? modelOf(request.body) : null);
  return upstreamRequestHeaders(request.headers, request.provider, token, extra);
}

/** Sends `request`; after the load balancer's 401, replays once with a freshly forced token when one may be had. */
export async function sendToGateway(target: GatewayTarget, tokens: TokenSource, request: GatewayRequest): Promise<GatewayReply> {
  let token = await tokens.getToken();
  for (let attempt = 0; ; attempt++) {
    let reply: Dispatcher.ResponseData;
    try {
      reply = await target.dispatcher.request({
        origin: target.origin,
        path: target.basePath + request.path,
        method: request.method as Dispatcher.HttpMethod,
        headers: headersFor(target, request, token),
        body: request.body.length > 0 || (request.method !== 'GET' && request.method !== 'HEAD') ? request.body : null,
        signal: request.signal,
      });
    } catch (error) {
      throw classifyNetworkError(error, 'gateway', new URL(target.origin).host);
    }
    if (reply.statusCode === 401 && attempt === 0) {
      const held = await readCapped(reply.body);
      const answer = (refresh: RefreshOutcome): GatewayReply => ({ status: 401, headers: reply.headers, body: bufferedBody(held), replayed: false, refresh });
      // A provider's 401 relayed by Portkey: the provider key is at the gateway, a new company token cannot help.
      if (isRelayedProvider401(reply.headers, held.toString('utf8'))) return answer(null);
      // The load balancer's: the token may have been revoked or the clock skewed. One forced refresh, one replay, never a third try.
      const fresh = await tokens.getToken(token);
      if (fresh === token) return answer('bounded');
      token = fresh;
      continue;
    }
    return { status: reply.statusCode, headers: reply.headers, body: reply.body as ReplyBody, replayed: attempt > 0, refresh: attempt > 0 ? 'replayed' : null };
  }
}

/** A body already in memory, with the helpers undici's body has. */
export function bufferedBody(bytes: Buffer): ReplyBody {
  const stream = Readable.from(bytes.length > 0 ? [bytes] : []) as ReplyBody;
  stream.text = async () => {
    const parts: Buffer[] = [];
    for await (const chunk of stream as AsyncIterable<Buffer>) parts.push(chunk);
    return Buffer.concat(parts).toString('utf8');
  };
  stream.dump = async () => {
    stream.destroy();
  };
  return stream;
}

/**
 * `sendToGateway` for the plain relay: the answer goes to `sink` as undici delivers it, through
 * `dispatch()`, without the Readable, promise and async context `request()` makes per answer. Resolves
 * when the answer has ended; rejects with a classified AppError when no answer came, or with the raw
 * error when it broke off after `sink.start`. `signal` aborts it.
 */
export async function streamFromGateway(target: GatewayTarget, tokens: TokenSource, request: Omit<GatewayRequest, 'signal'> & { signal: Abortable }, sink: ReplySink): Promise<void> {
  let token = await tokens.getToken();
  for (let attempt = 0; ; attempt++) {
    const outcome = await new Promise<Held401 | 'ended'>((resolve, reject) => {
      const answer = new StreamedAnswer(sink, attempt === 0, request.signal, target.origin, resolve, reject);
      target.dispatcher.dispatch(
        {
          origin: target.origin,
          path: target.basePath + request.path,
          method: request.method as Dispatcher.HttpMethod,
          headers: headersFor(target, request, token),
          body: request.body.length > 0 || (request.method !== 'GET' && request.method !== 'HEAD') ? request.body : null,
        },
        answer,
      );
    });
    if (outcome === 'ended') return;
    // As in sendToGateway: one forced refresh, one replay, never a third try; none at all inside the refresh window.
    const fresh = await tokens.getToken(token);
    if (fresh === token) {
      sink.start(401, outcome.headers, () => undefined, 'bounded');
      if (outcome.body.length > 0) sink.data(outcome.body);
      sink.end();
      return;
    }
    token = fresh;
  }
}

/** A load balancer's 401 read whole, kept in case no fresh token can be had. */
interface Held401 {
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** What aborts a streamed request: an emitter of 'abort' that says whether it has fired. */
export type Abortable = EventEmitter & { readonly aborted: boolean };

/**
 * undici's callbacks for one streamed attempt. A 401 that may be replayed is read to its end and held:
 * a provider's (relayed by Portkey) goes to the sink as it is, the load balancer's comes back to be replayed.
 */
class StreamedAnswer implements Dispatcher.DispatchHandler {
  private controller: Dispatcher.DispatchController | null = null;
  private started = false;
  private held: { headers: IncomingHttpHeaders; chunks: Buffer[]; size: number } | null = null;
  private done = false;
  /** Set when this side stopped reading (an error body past the cap): the abort that follows is not a failure. */
  private cut = false;

  constructor(
    private readonly sink: ReplySink,
    private readonly mayReplay: boolean,
    private readonly signal: Abortable,
    private readonly origin: string,
    private readonly resolve: (outcome: Held401 | 'ended') => void,
    private readonly reject: (error: Error) => void,
  ) {
    signal.once('abort', this.abort);
  }

  // The same error request() raises for its signal, so an abort classifies as before.
  private readonly abort = () => {
    if (!this.done) this.controller?.abort(new errors.RequestAbortedError());
  };

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    // The agent left while the request waited for a connection.
    if (this.signal.aborted) this.abort();
  }

  onResponseStart(controller: Dispatcher.DispatchController, status: number, headers: IncomingHttpHeaders): void {
    if (status < 200) return; // Informational (103 Early Hints): request() skips them too.
    if (status === 401 && this.mayReplay && !hasPortkeyHeaders(headers)) {
      this.held = { headers, chunks: [], size: 0 };
      return;
    }
    this.started = true;
    this.sink.start(status, headers, () => controller.resume(), this.mayReplay ? null : 'replayed');
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    const held = this.held;
    if (held) {
      held.chunks.push(chunk.subarray(0, Math.max(0, MAX_ERROR_BODY - held.size)));
      held.size += chunk.length;
      if (held.size >= MAX_ERROR_BODY) this.stopReading(controller);
      return;
    }
    const more = this.sink.data(chunk);
    if (more === 'enough') this.stopReading(controller);
    else if (!more) controller.pause();
  }

  /** Enough of an error body came: drop the connection (an endless body would hold the request open) and answer with what came. */
  private stopReading(controller: Dispatcher.DispatchController): void {
    this.cut = true;
    controller.abort(new errors.RequestAbortedError());
    this.onResponseEnd();
  }

  onResponseEnd(): void {
    if (this.done) return;
    this.done = true;
    const held = this.held;
    if (!held) {
      this.sink.end();
      this.resolve('ended');
      return;
    }
    const body = Buffer.concat(held.chunks);
    if (!isRelayedProvider401(held.headers, body.toString('utf8'))) return this.resolve({ headers: held.headers, body });
    // The provider's 401: no refresh can fix it, so it is the answer.
    this.started = true;
    this.sink.start(401, held.headers, () => undefined, null);
    if (body.length > 0) this.sink.data(body);
    this.sink.end();
    this.resolve('ended');
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    if (this.cut) return;
    this.done = true;
    this.reject(this.started ? error : classifyNetworkError(error, 'gateway', new URL(this.origin).host));
  }
}
