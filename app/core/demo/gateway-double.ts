/**
 * A Portkey-shaped gateway behind an ALB-shaped JWT check: verifies the token's signature, issuer and
 * expiry (the ALB's HTML 401 otherwise), then answers as the real Portkey 1.15 does (measured in the
 * real-Portkey tier, test/portkey/contract.test.ts): its validation errors, its x-portkey-* headers, Anthropic
 * Messages, OpenAI Chat Completions and Responses (served for openai and azure-openai; HTTP 500 "not supported"
 * for anthropic and google), whole or streamed, and provider failures in the shapes Portkey relays them.
 * It is the demo's gateway and the tests' double; faults and scripted replies are injected per test.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createLocalJWKSet, jwtVerify, type JWK } from 'jose';
import { isProvider, type Provider } from '../../contract/providers.js';
import { anthropicMessage, anthropicStream, chatCompletion, chatStream, responsesObject, responsesStream, type ScriptedReply, type Usage } from './model-replies.js';
import { albErrorPage, modelNotFoundMessage, PORTKEY_NOT_FOUND, portkeyFailure, portkeyHeaders, PROVIDER_HEADER_REQUIRED, providerUnreachable, relayedProviderError, unsupportedRoute } from './portkey-answers.js';

/** A fault to inject, for one provider or all. */
export type GatewayFault =
  /** Exactly this answer, as some gateway sends it. */
  | { kind: 'status'; status: number; body?: string; headers?: Record<string, string> }
  /** The load balancer refuses the (valid) token: its HTML 401. */
  | { kind: 'unauthorized' }
  /** The provider answers an error, which Portkey relays (status and retry-after kept, body rewritten). */
  | { kind: 'provider-error'; status: number; message?: string; retryAfterSeconds?: number }
  /** The provider cannot be reached from Portkey (connection refused). */
  | { kind: 'provider-down' }
  | { kind: 'reset-mid-stream' }
  | { kind: 'silence-after-headers' }
  | { kind: 'close-connection' };

/** One request as the double received it. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  provider: string | null;
  at: number;
  /** The token counts the answer reported, once it was sent whole (absent when it carried none): what the history must show. */
  usage?: Usage;
}

/** What a scripted reply sees. */
export interface ReplyContext {
  provider: Provider;
  format: 'messages' | 'chat' | 'responses';
  model: string;
  body: Record<string, unknown>;
}

/** How to start it. */
export interface GatewayDoubleOptions {
  /** The token endpoint's public keys and issuer: only tokens it signed pass. */
  jwks: { keys: JWK[] };
  issuer: string;
  port?: number;
  /** Delay before the answer's first byte, and between streamed events (plausible latencies for the demo). */
  firstByteMs?: number;
  eventGapMs?: number;
  /** Serve `/v1/responses` for openai and azure-openai as Portkey 1.15 does (default true); false answers 404 as a gateway without the route. */
  servesResponses?: boolean;
  /** Models the gateway knows; others get a provider-style 404. Default: any model not starting with "no-such-". */
  knowsModel?: (provider: Provider, model: string) => boolean;
}

/** A running gateway double. */
export class GatewayDouble {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private readonly verifyKeys: ReturnType<typeof createLocalJWKSet>;
  readonly requests: RecordedRequest[] = [];
  /** Faults by provider ('*' for all), each with how many requests it applies to. */
  private readonly faults = new Map<string, { fault: GatewayFault; times: number }>();
  /** Tokens refused although signed and unexpired, as after a revocation: many requests hitting one bad token at once. */
  readonly revoked = new Set<string>();
  /** Requests whose client went away before the answer ended. */
  aborted = 0;
  /** What to answer; tests replace it. */
  script: (context: ReplyContext) => ScriptedReply = (c) => ({ text: `Hello from the ${c.provider} gateway double (model ${c.model}).` });
  firstByteMs: number;
  eventGapMs: number;
  servesResponses: boolean;

  constructor(private readonly options: GatewayDoubleOptions) {
    this.verifyKeys = createLocalJWKSet(options.jwks);
    this.firstByteMs = options.firstByteMs ?? 0;
    this.eventGapMs = options.eventGapMs ?? 0;
    this.servesResponses = options.servesResponses ?? true;
  }

  /** GATEWAY_URL for the app. */
  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  /** Starts on 127.0.0.1. */
  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server!.listen(this.options.port ?? 0, '127.0.0.1', resolve));
    return this;
  }

  /** Stops, cutting open streams. */
  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Injects a fault for `provider` ('*' = all) for the next `times` requests; null clears it. */
  setFault(provider: Provider | '*', fault: GatewayFault | null, times = Infinity): void {
    if (fault === null) this.faults.delete(provider);
    else this.faults.set(provider, { fault, times });
  }

  /** Forgets recorded requests. */
  reset(): void {
    this.requests.length = 0;
    this.aborted = 0;
  }

  private takeFault(provider: string | null): GatewayFault | null {
    for (const key of [provider ?? '', '*']) {
      const entry = this.faults.get(key);
      if (!entry) continue;
      entry.times--;
      if (entry.times <= 0) this.faults.delete(key);
      return entry.fault;
    }
    return null;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const path = req.url ?? '/';
    const provider = typeof req.headers['x-portkey-provider'] === 'string' ? req.headers['x-portkey-provider'] : null;
    const recorded: RecordedRequest = { method: req.method ?? 'GET', path, headers: req.headers, body, provider, at: Date.now() };
    this.requests.push(recorded);
    if (this.requests.length > 1000) this.requests.shift(); // Bounded: soak runs send many thousands.
    res.on('close', () => {
      if (!res.writableFinished) this.aborted++;
    });

    // The load balancer's check comes first: no valid company JWT, no entry.
    if (!(await this.tokenValid(req.headers.authorization))) return albUnauthorized(res);
    const pathname = path.split('?')[0]!;
    if ((req.method === 'GET' || req.method === 'HEAD') && pathname === '/') return sendText(res, 200, 'AI Gateway says hey!');
    if (!pathname.startsWith('/v1/')) return send(res, 404, PORTKEY_NOT_FOUND);
    // Portkey's request validation, in its order.
    const contentType = req.headers['content-type']?.split(';')[0];
    if (contentType && contentType !== 'application/json' && contentType !== 'multipart/form-data' && !contentType.startsWith('audio')) return send(res, 400, portkeyFailure('Invalid content type passed'));
    if (!provider) return send(res, 400, portkeyFailure(PROVIDER_HEADER_REQUIRED));
    // Portkey knows many more providers; the double serves the four the app routes.
    if (!isProvider(provider)) return send(res, 400, portkeyFailure('Invalid provider passed'));

    const fault = this.takeFault(provider);
    if (fault?.kind === 'status') return send(res, fault.status, fault.body ?? { error: { message: `injected ${fault.status}`, type: 'api_error' } }, fault.headers);
    if (fault?.kind === 'unauthorized') return albUnauthorized(res);
    if (fault?.kind === 'close-connection') return void req.socket.destroy();

    const fromProvider = portkeyHeaders(provider);
    if (req.method === 'GET' && pathname === '/v1/models') {
      return send(res, 200, { object: 'list', data: [{ id: 'gpt-4.1', object: 'model', owned_by: provider }] }, fromProvider);
    }
    const unsupported = req.method === 'POST' ? unsupportedRoute(provider, pathname) : null;
    if (unsupported) return send(res, 500, portkeyFailure(unsupported), { 'x-portkey-gateway-exception': 'true' });
    if (pathname === '/v1/responses' && !this.servesResponses) return send(res, 404, PORTKEY_NOT_FOUND);
    const format = pathname === '/v1/messages' ? 'messages' : pathname === '/v1/chat/completions' ? 'chat' : pathname === '/v1/responses' ? 'responses' : null;
    // Other /v1 paths Portkey passes to the provider, which does not know them.
    if (req.method !== 'POST' || !format) {
      return send(res, 404, { error: { message: `Unknown request URL: ${req.method} ${pathname}`, type: 'invalid_request_error', param: null, code: null } }, fromProvider);
    }

    let request: Record<string, unknown>;
    try {
      request = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
    } catch {
      return send(res, 500, portkeyFailure('Something went wrong'));
    }
    if (fault?.kind === 'provider-down') return send(res, 500, providerUnreachable(provider, pathname, 'connect ECONNREFUSED 127.0.0.1:443'), fromProvider);
    if (fault?.kind === 'provider-error') {
      const retry: Record<string, string> = fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) };
      return send(res, fault.status, relayedProviderError(provider, fault.status, fault.message ?? `injected provider error ${fault.status}`), { ...fromProvider, ...retry });
    }
    const model = typeof request.model === 'string' ? request.model : '';
    const knows = this.options.knowsModel ?? ((_p, m) => m !== '' && !m.startsWith('no-such-'));
    if (!knows(provider, model)) {
      return send(res, 404, relayedProviderError(provider, 404, modelNotFoundMessage(provider, model)), fromProvider);
    }
    const reply = this.script({ provider, format, model, body: request });
    const usage: Usage = { input: Math.max(1, Math.round(body.length / 4)), output: 'text' in reply ? reply.text.split(/\s+/).length : 12 };
    if (this.firstByteMs > 0) await sleep(this.firstByteMs);

    const streaming = request.stream === true;
    if (!streaming) {
      recorded.usage = usage;
      if (format === 'messages') return send(res, 200, anthropicMessage(model, reply, usage), fromProvider);
      if (format === 'chat') return send(res, 200, chatCompletion(model, reply, usage), fromProvider);
      return send(res, 200, responsesObject(model, reply, usage), fromProvider);
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', ...fromProvider });
    res.flushHeaders();
    if (fault?.kind === 'silence-after-headers') return; // Headers, then nothing: the proxy's idle timeout must fire.
    // A Chat stream reports usage only when asked to (stream_options.include_usage), as OpenAI's does.
    const includeUsage = format !== 'chat' || (isRecord(request.stream_options) && request.stream_options.include_usage === true);
    const events: string[] =
      format === 'messages'
        ? anthropicStream(model, reply, usage).map(([event, data]) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)
        : format === 'chat'
          ? [
              ...chatStream(model, reply, usage, includeUsage).map((c) => `data: ${JSON.stringify(c)}\n\n`),
              // Portkey ends a Gemini stream without `[DONE]`: Gemini never sends one and Portkey adds none.
              ...(provider === 'google' ? [] : ['data: [DONE]\n\n']),
            ]
          : responsesStream(model, reply, usage);
    for (let i = 0; i < events.length; i++) {
      if (res.destroyed) return;
      if (fault?.kind === 'reset-mid-stream' && i === Math.floor(events.length / 2)) return void req.socket.destroy();
      if (!res.write(events[i])) await new Promise((resolve) => res.once('drain', resolve));
      if (this.eventGapMs > 0) await sleep(this.eventGapMs);
    }
    if (includeUsage) recorded.usage = usage;
    res.end();
  }

  private async tokenValid(authorization: string | undefined): Promise<boolean> {
    if (!authorization?.startsWith('Bearer ') || this.revoked.has(authorization.slice(7))) return false;
    try {
      await jwtVerify(authorization.slice(7), this.verifyKeys, { issuer: this.options.issuer, algorithms: ['RS256'] });
      return true;
    } catch {
      return false;
    }
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** The ALB's own 401 page. */
function albUnauthorized(res: ServerResponse): void {
  const page = albErrorPage(401);
  res.writeHead(401, { ...page.headers, 'content-length': Buffer.byteLength(page.body) });
  res.end(page.body);
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=UTF-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
