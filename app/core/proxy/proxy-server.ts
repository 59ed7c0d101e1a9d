/**
 * The loopback proxy agents talk to: checks the caller and its local key, then forwards to the gateway
 * with the provider header and the real token, streaming the answer back as it arrives.
 */
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { AppError } from '../errors.js';
import { isProvider } from '../../contract/providers.js';
import { CLI_KEY_OWNER, type LocalKeyStore } from '../keys/local-keys.js';
import { ActivityLog, modelOf, UsageSniffer } from './activity-log.js';
import { RefusedTally } from './refused-tally.js';
import { sendToGateway, streamFromGateway, type GatewayReply, type GatewayTarget, type RefreshOutcome, type ReplySink, type TokenSource } from './gateway-client.js';
import { clientErrorResponse, sendProxyError } from './proxy-errors.js';
import { callerApiOf, callerApiOfUrl, sseErrorEvent, type CallerApi } from './errors/caller-shape.js';
import { explainGatewayError } from './errors/explain.js';
import { keptErrorHeaders, MAX_ERROR_BODY, streamBrokeOffError, writeCallerError } from './errors/failure-answer.js';
import { serverName } from './errors/origin.js';
import type { Provider } from '../../contract/providers.js';
import { allowedHosts, checkCaller, routeRequest, type Route } from './request-guard.js';
import { downstreamResponseHeaders, presentedKey } from './upstream-headers.js';
import { CHALLENGE_HEADER } from '../running/proxy-record.js';
import { describePortOwner, portOwner } from '../net/port-owner.js';
import type { FailingSide } from '../../contract/errors.js';
import type { UsageSink } from '../usage/usage-recorder.js';

/** A handler that may take over a route (the Responses API translation). */
export interface RouteHandler {
  /** Returns true when it answered the request itself. */
  handle(context: ForwardContext): Promise<{ status: number; usage?: { inputTokens: number | null; outputTokens: number | null } } | null>;
}

/** Everything a handler needs to forward one request. */
export interface ForwardContext {
  route: Route;
  method: string;
  body: Buffer;
  res: ServerResponse;
  signal: AbortSignal;
  /** Sends a request (this one, or a translated one) to the gateway for the same provider. */
  send(path: string, body: Buffer, headers?: Record<string, string>): Promise<GatewayReply>;
  /** Called when the first byte of the answer's body arrives from the gateway (the history's time to first byte); `at` (performance.now()) when it came before the call. */
  firstByte(at?: number): void;
  /** Answers a failed gateway reply (body already read) in the caller's shape, naming the cause; logs what the gateway sent. */
  answerFailure(reply: { status: number; headers: GatewayReply['headers']; refresh: RefreshOutcome }, body: string): void;
}

/** What the proxy is built from. */
export interface ProxyOptions {
  port: number;
  host?: string;
  /** The gateway, or null while the app is not configured. */
  target: () => GatewayTarget | null;
  tokens: TokenSource;
  keys: LocalKeyStore;
  activity?: ActivityLog;
  /** Where each finished request goes for the usage history (queued, written off this path). */
  usage?: UsageSink;
  /** Every request is the demo's (this proxy fronts the demo gateway). */
  demo?: boolean;
  handlers?: RouteHandler[];
  maxBodyBytes?: number;
  /** Slow-headers limit: a client that has not sent its headers by then gets 408. */
  headersTimeoutMs?: number;
  /** Version string for the local `GET /` answer. */
  version?: string;
  /**
   * Answers for `GET /_ai-gateway/status` (with the proof of identity for the client's challenge), and for
   * the `cli` key only: `/_ai-gateway/token`, `/_ai-gateway/test` and `/_ai-gateway/ui-link` (a new one-time
   * link to the headless window, null when this process serves none).
   */
  local?: {
    status(): unknown;
    token(): Promise<{ accessToken: string; expiresAt: number | null }>;
    prove(nonce: string, port: number): string;
    test(providers: Provider[]): Promise<unknown[]>;
    uiLink?(): string | null;
  };
}

export { CLI_KEY_OWNER } from '../keys/local-keys.js';

const DEFAULT_MAX_BODY = 32 * 1024 * 1024;

/** The running proxy. */
export class ProxyServer {
  private server: Server | null = null;
  private hosts = new Set<string>();
  private readonly sockets = new Set<Socket>();
  /** Refusals for a missing or wrong key: one activity row (and log line) per minute, the rest counted. */
  private readonly refused = new RefusedTally();
  readonly activity: ActivityLog;

  constructor(private readonly options: ProxyOptions) {
    this.activity = options.activity ?? new ActivityLog();
  }

  /** The bound port (after `listen`). */
  get port(): number {
    return (this.server?.address() as AddressInfo | null)?.port ?? this.options.port;
  }

  /** The base URL agents use, e.g. http://127.0.0.1:8484. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get listening(): boolean {
    return this.server?.listening ?? false;
  }

  /** Starts listening on 127.0.0.1 only. */
  async listen(): Promise<void> {
    await this.options.keys.ready();
    const headersTimeout = this.options.headersTimeoutMs ?? 30_000;
    // Node checks the headers timeout only every connectionsCheckingInterval (30 s by default): check often enough for the limit to mean something.
    const server = createServer({ requestTimeout: 120_000, headersTimeout, connectionsCheckingInterval: Math.min(1_000, headersTimeout), keepAliveTimeout: 5_000 }, (req, res) => {
      void this.handle(req, res);
    });
    server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
      if (socket.writable && error.code !== 'ECONNRESET') socket.end(clientErrorResponse(error, headersTimeout));
      else socket.destroy();
    });
    // CONNECT and protocol upgrades are forward-proxy features this proxy refuses.
    const refuse = (_req: IncomingMessage, socket: Socket) => socket.end('HTTP/1.1 405 Method Not Allowed\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    server.on('connect', refuse);
    server.on('upgrade', refuse);
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EADDRINUSE') return reject(error);
        void portInUseError(this.options.port, this.options.demo ?? false).then(reject);
      };
      server.once('error', onError);
      server.listen(this.options.port, this.options.host ?? '127.0.0.1', () => {
        server.off('error', onError);
        resolve();
      });
    });
    this.server = server;
    this.hosts = allowedHosts(this.port);
  }

  /** Stops accepting and closes open connections (streams in flight are cut). */
  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const refused = checkCaller(req.headers, this.hosts);
    if (refused) {
      sendProxyError(res, refused, callerApiOfUrl(req.url));
      req.resume();
      return;
    }
    const method = req.method ?? 'GET';
    if (((req.url === '/' || req.url === '') && (method === 'HEAD' || method === 'GET')) || (method === 'HEAD' && isBaseUrl(req.url))) {
      // Claude Code's unauthenticated warm-up (HEAD on its base URL, `/anthropic`) and a liveness check.
      const body = JSON.stringify({ service: 'ai-gateway', version: this.options.version ?? 'dev' });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(method === 'HEAD' ? undefined : body);
      return;
    }
    if (req.url?.startsWith('/_ai-gateway/') && this.options.local) {
      await this.answerLocal(req, res, this.options.local);
      return;
    }
    let route: Route | null = null;
    let owner: string | null = null;
    let model: string | null = null;
    let status = 0;
    let usage: { inputTokens: number | null; outputTokens: number | null } = { inputTokens: null, outputTokens: null };
    let errorCode: AppError['code'] | null = null;
    // What the history keeps beyond the activity row: when the answer's first byte came, who failed and why.
    const outcome: RequestOutcome = { firstByteAt: null, side: null, cause: null };
    // The status of an explained failure as the agent got it, when a route handler answered one (it reports the gateway's).
    let answered: number | null = null;
    const gone = new AgentGone();
    res.on('close', () => {
      if (!res.writableFinished) gone.abort();
    });
    try {
      if (method === 'OPTIONS') throw new AppError('bad_request', 'OPTIONS is not served: the proxy is not for browsers.', { side: 'local' });
      // TRACE (and IIS's TRACK) echo the request, our Authorization header included, back to the caller.
      if (method === 'TRACE' || method === 'TRACK') throw new AppError('bad_request', `${method} is not served: it would echo the request, credentials included.`, { side: 'local' });
      route = routeRequest(req.url ?? '/');
      const key = presentedKey(req.headers);
      if (!key) throw new AppError('local_key_missing', 'No local key was sent. Send the key from `ai-gateway env` (or the agent setup) as "Authorization: Bearer <key>" or "x-api-key: <key>".', { side: 'local' });
      // Synchronous on a hit (every request but the first after a key change): no await on the hot path.
      owner = this.options.keys.verify(key) ?? (await this.options.keys.verifyFresh(key));
      if (owner === null) throw new AppError('local_key_invalid', 'The local key is not valid (keys change when regenerated). Run `ai-gateway setup <agent>` again, or use the key `ai-gateway env` prints.', { side: 'local' });
      const target = this.options.target();
      if (!target) throw new AppError('settings_missing', 'The gateway is not configured yet. Run `ai-gateway login` or fill in the gateway values in the app.', { side: 'token_endpoint' });
      const body = await readBody(req, this.options.maxBodyBytes ?? DEFAULT_MAX_BODY);
      model = modelOf(body);
      const provider = route.provider;
      const context: ForwardContext = {
        route,
        method,
        body,
        res,
        get signal() {
          return gone.signal;
        },
        firstByte: (at) => {
          outcome.firstByteAt ??= at ?? performance.now();
        },
        send: (path, sendBody, headers) =>
          sendToGateway(target, this.options.tokens, { method, provider, path, headers: headers ? { ...req.headers, ...headers } : req.headers, body: sendBody, signal: gone }),
        answerFailure: (reply, text) => {
          const pathname = context.route.pathname;
          const explained = explainGatewayError({ status: reply.status, headers: reply.headers, body: text, provider, pathname, refresh: reply.refresh });
          this.activity.emit('gatewayError', { provider, path: pathname, status: reply.status, cause: explained.cause, server: serverName(reply.headers), body: text.slice(0, 2048) });
          outcome.side = explained.side;
          outcome.cause = explained.cause;
          answered = explained.status;
          writeCallerError(res, callerApiOf(pathname), explained, keptErrorHeaders(reply.headers));
        },
      };
      for (const handler of this.options.handlers ?? []) {
        const handled = await handler.handle(context);
        if (handled) {
          status = answered ?? handled.status;
          if (handled.usage) usage = handled.usage;
          return;
        }
      }
      const path = route.upstreamPath;
      const failure: FailureContext = { api: callerApiOf(route.pathname), pathname: route.pathname, provider, activity: this.activity, outcome };
      ({ status, usage } = await relayStream(res, failure, (sink) => streamFromGateway(target, this.options.tokens, { method, provider, path, headers: req.headers, body, signal: gone }, sink)));
    } catch (error) {
      if (error instanceof StreamBrokeOff) {
        // The agent got an SSE error event naming the cause (or a cut connection mid-event).
        status = error.status;
        errorCode = 'gateway_error';
        const told = streamBrokeOffError(error.cause);
        outcome.side = told.side;
        outcome.cause = told.code;
        return;
      }
      if (gone.aborted && !(error instanceof AppError)) {
        status = 499; // The agent went away; nothing to answer.
        outcome.side = 'local';
        outcome.cause = 'agent_went_away';
        return;
      }
      errorCode = error instanceof AppError ? error.code : 'internal';
      outcome.side = (error instanceof AppError ? error.side : undefined) ?? 'local';
      outcome.cause = errorCode;
      status = sendProxyError(res, error, route ? callerApiOf(route.pathname) : callerApiOfUrl(req.url));
      req.resume();
    } finally {
      const unauthenticated = errorCode === 'local_key_missing' || errorCode === 'local_key_invalid';
      // The activity list and the log get one refusal row a minute; the history gets every request and folds refusals itself (usage/refused-fold.ts).
      const refusedBefore = unauthenticated ? this.refused.admit(Date.now()) : 0;
      if (route) {
        const at = Date.now();
        const latencyMs = Math.round(performance.now() - started);
        if (refusedBefore !== null) {
          this.activity.add({
            at,
            agent: owner,
            provider: route.provider,
            method,
            path: route.pathname,
            model,
            status,
            latencyMs,
            inputTokens: usage.inputTokens,
            outputTokens: usage.outputTokens,
            error: errorCode,
            ...(refusedBefore > 0 ? { refusedSince: refusedBefore } : {}),
          });
        }
        this.options.usage?.record({
          at,
          agent: owner,
          provider: route.provider,
          model,
          status,
          firstByteMs: outcome.firstByteAt === null ? null : Math.round(outcome.firstByteAt - started),
          totalMs: latencyMs,
          inputTokens: usage.inputTokens,
          outputTokens: usage.outputTokens,
          ...failureOf(status, outcome),
          demo: this.options.demo ?? false,
        });
      }
    }
  }

  /** The CLI's window into a running proxy: token state for `status`, the token itself for `token`, a window link for `ui-link`. */
  private async answerLocal(req: IncomingMessage, res: ServerResponse, local: NonNullable<ProxyOptions['local']>): Promise<void> {
    const reply = (status: number, value: unknown) => {
      const body = JSON.stringify(value);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
      res.end(body);
    };
    try {
      if (req.method === 'GET' && req.url === '/_ai-gateway/status') {
        req.resume();
        const nonce = req.headers[CHALLENGE_HEADER];
        if (typeof nonce !== 'string' || nonce.length < 16 || nonce.length > 200) throw new AppError('bad_request', `Send a random challenge in the ${CHALLENGE_HEADER} header; the answer proves this is your proxy.`, { side: 'local' });
        return reply(200, { ...(local.status() as object), port: this.port, pid: process.pid, proof: local.prove(nonce, this.port) });
      }
      const key = presentedKey(req.headers);
      const owner = key ? await this.options.keys.verifyFresh(key) : null;
      if (req.method === 'GET' && req.url === '/_ai-gateway/token') {
        req.resume();
        if (owner !== CLI_KEY_OWNER) throw new AppError('local_key_invalid', 'Only the ai-gateway command itself may read the token.', { side: 'local' });
        return reply(200, await local.token());
      }
      if (req.method === 'POST' && req.url === '/_ai-gateway/ui-link') {
        req.resume();
        // The link opens the app window (settings, agents' configs): as much as the token, so the same key.
        if (owner !== CLI_KEY_OWNER) throw new AppError('local_key_invalid', 'Only the ai-gateway command itself may ask for a link to the app window.', { side: 'local' });
        return reply(200, { url: local.uiLink?.() ?? null });
      }
      if (req.method === 'POST' && req.url === '/_ai-gateway/test') {
        if (owner !== CLI_KEY_OWNER) throw new AppError('local_key_invalid', 'Only the ai-gateway command itself may run the connectivity test.', { side: 'local' });
        const asked = (JSON.parse((await readBody(req, 4096)).toString('utf8') || '{}') as { providers?: unknown }).providers;
        const providers = Array.isArray(asked) ? asked.filter((p): p is Provider => typeof p === 'string' && isProvider(p)) : [];
        return reply(200, { results: await local.test(providers) });
      }
      req.resume();
      throw new AppError('not_found', 'Unknown local endpoint.', { side: 'local' });
    } catch (error) {
      req.resume();
      sendProxyError(res, error);
    }
  }
}

/**
 * Fires once when the agent goes away before its answer is complete. undici takes it as the gateway
 * request's signal (it accepts an EventEmitter): an AbortController with undici's listener on it cost
 * about 6 us per request. A real AbortSignal is made only for a route handler that asks for one.
 */
class AgentGone extends EventEmitter {
  aborted = false;
  private controller: AbortController | null = null;

  get signal(): AbortSignal {
    this.controller ??= new AbortController();
    if (this.aborted) this.controller.abort();
    return this.controller.signal;
  }

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    this.controller?.abort();
    this.emit('abort');
  }
}

/**
 * Streams the gateway's answer to the agent chunk by chunk (SSE included), honouring backpressure.
 * `finishedBy` matches the event that completes the answer (Responses' `response.completed`): an agent
 * that hangs up after it, before the gateway ends the chunked body (Codex does), has its whole answer.
 */
export async function relay(
  reply: { status: number; headers: GatewayReply['headers']; body: Readable },
  res: ServerResponse,
  buffered: Buffer | null = null,
  finishedBy?: RegExp,
  firstByte?: () => void,
): Promise<{ inputTokens: number | null; outputTokens: number | null }> {
  const sniffer = new UsageSniffer();
  if (buffered) {
    // The body was already read (to decide something): send it whole, with its real length.
    const headers = downstreamResponseHeaders(reply.headers);
    delete headers['content-length'];
    res.writeHead(reply.status, { ...headers, 'content-length': buffered.length });
    firstByte?.();
    sniffer.push(buffered);
    res.end(buffered);
    return sniffer.usage();
  }
  res.writeHead(reply.status, downstreamResponseHeaders(reply.headers));
  // Headers out now: an SSE client sees the stream open before the first event. When body bytes are
  // already here they go out together with the headers, one write instead of two.
  if (reply.body.readableLength === 0) res.flushHeaders();
  try {
    await pump(reply.body, res, sniffer, finishedBy, firstByte);
  } catch (error) {
    res.destroy();
    throw error;
  }
  return sniffer.usage();
}

/** What the plain path needs to answer a failure in the caller's language and log what the gateway sent. */
interface FailureContext {
  api: CallerApi;
  pathname: string;
  provider: Provider;
  activity: ActivityLog;
  outcome: RequestOutcome;
}

/** What one request's history record needs beyond its activity row. */
interface RequestOutcome {
  /** performance.now() when the first byte of the answer's body came from the gateway. */
  firstByteAt: number | null;
  side: FailingSide | null;
  cause: string | null;
}

/** The failing side and cause of a finished request: none on success; named when known, else read from the status. */
function failureOf(status: number, outcome: RequestOutcome): { side: FailingSide | null; cause: string | null } {
  if (status >= 200 && status < 300) return { side: null, cause: null };
  if (outcome.side !== null && outcome.cause !== null) return { side: outcome.side, cause: outcome.cause };
  // Answered inside a route handler without the gateway (the translation's own 400, a body that was not JSON).
  return status >= 500 ? { side: 'gateway', cause: 'gateway_error' } : { side: 'local', cause: 'bad_request' };
}

/** A stream the gateway broke off after it started; the agent has been told (SSE error event) or cut off. */
class StreamBrokeOff extends Error {
  constructor(
    readonly status: number,
    cause: unknown,
  ) {
    super('The gateway broke off the answer.', { cause });
  }
}

/** True when `chunk` ends an SSE event (a blank line), so an error event may follow it cleanly. */
function endsEvent(chunk: Buffer): boolean {
  const n = chunk.length;
  return n >= 2 && chunk[n - 1] === 0x0a && (chunk[n - 2] === 0x0a || (n >= 4 && chunk[n - 2] === 0x0d && chunk[n - 3] === 0x0a));
}

/**
 * The plain path: the gateway's answer written into `res` as it arrives (SSE included), the gateway
 * paused while the agent's socket is full. Settles when `res` has finished. A failed answer (4xx/5xx)
 * is read whole (it is small), explained and rewritten in the caller's shape. When the gateway breaks
 * off a stream that started, the agent gets an SSE error event if the stream is between events, else
 * a cut connection; it rejects when the agent goes away once the answer started.
 */
function relayStream(res: ServerResponse, failure: FailureContext, stream: (sink: ReplySink) => Promise<void>): Promise<{ status: number; usage: Usage }> {
  const sniffer = new UsageSniffer();
  return new Promise((resolve, reject) => {
    let status = 0;
    let started = false;
    let wrote = false;
    let sse = false;
    let atBoundary = true;
    let failed: { headers: Record<string, string | string[] | undefined>; chunks: Buffer[]; size: number; refresh: RefreshOutcome } | null = null;
    // Once the answer has started, the agent must see it fail, never a clean end; before, the caller answers the error.
    const fail = (error: Error) => {
      reject(error);
      if (started) res.destroy();
    };
    /** Explains a failed answer (as much of its body as came) and writes it in the caller's shape. */
    const answerFailed = (answer: NonNullable<typeof failed>) => {
      const body = Buffer.concat(answer.chunks).toString('utf8');
      const explained = explainGatewayError({ status, headers: answer.headers, body, provider: failure.provider, pathname: failure.pathname, refresh: answer.refresh });
      failure.activity.emit('gatewayError', { provider: failure.provider, path: failure.pathname, status, cause: explained.cause, server: serverName(answer.headers), body: body.slice(0, 2048) });
      failure.outcome.side = explained.side;
      failure.outcome.cause = explained.cause;
      if (res.destroyed) return reject(new Error('The agent closed the connection before the answer started.'));
      // Recorded as the status the agent got (502 for Portkey's 500 when the provider is unreachable); the report above keeps the gateway's.
      res.once('finish', () => resolve({ status: explained.status, usage: { inputTokens: null, outputTokens: null } }));
      res.once('close', () => {
        if (!res.writableFinished) reject(new Error('The agent closed the connection before the answer ended.'));
      });
      writeCallerError(res, failure.api, explained, keptErrorHeaders(answer.headers));
    };
    const brokeOff = (error: unknown) => {
      // An error answer cut short still says what it can; the agent did not leave.
      if (failed && !res.destroyed && !res.headersSent) return answerFailed(failed);
      if (!started || failed || res.destroyed) return reject(error as Error);
      reject(new StreamBrokeOff(status, error));
      if (sse && atBoundary && !res.writableEnded && !res.destroyed) res.end(sseErrorEvent(failure.api, failure.pathname, streamBrokeOffError(error)));
      else res.destroy();
    };
    stream({
      start(answerStatus, headers, resume, refresh) {
        if (res.destroyed) throw new Error('The agent closed the connection before the answer started.');
        status = answerStatus;
        if (answerStatus >= 400) {
          failed = { headers, chunks: [], size: 0, refresh };
          return;
        }
        started = true;
        sse = String(headers['content-type'] ?? '').includes('text/event-stream');
        res.writeHead(status, downstreamResponseHeaders(headers));
        res.on('drain', resume);
        res.once('finish', () => resolve({ status, usage: sniffer.usage() }));
        res.once('close', () => {
          if (!res.writableFinished) fail(new Error('The agent closed the connection before the answer ended.'));
        });
        // undici delivers the body bytes that came with the headers right after this call. If none did
        // (an SSE stream before its first event), the headers go out alone, so the stream opens at once;
        // otherwise headers and body leave in one write.
        process.nextTick(() => {
          if (!wrote && !res.writableEnded && !res.destroyed) res.flushHeaders();
        });
      },
      data(chunk) {
        failure.outcome.firstByteAt ??= performance.now();
        if (failed) {
          failed.chunks.push(chunk.subarray(0, Math.max(0, MAX_ERROR_BODY - failed.size)));
          failed.size += chunk.length;
          // Enough to explain it: the rest is not read (an endless error body would hold the agent's request open).
          return failed.size >= MAX_ERROR_BODY ? 'enough' : true;
        }
        wrote = true;
        if (sse) atBoundary = endsEvent(chunk);
        sniffer.push(chunk);
        return res.write(chunk);
      },
      end() {
        if (failed) answerFailed(failed);
        else res.end();
      },
    }).catch(brokeOff);
  });
}

/** Token counts read from an answer, when it reported them. */
type Usage = { inputTokens: number | null; outputTokens: number | null };

/**
 * Copies `body` to `res` chunk by chunk, pausing the gateway while the agent's socket is full; settles
 * when `res` has finished, or fails when either side errors or the agent goes away first. The same
 * contract as stream/promises `pipeline`, without its per-call AbortController and end-of-stream
 * bookkeeping, which cost more than the copy itself for a small answer.
 */
function pump(body: Readable, res: ServerResponse, sniffer: UsageSniffer, finishedBy?: RegExp, firstByte?: () => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let finished = false;
    let first = firstByte;
    // The previous chunk's end, so a marker split across two chunks is still seen.
    let tail = '';
    const onData = (chunk: Buffer) => {
      if (first) {
        first();
        first = undefined;
      }
      sniffer.push(chunk);
      if (finishedBy && !finished) {
        const text = chunk.toString('latin1');
        finished = finishedBy.test(tail + text);
        tail = text.slice(-64);
      }
      if (!res.write(chunk)) body.pause();
    };
    const onDrain = () => body.resume();
    const onEnd = () => res.end();
    const onFinish = () => settle(null);
    const onClose = () => {
      if (finished && !res.writableFinished) body.destroy(); // Complete: the gateway's unfinished chunked end no longer matters.
      settle(res.writableFinished || finished ? null : new Error('The agent closed the connection before the answer ended.'));
    };
    let settled = false;
    // The 'error' listeners stay: an abort after settling (the agent gone) must not become an uncaught error.
    const settle = (error: Error | null) => {
      if (settled) return;
      settled = true;
      body.off('data', onData).off('end', onEnd);
      res.off('drain', onDrain).off('finish', onFinish).off('close', onClose);
      if (error) {
        body.destroy();
        reject(error);
      } else resolve();
    };
    if (res.destroyed) return settle(new Error('The agent closed the connection before the answer started.'));
    body.on('data', onData).once('end', onEnd).once('error', settle);
    res.on('drain', onDrain).once('finish', onFinish).once('close', onClose).once('error', settle);
  });
}

/** The error for a taken port, naming who holds it as far as this system tells. */
async function portInUseError(port: number, demo: boolean): Promise<AppError> {
  const who = describePortOwner(await portOwner(port).catch(() => ({ uid: null, user: null, mine: null, aiGateway: false, pid: null })));
  // The demo reads no settings file: only --port moves it.
  const elsewhere = demo ? 'choose another port with `ai-gateway demo --port N`' : 'choose another port with --port N or the port setting';
  return new AppError('port_in_use', `Port ${port} on 127.0.0.1 is already in use by ${who}. Stop it, or ${elsewhere}.`);
}

/** True for `/<provider>` or `/<provider>/`: an agent's base URL, which Claude Code probes with HEAD and no key. */
function isBaseUrl(url: string | undefined): boolean {
  const path = url?.replace(/\/$/, '') ?? '';
  return path.length > 1 && path.indexOf('/', 1) === -1 && isProvider(path.slice(1));
}

/** Reads the whole request body (agents' requests are small JSON), refusing more than `limit` bytes. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    req.on('error', reject);
  });
}

function tooLarge(limit: number): AppError {
  return new AppError('payload_too_large', `The request body is larger than ${Math.round(limit / 1024 / 1024)} MiB. Send a smaller request.`, { side: 'local' });
}
