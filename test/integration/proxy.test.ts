import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { jwtVerify, createLocalJWKSet } from 'jose';
import { PROVIDERS } from '../../app/contract/providers.js';
import { abortAfterFirstChunk, send, sendTimed, waitUntil, type Answer } from '../helpers/http.js';
import { freePort, startStack, TEST_CLIENT_SECRET, type Stack } from '../helpers/stack.js';

let stack: Stack;
let key: string;
/** Every answer the proxy gave in this file, checked for secrets at the end. */
const answers: Answer[] = [];

const chatBody = (extra: object = {}) => ({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'Say hi' }], ...extra });
const messagesBody = (extra: object = {}) => ({ model: 'claude-sonnet-4-5', max_tokens: 16, messages: [{ role: 'user', content: 'Say hi' }], ...extra });

async function proxy(path: string, options: Parameters<typeof send>[1] = {}): Promise<Answer> {
  const answer = await send(stack.proxyUrl + path, options);
  answers.push(answer);
  return answer;
}

/** The error object of an answer in either caller shape (Anthropic's has `type: "error"` around it, OpenAI's not). */
function errorOf(answer: Answer): { code: string; side: string; message: string; type: string } {
  assert.match(String(answer.headers['content-type']), /application\/json/);
  const body = answer.json as { type?: string; error: { code: string; side: string; message: string; type: string } };
  if (body.type !== undefined) assert.equal(body.type, 'error');
  assert.equal(typeof body.error.message, 'string');
  assert.equal(typeof body.error.type, 'string');
  return body.error;
}

async function assertVerified(authorization: string | string[] | undefined): Promise<void> {
  assert.equal(typeof authorization, 'string');
  const [scheme, jwt] = (authorization as string).split(' ');
  assert.equal(scheme, 'Bearer');
  const { payload } = await jwtVerify(jwt!, createLocalJWKSet(stack.tokenEndpoint.jwks), { issuer: stack.tokenEndpoint.issuer });
  assert.equal(payload.sub, 'test-client');
}

before(async () => {
  stack = await startStack();
  key = await stack.key('test-agent');
});
after(async () => {
  await stack.close();
});
beforeEach(() => {
  stack.gateway.reset();
  stack.gateway.setFault('*', null);
  for (const p of PROVIDERS) stack.gateway.setFault(p, null);
  stack.gateway.eventGapMs = 0;
});

test('each provider prefix reaches the gateway with x-portkey-provider and a verified JWT', async () => {
  for (const provider of PROVIDERS) {
    const answer = await proxy(`/${provider}/v1/chat/completions`, { headers: { authorization: `Bearer ${key}` }, body: chatBody() });
    assert.equal(answer.status, 200, answer.text);
    assert.match((answer.json as { choices: { message: { content: string } }[] }).choices[0]!.message.content, new RegExp(provider));
  }
  assert.deepEqual(
    stack.gateway.requests.map((r) => [r.provider, r.path]),
    PROVIDERS.map((p) => [p, '/v1/chat/completions']),
  );
  for (const recorded of stack.gateway.requests) await assertVerified(recorded.headers.authorization);
});

test('the local key is accepted as x-api-key and as Authorization: Bearer, and never reaches the gateway', async () => {
  const viaApiKey = await proxy('/anthropic/v1/messages', { headers: { 'x-api-key': key, 'anthropic-version': '2023-06-01' }, body: messagesBody() });
  assert.equal(viaApiKey.status, 200, viaApiKey.text);
  assert.equal((viaApiKey.json as { type: string }).type, 'message');
  const viaBearer = await proxy('/anthropic/v1/messages', { headers: { authorization: `Bearer ${key}` }, body: messagesBody() });
  assert.equal(viaBearer.status, 200, viaBearer.text);
  assert.equal(stack.gateway.requests.length, 2);
  for (const recorded of stack.gateway.requests) {
    assert.equal(recorded.headers['x-api-key'], undefined);
    assert.equal(JSON.stringify(recorded.headers).includes(key), false, 'the local key is in no header');
    assert.equal(recorded.body.includes(key), false);
    assert.equal(recorded.headers['anthropic-version'] ?? '2023-06-01', '2023-06-01', 'other headers pass');
  }
});

test('missing key: 401 local_key_missing; wrong key: 401 local_key_invalid; nothing reaches the gateway', async () => {
  const missing = await proxy('/openai/v1/chat/completions', { body: chatBody() });
  assert.equal(missing.status, 401);
  assert.deepEqual([errorOf(missing).code, errorOf(missing).side], ['local_key_missing', 'local']);
  const emptyBearer = await proxy('/openai/v1/chat/completions', { headers: { authorization: 'Bearer ' }, body: chatBody() });
  assert.equal(errorOf(emptyBearer).code, 'local_key_missing');
  const wrongKeys: Record<string, string>[] = [{ authorization: `Bearer ${key}x` }, { 'x-api-key': 'agw-local-not-a-real-key-at-all-000000000' }, { authorization: `Bearer ${key.slice(0, -1)}` }];
  for (const headers of wrongKeys) {
    const wrong = await proxy('/openai/v1/chat/completions', { headers, body: chatBody() });
    assert.equal(wrong.status, 401);
    assert.equal(errorOf(wrong).code, 'local_key_invalid');
  }
  assert.equal(stack.gateway.requests.length, 0);
});

test('a foreign Host or any Origin is refused with 403 before the key, the token or the gateway', async () => {
  const tokenRequests = stack.tokenEndpoint.requests;
  const cases: [Record<string, string>, string][] = [
    [{ host: `evil.example:${stack.port}` }, 'forbidden_host'],
    [{ host: `127.0.0.1:${stack.port + 1}` }, 'forbidden_host'],
    [{ host: 'localhost' }, 'forbidden_host'],
    [{ origin: 'http://localhost:3000' }, 'forbidden_origin'],
    [{ origin: 'null' }, 'forbidden_origin'],
  ];
  for (const [headers, expected] of cases) {
    const answer = await proxy('/openai/v1/chat/completions', { headers: { authorization: `Bearer ${key}`, ...headers }, body: chatBody() });
    assert.equal(answer.status, 403, JSON.stringify(headers));
    assert.equal(errorOf(answer).code, expected);
  }
  // Also for the unauthenticated local answer.
  const head = await proxy('/', { method: 'HEAD', headers: { host: `evil.example:${stack.port}` } });
  assert.equal(head.status, 403);
  assert.equal(stack.gateway.requests.length, 0);
  assert.equal(stack.tokenEndpoint.requests, tokenRequests);
});

test('localhost and [::1] Host values on our port are accepted', async () => {
  for (const host of [`localhost:${stack.port}`, `LOCALHOST:${stack.port}`]) {
    const answer = await proxy('/openai/v1/chat/completions', { headers: { host, authorization: `Bearer ${key}` }, body: chatBody() });
    assert.equal(answer.status, 200, host);
  }
});

test('client-sent x-portkey-*, authorization and cookies are replaced; query strings are kept', async () => {
  const answer = await proxy('/anthropic/v1/messages?beta=true&x=a%20b', {
    headers: {
      'x-api-key': key,
      authorization: 'Bearer sk-ant-client-credential',
      'x-portkey-provider': 'openai',
      'x-portkey-custom-host': 'https://evil.example',
      'x-portkey-config': '{"evil":true}',
      cookie: 'session=1',
      'x-custom-header': 'kept',
    },
    body: messagesBody(),
  });
  assert.equal(answer.status, 200, answer.text);
  const [recorded] = stack.gateway.requests;
  assert.ok(recorded);
  assert.equal(recorded.path, '/v1/messages?beta=true&x=a%20b');
  assert.equal(recorded.headers['x-portkey-provider'], 'anthropic');
  assert.equal(recorded.headers['x-portkey-custom-host'], undefined);
  assert.equal(recorded.headers['x-portkey-config'], undefined);
  assert.equal(recorded.headers.cookie, undefined);
  assert.equal(recorded.headers['x-custom-header'], 'kept');
  await assertVerified(recorded.headers.authorization);
});

test('HEAD / and GET / are answered locally without a key', async () => {
  const head = await proxy('/', { method: 'HEAD' });
  assert.equal(head.status, 200);
  const get = await proxy('/');
  assert.equal(get.status, 200);
  assert.equal((get.json as { service: string }).service, 'ai-gateway');
  // Claude Code probes its base URL, /anthropic, with HEAD and no key.
  for (const path of ['/anthropic', '/openai/']) assert.equal((await proxy(path, { method: 'HEAD' })).status, 200, path);
  // Only HEAD on a base URL: a GET there, or HEAD deeper in, still needs a key.
  assert.equal((await proxy('/anthropic')).status, 401);
  assert.equal((await proxy('/anthropic/v1/messages', { method: 'HEAD' })).status, 401);
  assert.equal(stack.gateway.requests.length, 0);
});

test('unknown provider prefixes and path tricks are refused locally', async () => {
  for (const [path, expected] of [
    ['/mistral/v1/chat/completions', 'unknown_provider'],
    ['/openai/../anthropic/v1/messages', 'bad_request'],
    ['/openai/v1/%2e%2e/admin', 'bad_request'],
    ['/openai/v1%2fchat', 'bad_request'],
  ]) {
    const answer = await proxy(path!, { headers: { authorization: `Bearer ${key}` }, body: chatBody() });
    assert.equal(errorOf(answer).code, expected, path);
  }
  assert.equal(stack.gateway.requests.length, 0);
});

test('hop-by-hop headers are stripped both ways', async () => {
  const answer = await proxy('/openai/v1/chat/completions', {
    headers: {
      authorization: `Bearer ${key}`,
      connection: 'keep-alive, x-hop',
      'x-hop': 'named in Connection',
      'keep-alive': 'timeout=5',
      'proxy-authorization': 'Basic Zm9vOmJhcg==',
      te: 'trailers',
      upgrade: 'h2c',
      'transfer-encoding': 'chunked',
    },
    body: chatBody(),
  });
  assert.equal(answer.status, 200, answer.text);
  const [recorded] = stack.gateway.requests;
  for (const name of ['x-hop', 'keep-alive', 'proxy-authorization', 'te', 'upgrade', 'transfer-encoding']) {
    assert.equal(recorded!.headers[name], undefined, name);
  }
  assert.equal(Number(recorded!.headers['content-length']), recorded!.body.length);
  // The double answers SSE with `connection: keep-alive`; a streamed answer must not echo hop-by-hop fields.
  stack.gateway.reset();
  const streamed = await proxy('/openai/v1/chat/completions', { headers: { authorization: `Bearer ${key}` }, body: chatBody({ stream: true }) });
  assert.equal(streamed.headers['keep-alive'], undefined);
  assert.equal(streamed.headers['content-type'], 'text/event-stream');
});

test('a gateway 401 forces one refresh and one byte-identical replay', async () => {
  await stack.runtime.tokens.getToken();
  const issued = stack.tokenEndpoint.issued;
  stack.gateway.setFault('*', { kind: 'unauthorized' }, 1);
  const answer = await proxy('/openai/v1/chat/completions', { headers: { authorization: `Bearer ${key}` }, body: chatBody({ temperature: 0.5 }) });
  assert.equal(answer.status, 200, answer.text);
  assert.equal(stack.gateway.requests.length, 2, 'the original and one replay');
  const [first, replay] = stack.gateway.requests;
  assert.ok(first!.body.equals(replay!.body), 'the replay sends the same bytes');
  assert.equal(first!.path, replay!.path);
  assert.notEqual(first!.headers.authorization, replay!.headers.authorization, 'with a fresh token');
  await assertVerified(replay!.headers.authorization);
  assert.equal(stack.tokenEndpoint.issued - issued, 1, 'exactly one forced refresh');
});

test('a gateway 401 twice is passed through, no third try', async () => {
  // Its own stack: the shared one forced a refresh in the test before, and forced refreshes are bounded per window.
  const own = await startStack();
  try {
    own.gateway.setFault('*', { kind: 'unauthorized' }, 2);
    const answer = await send(own.proxyUrl + '/anthropic/v1/messages', { headers: { 'x-api-key': await own.key() }, body: messagesBody() });
    answers.push(answer);
    assert.equal(answer.status, 401);
    // Counted once the proxy and its connection pool are closed (closing waits for requests in flight), so a slow stray third request counts too.
    await own.runtime.stop();
    assert.equal(own.gateway.requests.length, 2);
    const error = errorOf(answer);
    assert.equal(error.type, 'authentication_error');
    assert.equal(error.code, 'token_rejected');
    assert.match(error.message, /load balancer rejected the company token .*A fresh token was requested and refused too/);
  } finally {
    await own.close();
  }
});

test('non-streaming and streaming answers for both formats', async () => {
  const chat = await proxy('/openai/v1/chat/completions', { headers: { authorization: `Bearer ${key}` }, body: chatBody() });
  assert.equal((chat.json as { object: string }).object, 'chat.completion');
  const message = await proxy('/anthropic/v1/messages', { headers: { 'x-api-key': key }, body: messagesBody() });
  assert.equal((message.json as { type: string }).type, 'message');

  const chatStream = await proxy('/google/v1/chat/completions', { headers: { authorization: `Bearer ${key}` }, body: chatBody({ stream: true }) });
  assert.equal(chatStream.status, 200);
  const dataLines = chatStream.text.split('\n').filter((l) => l.startsWith('data: '));
  // Through Portkey a Gemini stream ends with the finish_reason chunk and no `data: [DONE]` (measured in test/portkey).
  assert.ok(!dataLines.includes('data: [DONE]'));
  const chunks = dataLines.map((l) => JSON.parse(l.slice(6)) as { choices: { delta: { content?: string }; finish_reason: string | null }[] });
  assert.equal(chunks.at(-1)!.choices[0]!.finish_reason, 'stop');
  assert.match(chunks.map((c) => c.choices[0]?.delta.content ?? '').join(''), /google gateway double/);

  const messagesStream = await proxy('/anthropic/v1/messages', { headers: { 'x-api-key': key }, body: messagesBody({ stream: true }) });
  const events = [...messagesStream.text.matchAll(/^event: (\w+)$/gm)].map((m) => m[1]);
  assert.equal(events[0], 'message_start');
  assert.equal(events.at(-1), 'message_stop');
});

test('SSE arrives unbuffered: the first event long before the stream ends', async () => {
  stack.gateway.eventGapMs = 150;
  stack.gateway.script = () => ({ text: 'one two three four five' });
  try {
    const answer = await sendTimed(stack.proxyUrl + '/openai/v1/chat/completions', { headers: { authorization: `Bearer ${key}` }, body: chatBody({ stream: true }) });
    assert.equal(answer.status, 200);
    const firstEvent = answer.chunks.find((c) => c.data.includes('data: '));
    assert.ok(firstEvent);
    // 8 events 150 ms apart: the stream takes over a second; the first event must not wait for it.
    assert.ok(answer.endedAt > 900, `stream took ${answer.endedAt} ms`);
    assert.ok(firstEvent.at < 400, `first event after ${firstEvent.at} ms, stream ended after ${answer.endedAt} ms`);
    assert.ok(answer.chunks.length >= 5, `events arrived in ${answer.chunks.length} chunks`);
  } finally {
    stack.gateway.script = (c) => ({ text: `Hello from the ${c.provider} gateway double (model ${c.model}).` });
  }
});

test('a client abort mid-stream reaches the gateway', async () => {
  stack.gateway.eventGapMs = 100;
  const { status, first } = await abortAfterFirstChunk(stack.proxyUrl + '/anthropic/v1/messages', { headers: { 'x-api-key': key }, body: messagesBody({ stream: true }) });
  assert.equal(status, 200);
  assert.match(first, /message_start/);
  await waitUntil(() => stack.gateway.aborted === 1, 'the gateway to see the abort', 3_000);
  // The activity list records that the agent went away.
  await waitUntil(() => stack.runtime.activity.list()[0]?.status === 499, 'the activity entry');
});

test('the gateway down: 502 JSON with side gateway', async () => {
  const closed = await freePort();
  const down = await startStack({ env: { GATEWAY_URL: `http://127.0.0.1:${closed}` } });
  try {
    const downKey = await down.key();
    const answer = await send(down.proxyUrl + '/openai/v1/chat/completions', { headers: { authorization: `Bearer ${downKey}` }, body: chatBody() });
    answers.push(answer);
    assert.equal(answer.status, 502);
    const error = errorOf(answer);
    assert.equal(error.code, 'gateway_unreachable');
    assert.equal(error.side, 'gateway');
    assert.match(error.message, new RegExp(`127\\.0\\.0\\.1:${closed}`));
    assert.ok(!error.message.includes(downKey));
  } finally {
    await down.close();
  }
});

test('the token endpoint down and no token: 503 JSON with side token_endpoint, nothing sent to the gateway', async () => {
  const closed = await freePort();
  const down = await startStack({ env: { GATEWAY_TOKEN_ENDPOINT: `http://127.0.0.1:${closed}/oauth2/token` } });
  try {
    const downKey = await down.key();
    const answer = await send(down.proxyUrl + '/anthropic/v1/messages', { headers: { 'x-api-key': downKey }, body: messagesBody() });
    answers.push(answer);
    assert.equal(answer.status, 503);
    const error = errorOf(answer);
    assert.match(error.code, /^token_endpoint_/);
    assert.equal(error.side, 'token_endpoint');
    assert.equal(down.gateway.requests.length, 0);
  } finally {
    await down.close();
  }
});

test('the token endpoint rejecting the credentials: 503 credentials_rejected naming the variables', async () => {
  const rejected = await startStack({ env: { GATEWAY_CLIENT_SECRET: 'wrong-secret-abcdef' } });
  try {
    const answer = await send(rejected.proxyUrl + '/openai/v1/chat/completions', { headers: { authorization: `Bearer ${await rejected.key()}` }, body: chatBody() });
    answers.push(answer);
    assert.equal(answer.status, 503);
    const error = errorOf(answer);
    assert.equal(error.code, 'credentials_rejected');
    assert.match(error.message, /GATEWAY_CLIENT_SECRET/);
    assert.ok(!answer.text.includes('wrong-secret-abcdef'));
  } finally {
    await rejected.close();
  }
});

test('no answer from the proxy contains the client secret, a JWT or a local key', () => {
  assert.ok(answers.length > 20, `${answers.length} answers checked`);
  for (const answer of answers) {
    if (answer.status === 200) continue; // model answers come from the gateway
    const all = answer.text + JSON.stringify(answer.headers);
    assert.ok(!all.includes(TEST_CLIENT_SECRET), 'client secret');
    assert.ok(!/eyJ[\w-]{8,}\.[\w-]{8,}\./.test(all), 'a JWT');
    assert.ok(!/agw-local-/.test(all), 'a local key');
  }
});
