/**
 * Sends one buffered request to the gateway with the current token, and on a 401 forces one token
 * refresh and replays the same bytes once.
 */
import type { EventEmitter } from 'node:events';
import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';
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
