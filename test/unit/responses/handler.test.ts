import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { Readable, Writable } from 'node:stream';
import { handleResponsesViaChat, type SendUpstream, type UpstreamReply } from '../../../app/core/proxy/responses/handler.js';
import { serveResponses } from '../../../app/core/proxy/responses/route.js';
import { ResponsesSupport } from '../../../app/core/proxy/responses/support.js';
import { counterIds } from '../../../app/core/proxy/responses/context.js';
import { SseParser } from '../../../app/core/proxy/sse.js';
import type { ResponsesEvent } from '../../../app/core/proxy/responses/types.js';
import { assertCodexCompatible, chunk, codexFixture, toolChunk, types, usageChunk } from './helpers.js';

/** Enough of a ServerResponse for the handler: a slow, small-buffered Writable that records what it got. */
class FakeResponse extends Writable {
  statusCode = 0;
  headers: Record<string, unknown> = {};
  headersSent = false;
  text = '';
  refusedWrites = 0;
  private waiters: { needle: string; resolve: () => void }[] = [];

  constructor(private readonly delayMs = 0) {
    super({ highWaterMark: 64, decodeStrings: true });
  }

  writeHead(status: number, headers: Record<string, unknown> = {}): this {
    this.statusCode = status;
    this.headers = headers;
    this.headersSent = true;
    return this;
  }

  override write(chunk: unknown, ...rest: never[]): boolean {
    const ok = super.write(chunk as Buffer, ...rest);
    if (!ok) this.refusedWrites++;
    return ok;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.text += chunk.toString('utf8');
    this.waiters = this.waiters.filter((w) => (this.text.includes(w.needle) ? (w.resolve(), false) : true));
    setTimeout(callback, this.delayMs);
  }

  /** Resolves once `needle` was written; rejects after a second (the handler buffered instead of streaming). */
  seen(needle: string): Promise<void> {
    if (this.text.includes(needle)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`never wrote ${needle}`)), 1000);
      this.waiters.push({ needle, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  events(): ResponsesEvent[] {
    const parser = new SseParser();
    const messages = [...parser.push(this.text), ...parser.end()];
    return messages.map((m) => {
      const event = JSON.parse(m.data) as ResponsesEvent;
      assert.equal(m.event, event.type, 'the SSE event name matches the data type');
      return event;
    });
  }

  json(): Record<string, unknown> {
    return JSON.parse(this.text) as Record<string, unknown>;
  }

  asServerResponse(): ServerResponse {
    return this as unknown as ServerResponse;
  }
}

const sse = (value: unknown): string => `data: ${typeof value === 'string' ? value : JSON.stringify(value)}\n\n`;

/** A fake gateway: records what it was sent, answers with the given reply. */
function fakeSend(reply: (path: string) => Omit<UpstreamReply, 'body'> & { body: Readable }): { send: SendUpstream; calls: { path: string; body: Record<string, unknown>; headers: Record<string, string> }[] } {
  const calls: { path: string; body: Record<string, unknown>; headers: Record<string, string> }[] = [];
  const send: SendUpstream = async (path, body, headers) => {
    calls.push({ path, body: JSON.parse(body.toString('utf8')) as Record<string, unknown>, headers });
    return reply(path);
  };
  return { send, calls };
}

const streamHeaders = { 'content-type': 'text/event-stream', 'x-request-id': 'req_42', 'set-cookie': 'x=y' };
const codexBody = (): Buffer => Buffer.from(JSON.stringify(codexFixture('text-turn.request.json').body));
const options = { newId: counterIds(), now: () => 1_700_000_000_000 };

test('handler: streams a tool call split over many upstream chunks, in Codex-compatible events', async () => {
  const lines = [
    sse(chunk({ role: 'assistant', content: 'On it.' })),
    sse(toolChunk(0, { id: 'call_1', name: 'exec_command', args: '' })),
    ...['{"cmd":', '"echo', ' hi"}'].map((args) => sse(toolChunk(0, { args }))),
    sse(chunk({}, 'tool_calls')),
    sse(usageChunk(900, 12)),
    sse('[DONE]'),
  ];
  // Split the SSE text at awkward places, as TCP would.
  const text = lines.join('');
  const pieces = [text.slice(0, 7), text.slice(7, 200), text.slice(200, 201), text.slice(201)];
  const { send, calls } = fakeSend(() => ({ status: 200, headers: streamHeaders, body: Readable.from(pieces.map((p) => Buffer.from(p))) }));
  const res = new FakeResponse(1);
  const outcome = await handleResponsesViaChat(codexBody(), '?trace=1', send, res.asServerResponse(), new AbortController().signal, options);

  assert.equal(calls.length, 1);
  assert.equal(calls[0]?.path, '/v1/chat/completions?trace=1');
  assert.equal(calls[0]?.body.stream, true);
  assert.deepEqual(calls[0]?.headers, { 'content-type': 'application/json', accept: 'text/event-stream' });
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['content-type'], 'text/event-stream; charset=utf-8');
  assert.equal(res.headers['x-request-id'], 'req_42');
  assert.equal(res.headers['set-cookie'], undefined);
  assert.ok(res.writableEnded);
  const events = res.events();
  assertCodexCompatible(events);
  assert.equal(events.at(-1)?.type, 'response.completed');
  assert.equal(events.filter((e) => e.type === 'response.function_call_arguments.done')[0]?.arguments, '{"cmd":"echo hi"}');
  assert.ok(res.refusedWrites > 0, 'the small socket buffer made the handler wait for drain');
  assert.deepEqual(outcome, { status: 200, model: 'gpt-4.1-2025-04-14', inputTokens: 900, outputTokens: 12 });
});

test('handler: each upstream chunk is written before the next one arrives', async () => {
  const res = new FakeResponse();
  async function* upstream(): AsyncGenerator<Buffer> {
    yield Buffer.from(sse(chunk({ content: 'first-piece' })));
    // If the handler waited for the whole stream, this would time out.
    await res.seen('first-piece');
    yield Buffer.from(sse(chunk({ content: ' second' })) + sse(chunk({}, 'stop')) + sse('[DONE]'));
  }
  const { send } = fakeSend(() => ({ status: 200, headers: streamHeaders, body: Readable.from(upstream()) }));
  await handleResponsesViaChat(codexBody(), '', send, res.asServerResponse(), new AbortController().signal, options);
  assert.equal(res.events().at(-1)?.type, 'response.completed');
});

test('handler: a stream that breaks mid-way ends in response.failed, never in a short success', async () => {
  async function* upstream(): AsyncGenerator<Buffer> {
    yield Buffer.from(sse(chunk({ content: 'partial' })));
    throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
  }
  const { send } = fakeSend(() => ({ status: 200, headers: streamHeaders, body: Readable.from(upstream()) }));
  const res = new FakeResponse();
  const outcome = await handleResponsesViaChat(codexBody(), '', send, res.asServerResponse(), new AbortController().signal, options);
  const events = res.events();
  assertCodexCompatible(events);
  const last = events.at(-1);
  assert.equal(last?.type, 'response.failed');
  assert.match(JSON.stringify(last), /ECONNRESET/);
  assert.ok(res.writableEnded);
  assert.equal(outcome.status, 200);

  // The same when the body simply ends early, and when a chunk is garbage.
  for (const body of [sse(chunk({ content: 'partial' })), sse(chunk({ content: 'x' })) + 'data: {"choices":[{"del\n\n']) {
    const { send: cut } = fakeSend(() => ({ status: 200, headers: streamHeaders, body: Readable.from([Buffer.from(body)]) }));
    const r = new FakeResponse();
    await handleResponsesViaChat(codexBody(), '', cut, r.asServerResponse(), new AbortController().signal, options);
    assert.equal(r.events().at(-1)?.type, 'response.failed');
  }
});

test('handler: an abort stops reading and writing', async () => {
  const controller = new AbortController();
  const res = new FakeResponse();
  let destroyed = false;
  const body = new Readable({ read() {} });
  body.on('close', () => (destroyed = true));
  body.push(Buffer.from(sse(chunk({ content: 'hello' }))));
  const { send } = fakeSend(() => ({ status: 200, headers: streamHeaders, body }));
  const done = handleResponsesViaChat(codexBody(), '', send, res.asServerResponse(), controller.signal, options);
  await res.seen('hello');
  controller.abort();
  await done;
  assert.ok(destroyed, 'the upstream body was destroyed');
  assert.ok(!types(res.events()).includes('response.failed'), 'nothing is written for a client that left');
});

test('handler: gateway errors keep their status and take the Responses error shape', async () => {
  const { send } = fakeSend(() => ({
    status: 429,
    headers: { 'content-type': 'application/json', 'retry-after': '7' },
    body: Readable.from([Buffer.from(JSON.stringify({ error: { message: 'Slow down', type: 'rate_limit_error' } }))]),
  }));
  const res = new FakeResponse();
  const outcome = await handleResponsesViaChat(codexBody(), '', send, res.asServerResponse(), new AbortController().signal, options);
  assert.equal(res.statusCode, 429);
  assert.equal(res.headers['retry-after'], '7');
  assert.deepEqual(res.json(), { error: { message: 'Slow down', type: 'rate_limit_error', param: null, code: 'rate_limit_exceeded' } });
  assert.deepEqual(outcome, { status: 429, model: 'gpt-4.1', inputTokens: null, outputTokens: null });
});

test('handler: non-streaming requests get one Responses object', async () => {
  const completion = { model: 'gpt-4.1-mini', choices: [{ index: 0, message: { role: 'assistant', content: 'Hi' }, finish_reason: 'stop' }], usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 } };
  const { send, calls } = fakeSend(() => ({ status: 200, headers: { 'content-type': 'application/json' }, body: Readable.from([Buffer.from(JSON.stringify(completion))]) }));
  const res = new FakeResponse();
  const outcome = await handleResponsesViaChat(Buffer.from(JSON.stringify({ model: 'gpt-4.1-mini', input: 'Hi' })), '', send, res.asServerResponse(), new AbortController().signal, options);
  assert.equal(calls[0]?.body.stream, false);
  assert.deepEqual(calls[0]?.headers, { 'content-type': 'application/json', accept: 'application/json' });
  const body = res.json();
  assert.equal(body.object, 'response');
  assert.equal(body.status, 'completed');
  assert.equal((body.output as { content: { text: string }[] }[])[0]?.content[0]?.text, 'Hi');
  assert.deepEqual(outcome, { status: 200, model: 'gpt-4.1-mini', inputTokens: 3, outputTokens: 1 });
});

test('handler: an upstream that ignores stream:true is replayed as a stream', async () => {
  const completion = { choices: [{ index: 0, message: { role: 'assistant', content: 'Whole' }, finish_reason: 'stop' }] };
  const { send } = fakeSend(() => ({ status: 200, headers: { 'content-type': 'application/json' }, body: Readable.from([Buffer.from(JSON.stringify(completion))]) }));
  const res = new FakeResponse();
  await handleResponsesViaChat(codexBody(), '', send, res.asServerResponse(), new AbortController().signal, options);
  const events = res.events();
  assertCodexCompatible(events);
  assert.equal(events.at(-1)?.type, 'response.completed');
});

test('handler: a request it cannot translate is answered 400 without calling the gateway', async () => {
  const { send, calls } = fakeSend(() => {
    throw new Error('must not be called');
  });
  for (const body of ['not json', JSON.stringify({ input: 'no model' })]) {
    const res = new FakeResponse();
    const outcome = await handleResponsesViaChat(Buffer.from(body), '', send, res.asServerResponse(), new AbortController().signal, options);
    assert.equal(res.statusCode, 400);
    assert.equal((res.json().error as { type: string }).type, 'invalid_request_error');
    assert.equal(outcome.status, 400);
  }
  assert.equal(calls.length, 0);
});

test('serveResponses: auto mode probes /v1/responses once, falls back to Chat, and remembers', async () => {
  const support = new ResponsesSupport('auto');
  const chatStream = (): Readable => Readable.from([Buffer.from(sse(chunk({ content: 'ok' })) + sse(chunk({}, 'stop')) + sse('[DONE]'))]);
  const { send, calls } = fakeSend((path) =>
    path.startsWith('/v1/responses')
      ? { status: 404, headers: { 'content-type': 'text/plain' }, body: Readable.from([Buffer.from('Not Found')]) }
      : { status: 200, headers: streamHeaders, body: chatStream() },
  );
  const forward = async (): Promise<void> => assert.fail('nothing is forwarded as-is');
  const first = await serveResponses(codexBody(), '', send, new FakeResponse().asServerResponse(), new AbortController().signal, { ...options, support, key: 'https://gw', forward });
  assert.equal(first.route, 'translate');
  assert.deepEqual(calls.map((c) => c.path), ['/v1/responses', '/v1/chat/completions']);
  assert.equal(support.get('https://gw'), false);
  const res = new FakeResponse();
  await serveResponses(codexBody(), '', send, res.asServerResponse(), new AbortController().signal, { ...options, support, key: 'https://gw', forward });
  assert.deepEqual(calls.map((c) => c.path), ['/v1/responses', '/v1/chat/completions', '/v1/chat/completions']);
  assert.equal(res.events().at(-1)?.type, 'response.completed');
});

test('serveResponses: a gateway that serves the route gets the request as-is, error bodies included', async () => {
  const support = new ResponsesSupport('auto');
  const forwarded: { status: number; buffered: string | null }[] = [];
  const forward = async (reply: UpstreamReply, buffered: Buffer | null): Promise<void> => {
    forwarded.push({ status: reply.status, buffered: buffered?.toString('utf8') ?? null });
  };
  const badRequest = JSON.stringify({ error: { message: "Invalid value for 'temperature'" } });
  const replies = [
    { status: 400, headers: {}, body: Readable.from([Buffer.from(badRequest)]) },
    { status: 200, headers: streamHeaders, body: Readable.from([Buffer.from('event: response.created\n\n')]) },
  ];
  const { send, calls } = fakeSend(() => replies.shift()!);
  const first = await serveResponses(codexBody(), 'a=1', send, new FakeResponse().asServerResponse(), new AbortController().signal, { ...options, support, key: 'k', forward });
  assert.equal(first.route, 'passthrough');
  assert.equal(support.get('k'), undefined, 'a 400 about the request proves nothing yet');
  await serveResponses(codexBody(), '', send, new FakeResponse().asServerResponse(), new AbortController().signal, { ...options, support, key: 'k', forward });
  assert.equal(support.get('k'), true);
  assert.deepEqual(forwarded, [
    { status: 400, buffered: badRequest },
    { status: 200, buffered: null },
  ]);
  assert.deepEqual(calls.map((c) => c.path), ['/v1/responses?a=1', '/v1/responses']);
});
