/**
 * The bench's upstream, run in its own process: a deliberately minimal gateway stand-in so the numbers
 * measure the proxy, not the upstream. It answers a small chat completion, or an SSE stream whose
 * events carry the monotonic clock at the moment they were written (CLOCK_MONOTONIC is shared by every
 * process on the machine, so the client can compute each event's one-way delay). It refuses requests
 * without a JWT-shaped bearer token or the provider header, so a proxy that forgot to inject them fails
 * loudly, and counts TCP connections per caller (`x-bench-via`) to show whether they are reused.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What the parent can ask over IPC. */
export type UpstreamCommand = { type: 'stats' } | { type: 'stop' };

/** Per caller: connections opened and requests served. */
export type UpstreamStats = Record<string, { connections: number; requests: number }>;

// The size and shape of a short, real chat completion, with usage so the proxy's usage sniffing has work.
const COMPLETION = Buffer.from(
  JSON.stringify({
    id: 'chatcmpl-bench',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: 'gpt-4.1-mini',
    choices: [{ index: 0, message: { role: 'assistant', content: 'Hello from the bench upstream.' }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 21, completion_tokens: 7, total_tokens: 28 },
  }),
);

const stats: UpstreamStats = {};
const seen = new WeakMap<Socket, Set<string>>();

function count(req: IncomingMessage): void {
  const via = typeof req.headers['x-bench-via'] === 'string' ? req.headers['x-bench-via'] : 'unknown';
  const entry = (stats[via] ??= { connections: 0, requests: 0 });
  entry.requests++;
  let vias = seen.get(req.socket);
  if (!vias) seen.set(req.socket, (vias = new Set()));
  if (!vias.has(via)) {
    vias.add(via);
    entry.connections++;
  }
}

function refuse(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: message }));
}

function stream(res: ServerResponse, query: URLSearchParams): void {
  // Bounded whatever the caller asks: at most 1000 events, at most 1 s apart.
  const events = Math.min(Number(query.get('events') ?? 10), 1000);
  const gapMs = Math.min(Number(query.get('gap') ?? 5), 1000);
  const padding = 'x'.repeat(Math.min(Number(query.get('pad') ?? 60), 4096));
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  let i = 0;
  const send = () => {
    if (res.destroyed) return clearInterval(timer);
    res.write(`data: {"i":${i},"t":"${process.hrtime.bigint()}","p":"${padding}"}\n\n`);
    if (++i >= events) {
      clearInterval(timer);
      res.end('data: [DONE]\n\n');
    }
  };
  // The first event goes out with the headers, as a model's first token would right after the request.
  const timer = setInterval(send, gapMs);
  send();
  res.on('close', () => clearInterval(timer));
}

const server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
  count(req);
  const auth = req.headers.authorization;
  // A JWT starts with "eyJ"; a local key (agw-local-...) reaching here means the proxy leaked it.
  if (typeof auth !== 'string' || !auth.startsWith('Bearer eyJ')) return void (req.resume(), refuse(res, 401, 'no gateway token'));
  if (req.headers['x-portkey-provider'] === undefined) return void (req.resume(), refuse(res, 400, 'provider is not set'));
  // Like a real gateway, the request body is read before answering.
  req.on('data', () => undefined);
  req.on('end', () => {
    const queryAt = req.url?.indexOf('?') ?? -1;
    if (queryAt !== -1) return stream(res, new URLSearchParams(req.url!.slice(queryAt + 1)));
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': COMPLETION.length });
    res.end(COMPLETION);
  });
});

server.listen(0, '127.0.0.1', () => {
  process.send!({ type: 'ready', port: (server.address() as AddressInfo).port });
});

process.on('message', (command: UpstreamCommand) => {
  if (command.type === 'stats') process.send!({ type: 'stats', stats });
  if (command.type === 'stop') {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  }
});
// The parent going away (crash, Ctrl-C) must not leave this process behind.
process.on('disconnect', () => process.exit(0));
