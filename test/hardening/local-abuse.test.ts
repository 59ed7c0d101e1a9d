/** Local abuse: requests a browser page, another local program or a malformed client can send. Refused before anything reaches the gateway. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { bearerOf, startStack, waitFor, type Stack } from './helpers/stack.js';
import { raw, statusOf } from './helpers/http.js';
import { assertStackClean } from './helpers/leaks.js';

let stack: Stack;
let key: string;
let host: string;
const BODY = JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] });

before(async () => {
  stack = await startStack({ runtime: { maxBodyBytes: 1024, proxyHeadersTimeoutMs: 500 } });
  key = await stack.key();
  host = `127.0.0.1:${stack.port}`;
  await waitFor(() => stack.runtime.tokens.status().state === 'valid', 5000, 'the first token');
});

after(async () => {
  await assertStackClean(stack);
  await stack.close();
});

/** A raw request: request line, headers, blank line, body. */
function request(line: string, headers: string[], body = ''): string {
  return `${line}\r\n${headers.join('\r\n')}${headers.length ? '\r\n' : ''}\r\n${body}`;
}

function post(headers: string[], path = '/anthropic/v1/messages', body = BODY): string {
  return request(`POST ${path} HTTP/1.1`, [...headers, 'Content-Type: application/json', `Content-Length: ${Buffer.byteLength(body)}`, 'Connection: close'], body);
}

/** The JSON error of a raw answer; asserts it names the cause in a sentence. */
function jsonError(text: string): { code: string; side: string; message: string } {
  const body = text.slice(text.indexOf('\r\n\r\n') + 4);
  const parsed = JSON.parse(body) as { error: { code: string; side: string; message: string } };
  assert.ok(parsed.error.message.length > 20, 'a message that says what to do');
  return parsed.error;
}

async function refused(text: string, status: number | number[], code?: string): Promise<void> {
  const before = stack.gateway.requests.length;
  const answer = await raw(stack.port, text);
  const statuses = Array.isArray(status) ? status : [status];
  assert.ok(statuses.includes(statusOf(answer.text)), `status ${statusOf(answer.text)} for:\n${text.slice(0, 200)}\n--- got:\n${answer.text.slice(0, 300)}`);
  assert.doesNotMatch(answer.text, /access-control-allow/i, 'no CORS grant');
  if (code) assert.equal(jsonError(answer.text).code, code);
  assert.equal(stack.gateway.requests.length, before, 'nothing forwarded');
}

test('a request with a good key reaches the gateway (control case)', async () => {
  const answer = await raw(stack.port, post([`Host: ${host}`, `x-api-key: ${key}`]));
  assert.equal(statusOf(answer.text), 200, answer.text);
});

test('foreign Host values are refused (DNS rebinding)', async () => {
  for (const h of ['evil.example', 'localhost.evil.com', `localhost.evil.com:${stack.port}`, `127.0.0.1:${stack.port + 1}`, `localhost:${stack.port}.evil.com`, `127.0.0.2:${stack.port}`, '127.0.0.1']) {
    await refused(post([`Host: ${h}`, `x-api-key: ${key}`]), 403, 'forbidden_host');
  }
  await refused(post(['Host: ', `x-api-key: ${key}`]), [400, 403]);
  await refused(post([`x-api-key: ${key}`]), [400, 403]);
});

test('any Origin is refused, even our own', async () => {
  for (const origin of [`http://${host}`, 'null', 'https://evil.example', 'chrome-extension://abcdef', 'file://']) {
    await refused(post([`Host: ${host}`, `Origin: ${origin}`, `x-api-key: ${key}`]), 403, 'forbidden_origin');
  }
});

test('an OPTIONS preflight gets no CORS grant', async () => {
  await refused(request('OPTIONS /anthropic/v1/messages HTTP/1.1', [`Host: ${host}`, 'Origin: https://evil.example', 'Access-Control-Request-Method: POST', 'Access-Control-Request-Headers: x-api-key', 'Connection: close']), 403);
  await refused(request('OPTIONS /anthropic/v1/messages HTTP/1.1', [`Host: ${host}`, `x-api-key: ${key}`, 'Connection: close']), 400);
});

test('missing and wrong local keys are refused, wrong keys of the right length too', async () => {
  const wrong = 'agw-local-' + 'A'.repeat(key.length - 'agw-local-'.length);
  assert.equal(wrong.length, key.length);
  await refused(post([`Host: ${host}`]), 401, 'local_key_missing');
  await refused(post([`Host: ${host}`, `x-api-key: ${wrong}`]), 401, 'local_key_invalid');
  await refused(post([`Host: ${host}`, `Authorization: Bearer ${wrong}`]), 401, 'local_key_invalid');
  await refused(post([`Host: ${host}`, `x-api-key: ${key}x`]), 401, 'local_key_invalid');
  await refused(post([`Host: ${host}`, `x-api-key: ${key.slice(0, -1)}`]), 401, 'local_key_invalid');
  await refused(post([`Host: ${host}`, `Authorization: Basic ${Buffer.from(`x:${key}`).toString('base64')}`]), 401, 'local_key_missing');
});

test('client-sent Authorization, x-api-key and x-portkey-* headers never reach the gateway', async () => {
  stack.gateway.reset();
  const answer = await raw(
    stack.port,
    post([
      `Host: ${host}`,
      `x-api-key: ${key}`,
      'Authorization: Bearer attacker-token-123456',
      'x-portkey-provider: openai',
      'x-portkey-custom-host: http://evil.example',
      'x-portkey-config: {"provider":"openai"}',
      'Cookie: session=abc',
    ]),
  );
  assert.equal(statusOf(answer.text), 200, answer.text);
  const seen = stack.gateway.requests[0]!;
  assert.equal(seen.provider, 'anthropic');
  assert.equal(bearerOf(seen.headers), stack.tokenEndpoint.signed.at(-1));
  assert.equal(seen.headers['x-api-key'], undefined);
  assert.equal(seen.headers['x-portkey-custom-host'], undefined);
  assert.equal(seen.headers['x-portkey-config'], undefined);
  assert.equal(seen.headers.cookie, undefined);
});

test('hop-by-hop headers and headers named in Connection are dropped', async () => {
  stack.gateway.reset();
  const answer = await raw(
    stack.port,
    post([`Host: ${host}`, `x-api-key: ${key}`, 'Keep-Alive: timeout=5', 'X-Hop-Secret: s3cr3t', 'X-Also-Hop: 1', 'TE: trailers', 'Trailer: X-T', 'Proxy-Authorization: Basic Zm9vOmJhcg==', 'Proxy-Connection: keep-alive', 'X-Kept: yes']).replace(
      'Connection: close',
      'Connection: close, X-Hop-Secret, x-also-hop',
    ),
  );
  assert.equal(statusOf(answer.text), 200, answer.text);
  const h = stack.gateway.requests[0]!.headers;
  for (const name of ['keep-alive', 'x-hop-secret', 'x-also-hop', 'te', 'trailer', 'proxy-authorization', 'proxy-connection']) assert.equal(h[name], undefined, `${name} dropped`);
  assert.equal(h['x-kept'], 'yes', 'end-to-end headers kept');
});

test('request smuggling shapes are refused with 400 and nothing forwarded', async () => {
  const smuggled = `0\r\n\r\nPOST /anthropic/v1/messages HTTP/1.1\r\nHost: ${host}\r\nx-api-key: ${key}\r\nContent-Length: 2\r\n\r\n{}`;
  await refused(request('POST /anthropic/v1/messages HTTP/1.1', [`Host: ${host}`, `x-api-key: ${key}`, 'Content-Length: 4', 'Transfer-Encoding: chunked'], smuggled), 400, 'bad_request');
  await refused(request('POST /anthropic/v1/messages HTTP/1.1', [`Host: ${host}`, `x-api-key: ${key}`, 'Content-Length: 2', 'Content-Length: 40'], '{}'), 400, 'bad_request');
  await refused(request('POST /anthropic/v1/messages HTTP/1.1', [`Host: ${host}`, `x-api-key: ${key}`, 'Transfer-Encoding: gzip, chunked', 'Transfer-Encoding: identity'], '2\r\n{}\r\n0\r\n\r\n'), 400, 'bad_request');
});

test('oversized headers get 431', async () => {
  await refused(post([`Host: ${host}`, `x-api-key: ${key}`, `X-Big: ${'a'.repeat(20_000)}`]), 431, 'bad_request');
});

test('an oversized body gets 413, declared or chunked', async () => {
  const big = JSON.stringify({ model: 'm', pad: 'x'.repeat(5000) });
  await refused(post([`Host: ${host}`, `x-api-key: ${key}`], '/anthropic/v1/messages', big), 413, 'payload_too_large');
  const chunked = request('POST /anthropic/v1/messages HTTP/1.1', [`Host: ${host}`, `x-api-key: ${key}`, 'Transfer-Encoding: chunked', 'Connection: close'], `${big.length.toString(16)}\r\n${big}\r\n0\r\n\r\n`);
  await refused(chunked, 413, 'payload_too_large');
});

test('slow headers get 408 in about the configured time', async () => {
  const answer = await raw(stack.port, `POST /anthropic/v1/messages HTTP/1.1\r\nHost: ${host}\r\n`, { waitMs: 5000, chunks: [{ text: 'X-Slow: 1\r\n', delayMs: 200 }] });
  assert.equal(statusOf(answer.text), 408, answer.text);
  assert.match(jsonError(answer.text).message, /did not arrive within/);
  assert.ok(answer.ms < 2500, `answered after ${Math.round(answer.ms)} ms`);
});

test('absolute-form targets, CONNECT and upgrades are refused', async () => {
  await refused(post([`Host: ${host}`, `x-api-key: ${key}`], `http://${host}/anthropic/v1/messages`), 400, 'bad_request');
  await refused(post([`Host: ${host}`, `x-api-key: ${key}`], 'http://evil.example/anthropic/v1/messages'), 400, 'bad_request');
  await refused(request('CONNECT evil.example:443 HTTP/1.1', ['Host: evil.example:443']), 405);
  await refused(request(`CONNECT ${host} HTTP/1.1`, [`Host: ${host}`]), 405);
  await refused(request('GET /anthropic/v1/messages HTTP/1.1', [`Host: ${host}`, `x-api-key: ${key}`, 'Connection: Upgrade', 'Upgrade: websocket', 'Sec-WebSocket-Version: 13', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==']), 405);
});

test('".." and encoded traversal in the prefix or the path are refused', async () => {
  const paths = [
    '/anthropic/../openai/v1/chat/completions',
    '/anthropic/v1/../../admin',
    '/anthropic/%2e%2e/admin',
    '/anthropic/%2E%2E%2Fadmin',
    '/anthropic/v1%2f..%2f..%2fadmin',
    '/anthropic/v1/%252e%252e/admin',
    '/anthropic/.%2e/admin',
    '/anthropic/v1\\..\\admin',
    '/%2e%2e/anthropic/v1/messages',
    '/./anthropic/v1/messages',
    '/anthr%6fpic/v1/messages',
    '/anthropic%2f..%2fopenai/v1/messages',
    '//anthropic/v1/messages',
    '/anthropic/%c0%ae%c0%ae/admin',
  ];
  for (const path of paths) await refused(post([`Host: ${host}`, `x-api-key: ${key}`], path), [400, 404]);
});

test('a client that aborts before the gateway answers aborts the gateway request', async () => {
  stack.gateway.firstByteMs = 1500;
  const abortedBefore = stack.gateway.aborted;
  try {
    const socket = connect(stack.port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.on('connect', () => resolve()));
    const sent = stack.gateway.requests.length;
    socket.write(post([`Host: ${host}`, `x-api-key: ${key}`]));
    await waitFor(() => stack.gateway.requests.length > sent, 2000, 'the request upstream');
    socket.destroy();
    await waitFor(() => stack.gateway.aborted > abortedBefore, 1200, 'the upstream abort');
  } finally {
    stack.gateway.firstByteMs = 0;
  }
});
