/**
 * An error answer whose body never ends (a broken gateway or load balancer streaming a 4xx/5xx forever):
 * the proxy reads the first 64 KiB to explain it, drops the upstream connection and answers the agent,
 * on every path that reads an error body (the plain relay, a 401 held to tell its origin, /v1/responses).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { send } from '../helpers/http.js';
import { startStack } from '../helpers/stack.js';

/** A real HTTP server answering every request with `status` and a body that goes on until the client hangs up. */
async function endlessErrorUpstream(status: number, contentType: string) {
  const closed: Promise<void>[] = [];
  let requests = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    requests++;
    req.resume();
    closed.push(new Promise((resolve) => res.once('close', () => resolve())));
    res.writeHead(status, { 'content-type': contentType });
    const chunk = Buffer.alloc(4096, contentType.includes('html') ? '<p>unauthorized</p>' : 'x');
    const more = () => {
      while (!res.destroyed && res.write(chunk));
      if (!res.destroyed) res.once('drain', () => setImmediate(more));
    };
    more();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => requests,
    /** Resolves when every request's connection has been closed by the proxy. */
    allClosed: () => Promise.all(closed),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())).then(() => server.closeAllConnections()),
  };
}

for (const [name, status, contentType, path, body] of [
  ['a 500 on the plain relay', 500, 'text/plain', '/anthropic/v1/messages', { model: 'claude-sonnet-4-5', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] }],
  ['a load balancer 401 (held to tell its origin, then replayed)', 401, 'text/html', '/anthropic/v1/messages', { model: 'claude-sonnet-4-5', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] }],
  ['a 500 on /v1/responses', 500, 'text/plain', '/openai/v1/responses', { model: 'gpt-4.1', input: 'hi' }],
  ['a 401 on /v1/responses', 401, 'text/html', '/openai/v1/responses', { model: 'gpt-4.1', input: 'hi' }],
] as const) {
  test(`an endless error body: ${name} is answered from its first 64 KiB and the upstream connection is dropped`, { timeout: 30_000 }, async () => {
    const upstream = await endlessErrorUpstream(status, contentType);
    const stack = await startStack({ env: { GATEWAY_URL: upstream.url } });
    try {
      const answer = await send(stack.proxyUrl + path, { headers: { authorization: `Bearer ${await stack.key()}` }, body, timeoutMs: 25_000 });
      assert.equal(answer.status, status, answer.text.slice(0, 300));
      const error = (answer.json as { error?: { message?: string } } | undefined)?.error;
      assert.equal(typeof error?.message, 'string', answer.text.slice(0, 300));
      assert.ok(answer.body.length < 16 * 1024, 'an explanation, not the endless body');
      await upstream.allClosed();
      assert.ok(upstream.requests() >= 1);
    } finally {
      await stack.close();
      await upstream.close();
    }
  });
}

test('an error body the gateway cuts short on /v1/responses is explained from what came, like on the other routes', { timeout: 30_000 }, async () => {
  const closed: Promise<void>[] = [];
  const server = createServer((req, res) => {
    req.resume();
    closed.push(new Promise((resolve) => res.once('close', () => resolve())));
    // Promises more than it sends, then the connection drops: the body ends in an error, not an end.
    res.writeHead(503, { 'content-type': 'application/json', 'content-length': '4096' });
    res.write('{"error":{"message":"upstream overloaded, try later"');
    setImmediate(() => res.socket?.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const stack = await startStack({ env: { GATEWAY_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}` } });
  try {
    const answer = await send(stack.proxyUrl + '/openai/v1/responses', { headers: { authorization: `Bearer ${await stack.key()}` }, body: { model: 'gpt-4.1', input: 'hi' }, timeoutMs: 25_000 });
    assert.equal(answer.status, 503, answer.text.slice(0, 300));
    assert.equal(typeof (answer.json as { error?: { message?: string } } | undefined)?.error?.message, 'string', answer.text.slice(0, 300));
    await Promise.all(closed);
  } finally {
    await stack.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
