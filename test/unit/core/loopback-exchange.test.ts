/**
 * The CLI's one-connection HTTP/1.1 client to its running proxy (app/core/net/loopback-exchange.ts),
 * against real servers on port 0: node:http as the proxy answers, and raw node:net servers that answer
 * the way our proxy never does (chunked, too large, cut short, silent).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { ExchangeError, LoopbackExchange, MAX_ANSWER_BYTES } from '../../../app/core/net/loopback-exchange.js';
import { freePort } from '../../helpers/stack.js';

async function listen<T extends Server | HttpServer>(server: T): Promise<T & { port: number }> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(server, { port: (server.address() as AddressInfo).port });
}

const close = (server: Server | HttpServer) => new Promise<void>((resolve) => server.close(() => resolve()));

/** A raw server that answers every request with `answer(socket, request)`; counts connections and what it received. */
async function rawServer(answer: (socket: Socket, request: string) => void) {
  const seen = { connections: 0, received: '' };
  const sockets = new Set<Socket>();
  const server = await listen(
    createNetServer((socket) => {
      seen.connections++;
      sockets.add(socket);
      socket.on('data', (chunk) => {
        seen.received += chunk.toString('latin1');
        if (seen.received.endsWith('\r\n\r\n')) answer(socket, seen.received);
      });
      socket.on('error', () => undefined);
    }),
  );
  return {
    port: server.port,
    seen,
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await close(server);
    },
  };
}

const rejectsWith = (promise: Promise<unknown>, code: string) =>
  assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof ExchangeError, String(error));
    assert.equal(error.code, code, error.message);
    return true;
  });

test('two requests on one kept-alive connection to node:http, headers and bodies as sent', async () => {
  let connections = 0;
  const requests: { method?: string; url?: string; host?: string; auth?: string; body: string }[] = [];
  const server = await listen(
    createHttpServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        requests.push({ method: req.method, url: req.url, host: req.headers.host, auth: req.headers.authorization, body });
        const text = JSON.stringify({ n: requests.length });
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
        res.end(text);
      });
    }),
  );
  server.on('connection', () => connections++);
  const exchange = new LoopbackExchange(server.port);
  try {
    const first = await exchange.request('GET', '/_ai-gateway/status', { 'x-ai-gateway-challenge': 'nonce-nonce-nonce' }, null, 2000);
    assert.equal(first.status, 200);
    assert.equal(first.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(first.body.toString()), { n: 1 });
    const second = await exchange.request('POST', '/_ai-gateway/test', { authorization: 'Bearer agw-local-x' }, '{"providers":["openai"]}', 2000);
    assert.deepEqual(JSON.parse(second.body.toString()), { n: 2 });
    assert.equal(connections, 1, 'both requests on the one connection');
    assert.deepEqual(requests, [
      { method: 'GET', url: '/_ai-gateway/status', host: `127.0.0.1:${server.port}`, auth: undefined, body: '' },
      { method: 'POST', url: '/_ai-gateway/test', host: `127.0.0.1:${server.port}`, auth: 'Bearer agw-local-x', body: '{"providers":["openai"]}' },
    ]);
  } finally {
    exchange.close();
    server.closeAllConnections();
    await close(server);
  }
});

test('an answer that arrives in pieces is put together by its Content-Length', async () => {
  const raw = await rawServer((socket) => {
    socket.write('HTTP/1.1 200 OK\r\nContent-Le');
    setTimeout(() => socket.write('ngth: 11\r\n\r\nhello'), 20);
    setTimeout(() => socket.write(' world'), 40);
  });
  const exchange = new LoopbackExchange(raw.port);
  try {
    const answer = await exchange.request('GET', '/', {}, null, 2000);
    assert.equal(answer.body.toString(), 'hello world');
  } finally {
    exchange.close();
    await raw.stop();
  }
});

test('a chunked answer is refused (EPROTO): our proxy always sends a Content-Length', async () => {
  const server = await listen(
    createHttpServer((_req, res) => {
      res.write('{"proof":');
      res.end('"x"}');
    }),
  );
  const exchange = new LoopbackExchange(server.port);
  try {
    await rejectsWith(exchange.request('GET', '/', {}, null, 2000), 'EPROTO');
  } finally {
    exchange.close();
    server.closeAllConnections();
    await close(server);
  }
});

for (const [what, head, code] of [
  ['no Content-Length', 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{}', 'EPROTO'],
  ['two Content-Length headers', 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\n{}', 'EPROTO'],
  ['an HTTP/1.0 status line', 'HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\n{}', 'EPROTO'],
  ['not HTTP at all', 'SSH-2.0-OpenSSH_9.6\r\n\r\n', 'EPROTO'],
  ['more bytes than its Content-Length', 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}EXTRA', 'EPROTO'],
  ['a body over 1 MiB announced', `HTTP/1.1 200 OK\r\nContent-Length: ${MAX_ANSWER_BYTES + 1}\r\n\r\n`, 'EMSGSIZE'],
] as const) {
  test(`an answer with ${what} is refused (${code})`, async () => {
    const raw = await rawServer((socket) => socket.write(head));
    const exchange = new LoopbackExchange(raw.port);
    try {
      await rejectsWith(exchange.request('GET', '/', {}, null, 2000), code);
    } finally {
      exchange.close();
      await raw.stop();
    }
  });
}

test('headers that never end are refused once over 16 KiB (EMSGSIZE), without waiting for the timeout', async () => {
  const raw = await rawServer((socket) => socket.write(`HTTP/1.1 200 OK\r\nX-Filler: ${'a'.repeat(20_000)}`));
  const exchange = new LoopbackExchange(raw.port);
  try {
    await rejectsWith(exchange.request('GET', '/', {}, null, 10_000), 'EMSGSIZE');
  } finally {
    exchange.close();
    await raw.stop();
  }
});

test('a connection closed in the middle of the body fails the request (ECONNRESET)', async () => {
  const raw = await rawServer((socket) => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{"proof":'));
  const exchange = new LoopbackExchange(raw.port);
  try {
    await rejectsWith(exchange.request('GET', '/', {}, null, 2000), 'ECONNRESET');
  } finally {
    exchange.close();
    await raw.stop();
  }
});

test('a listener that takes the connection and never answers times out (ETIMEDOUT)', async () => {
  const raw = await rawServer(() => undefined);
  const exchange = new LoopbackExchange(raw.port);
  try {
    const started = Date.now();
    await rejectsWith(exchange.request('GET', '/', {}, null, 200), 'ETIMEDOUT');
    assert.ok(Date.now() - started < 2000, 'gave up at the deadline');
  } finally {
    exchange.close();
    await raw.stop();
  }
});

test('nothing listening: ECONNREFUSED', async () => {
  const exchange = new LoopbackExchange(await freePort());
  try {
    await rejectsWith(exchange.request('GET', '/', {}, null, 2000), 'ECONNREFUSED');
  } finally {
    exchange.close();
  }
});

test('once the connection is gone, a later request fails before anything is written, and no new connection is made', async () => {
  // The proof came on the first connection; whoever listens now must never get the second request.
  const raw = await rawServer((socket) => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}'));
  const exchange = new LoopbackExchange(raw.port);
  try {
    assert.equal((await exchange.request('GET', '/proof', {}, null, 2000)).status, 200);
    await rejectsWith(exchange.request('GET', '/secret', { authorization: 'Bearer agw-local-secret' }, null, 2000), 'ECONNRESET');
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(raw.seen.connections, 1);
    assert.ok(!raw.seen.received.includes('agw-local-secret'), 'the second request was sent');
  } finally {
    exchange.close();
    await raw.stop();
  }
});

test('after close(), requests fail at once and nothing is sent', async () => {
  const raw = await rawServer((socket) => socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}'));
  const exchange = new LoopbackExchange(raw.port);
  try {
    await exchange.request('GET', '/proof', {}, null, 2000);
    exchange.close();
    await rejectsWith(exchange.request('GET', '/secret', { authorization: 'Bearer agw-local-secret' }, null, 2000), 'ECONNRESET');
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.ok(!raw.seen.received.includes('agw-local-secret'));
  } finally {
    await raw.stop();
  }
});

test('a header value with a line break is refused before anything is written (EINVAL)', async () => {
  const raw = await rawServer((socket) => socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}'));
  const exchange = new LoopbackExchange(raw.port);
  try {
    await rejectsWith(exchange.request('GET', '/', { authorization: 'Bearer x\r\nX-Injected: 1' }, null, 2000), 'EINVAL');
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(raw.seen.received, '');
  } finally {
    exchange.close();
    await raw.stop();
  }
});

test('data nobody asked for closes the connection: the next request fails', async () => {
  const pushy = await listen(createNetServer((socket) => socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}')));
  const exchange = new LoopbackExchange(pushy.port);
  try {
    await new Promise((resolve) => setTimeout(resolve, 100));
    await rejectsWith(exchange.request('GET', '/', {}, null, 2000), 'EPROTO');
  } finally {
    exchange.close();
    await close(pushy);
  }
});
