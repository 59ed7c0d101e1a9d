/**
 * A mock model provider behind the real Portkey: one HTTP server on 127.0.0.1 that speaks the wire formats
 * Portkey calls (OpenAI chat completions and responses, Anthropic messages, Gemini generateContent and
 * streamGenerateContent, Azure OpenAI deployments), whole and streamed, with each provider's own error bodies
 * for the faults a test switches on (down, 401, 429 with retry-after, 5xx).
 *
 * Paths are the provider's own below a prefix the ALB-shaped front sets as Portkey's custom host:
 * `/openai/v1/...`, `/anthropic/v1/...`, `/google/v1beta/models/M:generateContent`,
 * `/azure/RESOURCE/openai/deployments/D/chat/completions?api-version=V` (where `RESOURCE.openai.azure.com` would be).
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { anthropicMessage, anthropicStream, chatCompletion, chatStream, geminiResponse, geminiStream, responsesObject, responsesStream, type ScriptedReply, type Usage } from '../../../app/core/demo/model-replies.js';

/** The providers the mock speaks for, by the first path segment. */
export type MockProviderName = 'openai' | 'anthropic' | 'google' | 'azure';

/** A fault the next requests get, in the provider's own error shape. */
export type ProviderFault = { kind: 'unauthorized' } | { kind: 'rate-limited'; retryAfterSeconds: number } | { kind: 'server-error'; status: 500 | 502 | 503 | 529 };

/** What a scripted reply sees. */
export interface ProviderRequestContext {
  provider: MockProviderName;
  format: 'chat' | 'responses' | 'messages' | 'gemini';
  model: string;
  body: Record<string, unknown>;
}

/** One request as the provider received it. */
export interface ProviderRequest {
  provider: MockProviderName | null;
  method: string;
  /** The path with its query string. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown> | null;
  /** The credential the provider got, wherever that provider takes it (Authorization, x-api-key, api-key, ?key=). */
  key: string | null;
}

/** Azure API versions the mock accepts (others: Azure's 404 "Resource not found"). */
const AZURE_API_VERSION = /^(?:\d{4}-\d{2}-\d{2}(?:-preview)?|v1|latest|preview)$/;

/** A running mock provider. */
export class MockProvider {
  private server: Server | null = null;
  private port = 0;
  private readonly sockets = new Set<Socket>();
  readonly requests: ProviderRequest[] = [];
  /** The fault every request gets until cleared (null: none). */
  fault: ProviderFault | null = null;
  /** What to answer; tests replace it. */
  script: (context: ProviderRequestContext) => ScriptedReply = (c) => ({ text: `Hello from the mock ${c.provider} provider (model ${c.model}).` });

  /** The origin, e.g. http://127.0.0.1:PORT. */
  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts on 127.0.0.1 (port 0 the first time; the same port again after `down()`). */
  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** Stops listening, so calls to it are refused (ECONNREFUSED), as when the provider is down. */
  async down(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Listens again on the same port after `down()`. */
  async up(): Promise<void> {
    if (!this.server) await this.start();
  }

  /** Stops for good. */
  close(): Promise<void> {
    return this.down();
  }

  /** Forgets recorded requests and clears the fault. */
  reset(): void {
    this.requests.length = 0;
    this.fault = null;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://mock');
    const segments = url.pathname.split('/').filter(Boolean);
    const provider = (['openai', 'anthropic', 'google', 'azure'] as const).find((p) => p === segments[0]) ?? null;
    let body: Record<string, unknown> | null;
    try {
      body = raw.length > 0 ? (JSON.parse(raw.toString('utf8')) as Record<string, unknown>) : null;
    } catch {
      body = null;
    }
    this.requests.push({ provider, method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body, key: credential(provider, req.headers, url) });
    if (!provider) return json(res, 404, { error: { message: `no provider at ${url.pathname}` } });
    if (this.fault) return this.sendFault(res, provider, this.fault);

    const rest = '/' + segments.slice(provider === 'azure' ? 2 : 1).join('/');
    const route = this.route(provider, req.method ?? 'GET', rest, url);
    if ('error' in route) return json(res, route.status, route.error);
    if (route.format === 'models') return json(res, 200, { object: 'list', data: [{ id: 'gpt-4.1', object: 'model', owned_by: 'openai' }] });
    if (!body) return json(res, 400, providerError(provider, 400, 'Could not parse the JSON body of your request.'));
    const model = route.model ?? (typeof body.model === 'string' ? body.model : '');
    if (model.startsWith('no-such-')) return json(res, 404, modelNotFound(provider, model));
    const reply = this.script({ provider, format: route.format, model, body });
    const usage: Usage = { input: Math.max(1, Math.round(raw.length / 4)), output: 'text' in reply ? reply.text.split(/\s+/).length : 12 };
    const streaming = route.format === 'gemini' ? route.stream : body.stream === true;

    if (!streaming) {
      if (route.format === 'messages') return json(res, 200, anthropicMessage(model, reply, usage));
      if (route.format === 'responses') return json(res, 200, responsesObject(model, reply, usage));
      if (route.format === 'gemini') return json(res, 200, geminiResponse(model, reply, usage));
      return json(res, 200, chatCompletion(model, reply, usage));
    }
    const includeUsage = typeof body.stream_options === 'object' && body.stream_options !== null && (body.stream_options as Record<string, unknown>).include_usage === true;
    const frames =
      route.format === 'messages'
        ? anthropicStream(model, reply, usage).map(([event, data]) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)
        : route.format === 'responses'
          ? responsesStream(model, reply, usage)
          : route.format === 'gemini'
            ? geminiStream(model, reply, usage)
            : [...chatStream(model, reply, usage, includeUsage).map((c) => `data: ${JSON.stringify(c)}\n\n`), 'data: [DONE]\n\n'];
    res.writeHead(200, { 'content-type': route.format === 'gemini' ? 'application/json; charset=UTF-8' : 'text/event-stream', 'cache-control': 'no-cache' });
    for (const frame of frames) {
      if (res.destroyed) return;
      if (!res.write(frame)) await new Promise((resolve) => res.once('drain', resolve));
    }
    res.end();
  }

  private route(
    provider: MockProviderName,
    method: string,
    path: string,
    url: URL,
  ): { format: ProviderRequestContext['format'] | 'models'; model?: string; stream?: boolean } | { status: number; error: object } {
    const notFound = { status: 404, error: providerError(provider, 404, `Unknown request URL: ${method} ${url.pathname}`) };
    if (provider === 'openai') {
      if (method === 'GET' && path === '/v1/models') return { format: 'models' };
      if (method === 'POST' && path === '/v1/chat/completions') return { format: 'chat' };
      if (method === 'POST' && path === '/v1/responses') return { format: 'responses' };
      return notFound;
    }
    if (provider === 'anthropic') return method === 'POST' && path === '/v1/messages' ? { format: 'messages' } : notFound;
    if (provider === 'google') {
      const match = /^\/v1(?:beta|alpha)?\/models\/([^/:]+):(generateContent|streamGenerateContent)$/.exec(path);
      return method === 'POST' && match ? { format: 'gemini', model: match[1], stream: match[2] === 'streamGenerateContent' } : notFound;
    }
    // Azure: the deployment names the model; the API version is required (v1 is the version-less API).
    const apiVersion = url.searchParams.get('api-version');
    const v1 = /^\/openai\/v1\/(chat\/completions|responses)$/.exec(path);
    if (method === 'POST' && v1) return { format: v1[1] === 'responses' ? 'responses' : 'chat' };
    if (!apiVersion || !AZURE_API_VERSION.test(apiVersion)) return { status: 404, error: { error: { code: '404', message: 'Resource not found' } } };
    if (method === 'POST' && path === '/openai/responses') return { format: 'responses' };
    const deployment = /^\/openai\/deployments\/([^/]+)\/chat\/completions$/.exec(path);
    if (method !== 'POST' || !deployment) return { status: 404, error: { error: { code: '404', message: 'Resource not found' } } };
    // Portkey without a deployment option calls /deployments/undefined/.
    if (deployment[1] === 'undefined') return { status: 404, error: modelNotFound('azure', 'undefined') };
    return { format: 'chat', model: decodeURIComponent(deployment[1]!) };
  }

  private sendFault(res: ServerResponse, provider: MockProviderName, fault: ProviderFault): void {
    if (fault.kind === 'unauthorized') return json(res, 401, providerError(provider, 401, 'Incorrect API key provided.'));
    if (fault.kind === 'rate-limited') {
      const headers: Record<string, string> = { 'retry-after': String(fault.retryAfterSeconds) };
      if (provider === 'openai' || provider === 'azure') Object.assign(headers, { 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': `${fault.retryAfterSeconds}s` });
      if (provider === 'anthropic') Object.assign(headers, { 'anthropic-ratelimit-requests-remaining': '0' });
      return json(res, 429, providerError(provider, 429, 'Rate limit reached for requests.'), headers);
    }
    return json(res, fault.status, providerError(provider, fault.status, fault.status === 529 ? 'Overloaded' : 'The server had an error while processing your request.'));
  }
}

/** The error body each provider really sends for a status. */
function providerError(provider: MockProviderName, status: number, message: string): object {
  if (provider === 'anthropic') {
    const type = { 400: 'invalid_request_error', 401: 'authentication_error', 404: 'not_found_error', 429: 'rate_limit_error', 529: 'overloaded_error' }[status] ?? 'api_error';
    return { type: 'error', error: { type, message } };
  }
  if (provider === 'google') {
    const state = { 400: 'INVALID_ARGUMENT', 401: 'UNAUTHENTICATED', 404: 'NOT_FOUND', 429: 'RESOURCE_EXHAUSTED', 503: 'UNAVAILABLE' }[status] ?? 'INTERNAL';
    return { error: { code: status, message, status: state } };
  }
  if (provider === 'azure') return { error: { code: String(status), message } };
  const type = { 400: 'invalid_request_error', 401: 'invalid_request_error', 404: 'invalid_request_error', 429: 'requests' }[status] ?? 'server_error';
  const code = { 401: 'invalid_api_key', 429: 'rate_limit_exceeded' }[status] ?? null;
  return { error: { message, type, param: null, code } };
}

/** Each provider's answer for a model it does not have (Azure: a deployment it does not have). */
function modelNotFound(provider: MockProviderName, model: string): object {
  if (provider === 'anthropic') return { type: 'error', error: { type: 'not_found_error', message: `model: ${model}` } };
  if (provider === 'google') return { error: { code: 404, message: `models/${model} is not found for API version v1beta, or is not supported for generateContent.`, status: 'NOT_FOUND' } };
  if (provider === 'azure') return { error: { code: 'DeploymentNotFound', message: 'The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.' } };
  return { error: { message: `The model \`${model}\` does not exist or you do not have access to it.`, type: 'invalid_request_error', param: null, code: 'model_not_found' } };
}

/** Where each provider takes its key. */
function credential(provider: MockProviderName | null, headers: IncomingHttpHeaders, url: URL): string | null {
  if (provider === 'google') return url.searchParams.get('key');
  if (provider === 'anthropic') return typeof headers['x-api-key'] === 'string' ? headers['x-api-key'] : null;
  if (provider === 'azure') return typeof headers['api-key'] === 'string' ? headers['api-key'] : null;
  const auth = headers.authorization;
  return typeof auth === 'string' && auth.startsWith('Bearer ') ? auth.slice(7) : null;
}

function json(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(value);
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
