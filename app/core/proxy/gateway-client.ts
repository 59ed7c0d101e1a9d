/**
 * Sends one buffered request to the gateway with the current token, and on a 401 forces one token
 * refresh and replays the same bytes once.
 */
import type { EventEmitter } from 'node:events';
import type { IncomingHttpHeaders } from 'node:http';
import { errors, type Dispatcher } from 'undici';
import type { Provider } from '../../contract/providers.js';
import { classifyNetworkError } from '../net/classify-error.js';
import { upstreamRequestHeaders } from './upstream-headers.js';

/** Where the gateway is and how to reach it. */
export interface GatewayTarget {
  origin: string;
  /** Path prefix from GATEWAY_URL, without a trailing slash ('' for none). */
  basePath: string;
  dispatcher: Dispatcher;
}

/** Anything that hands out valid tokens (the TokenService). */
export interface TokenSource {
  getToken(rejected?: string): Promise<string>;
}

/** The gateway's answer, body not yet read. */
export interface GatewayReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** undici's body: a Readable with text()/json() helpers. */
  body: Dispatcher.ResponseData['body'];
  /** True when the answer came from the replay after a 401. */
  replayed: boolean;
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
  start(status: number, headers: IncomingHttpHeaders, resume: () => void): void;
  /** One body chunk; returning false pauses the gateway until `resume` is called. */
  data(chunk: Buffer): boolean;
  /** The whole answer has arrived. */
  end(): void;
}

/** The gateway target for a GATEWAY_URL. */
export function gatewayTarget(gatewayUrl: string, dispatcher: Dispatcher): GatewayTarget {
  const url = new URL(gatewayUrl);
  return { origin: url.origin, basePath: url.pathname.replace(/\/+$/, ''), dispatcher };
}

/** Sends `request`, replaying once after a 401 with a freshly forced token. */
export async function sendToGateway(target: GatewayTarget, tokens: TokenSource, request: GatewayRequest): Promise<GatewayReply> {
  let token = await tokens.getToken();
  for (let attempt = 0; ; attempt++) {
    let reply: Dispatcher.ResponseData;
    try {
      reply = await target.dispatcher.request({
        origin: target.origin,
        path: target.basePath + request.path,
        method: request.method as Dispatcher.HttpMethod,
        headers: upstreamRequestHeaders(request.headers, request.provider, token),
        body: request.body.length > 0 || (request.method !== 'GET' && request.method !== 'HEAD') ? request.body : null,
        signal: request.signal,
      });
    } catch (error) {
      throw classifyNetworkError(error, 'gateway', new URL(target.origin).host);
    }
    if (reply.statusCode === 401 && attempt === 0) {
      // The token may have been revoked or the clock skewed: one forced refresh, one replay, never a third try.
      await reply.body.dump().catch(() => undefined);
      token = await tokens.getToken(token);
      continue;
    }
    return { status: reply.statusCode, headers: reply.headers, body: reply.body, replayed: attempt > 0 };
  }
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
    const outcome = await new Promise<'ended' | 'unauthorized'>((resolve, reject) => {
      const answer = new StreamedAnswer(sink, attempt === 0, request.signal, target.origin, resolve, reject);
      target.dispatcher.dispatch(
        {
          origin: target.origin,
          path: target.basePath + request.path,
          method: request.method as Dispatcher.HttpMethod,
          headers: upstreamRequestHeaders(request.headers, request.provider, token),
          body: request.body.length > 0 || (request.method !== 'GET' && request.method !== 'HEAD') ? request.body : null,
        },
        answer,
      );
    });
    if (outcome === 'ended') return;
    // As in sendToGateway: one forced refresh, one replay, never a third try.
    token = await tokens.getToken(token);
  }
}

/** What aborts a streamed request: an emitter of 'abort' that says whether it has fired. */
export type Abortable = EventEmitter & { readonly aborted: boolean };

/** undici's callbacks for one streamed attempt; a 401 that may be replayed is read to its end and dropped. */
class StreamedAnswer implements Dispatcher.DispatchHandler {
  private controller: Dispatcher.DispatchController | null = null;
  private started = false;
  private dropping = false;
  private done = false;

  constructor(
    private readonly sink: ReplySink,
    private readonly mayReplay: boolean,
    private readonly signal: Abortable,
    private readonly origin: string,
    private readonly resolve: (outcome: 'ended' | 'unauthorized') => void,
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
    if (status === 401 && this.mayReplay) {
      this.dropping = true;
      return;
    }
    this.started = true;
    this.sink.start(status, headers, () => controller.resume());
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (!this.dropping && !this.sink.data(chunk)) controller.pause();
  }

  onResponseEnd(): void {
    this.done = true;
    if (!this.dropping) this.sink.end();
    this.resolve(this.dropping ? 'unauthorized' : 'ended');
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.done = true;
    this.reject(this.started ? error : classifyNetworkError(error, 'gateway', new URL(this.origin).host));
  }
}
