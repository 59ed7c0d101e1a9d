import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { cliEnv, runCli, startCli, writeSettings, type CliProcess } from '../helpers/cli.js';
import { freePort, startDoubles, tempDir, type Doubles } from '../helpers/stack.js';

// The real SDKs, configured only from what `ai-gateway env` prints, against a spawned `ai-gateway serve`.
let doubles: Doubles;
let home: string;
let serve: CliProcess;
let vars: Record<string, string>;

before(async () => {
  doubles = await startDoubles();
  home = await tempDir('agw-sdk-');
  const env = cliEnv(home, doubles.gatewayEnv);
  // A free port as the setting, so `env` (a separate process) prints the URL `serve` listens on.
  await writeSettings(env, { port: await freePort() });
  serve = startCli(['serve'], { env, timeoutMs: 60_000 });
  const [, url] = await serve.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
  const printed = await runCli(['env', '--json'], { env });
  assert.equal(printed.code, 0, printed.stderr);
  vars = JSON.parse(printed.stdout) as Record<string, string>;
  assert.equal(vars.AI_GATEWAY_PROXY_URL, url);
});

after(async () => {
  const result = await serve?.stop('SIGTERM');
  await doubles?.close();
  await rm(home, { recursive: true, force: true });
  assert.equal(result?.code, 0, result?.stderr);
});

function openai(provider: string): OpenAI {
  return new OpenAI({ baseURL: vars.OPENAI_BASE_URL!.replace(/\/openai\/v1$/, `/${provider}/v1`), apiKey: vars.OPENAI_API_KEY!, organization: null, project: null, maxRetries: 0, timeout: 10_000 });
}

function lastRequest() {
  const recorded = doubles.gateway.requests.at(-1);
  assert.ok(recorded, 'the gateway saw the request');
  assert.ok(!JSON.stringify(recorded.headers).includes(vars.OPENAI_API_KEY!), 'no local key upstream');
  return recorded;
}

for (const provider of ['openai', 'google', 'azure-openai', 'anthropic']) {
  test(`OpenAI SDK, /${provider}/v1: chat completion, whole and streamed`, async () => {
    const client = openai(provider);
    const whole = await client.chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'Say hi' }] });
    assert.match(whole.choices[0]!.message.content ?? '', new RegExp(`from the ${provider} gateway double`));
    assert.equal(lastRequest().provider, provider);

    const stream = await client.chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'Say hi' }], stream: true, stream_options: { include_usage: true } });
    let text = '';
    let usage = null;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      usage = chunk.usage ?? usage;
    }
    assert.match(text, new RegExp(`from the ${provider} gateway double`));
    assert.ok(usage && usage.completion_tokens > 0, 'usage arrived in the last chunk');
    assert.equal(lastRequest().provider, provider);
  });
}

test('Anthropic SDK, ANTHROPIC_BASE_URL: messages, whole and streamed', async () => {
  const client = new Anthropic({ baseURL: vars.ANTHROPIC_BASE_URL!, apiKey: vars.ANTHROPIC_API_KEY!, authToken: null, maxRetries: 0, timeout: 10_000 });
  const whole = await client.messages.create({ model: 'claude-sonnet-5', max_tokens: 64, messages: [{ role: 'user', content: 'Say hi' }] });
  const block = whole.content[0];
  assert.equal(block?.type, 'text');
  assert.match(block.type === 'text' ? block.text : '', /from the anthropic gateway double/);
  const recorded = lastRequest();
  assert.equal(recorded.provider, 'anthropic');
  assert.equal(recorded.path.split('?')[0], '/v1/messages');

  const events: string[] = [];
  let text = '';
  const stream = await client.messages.create({ model: 'claude-sonnet-5', max_tokens: 64, messages: [{ role: 'user', content: 'Say hi' }], stream: true });
  for await (const event of stream) {
    events.push(event.type);
    if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
  }
  assert.equal(events[0], 'message_start');
  assert.equal(events.at(-1), 'message_stop');
  assert.match(text, /from the anthropic gateway double/);

  const final = await client.messages.stream({ model: 'claude-sonnet-5', max_tokens: 64, messages: [{ role: 'user', content: 'Say hi' }] }).finalMessage();
  assert.equal(final.stop_reason, 'end_turn');
});

test('an SDK with a wrong key gets a 401 it can read, naming the local key', async () => {
  const client = new OpenAI({ baseURL: vars.OPENAI_BASE_URL!, apiKey: 'agw-local-wrong-key-0000000000000000000000', organization: null, project: null, maxRetries: 0 });
  await assert.rejects(client.chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'hi' }] }), (error: unknown) => {
    assert.ok(error instanceof OpenAI.APIError);
    assert.equal(error.status, 401);
    assert.match(error.message, /local key is not valid/);
    return true;
  });
});

test("Portkey's own failure reaches the OpenAI SDK as a readable error naming Portkey, not '500 status code (no body)'", async () => {
  doubles.gateway.setFault('openai', { kind: 'status', status: 500, body: JSON.stringify({ status: 'failure', message: 'Something went wrong' }), headers: { 'x-portkey-gateway-exception': 'true' } }, 1);
  await assert.rejects(openai('openai').chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'hi' }] }), (error: unknown) => {
    assert.ok(error instanceof OpenAI.APIError);
    assert.equal(error.status, 500);
    assert.match(error.message, /Portkey failed \(HTTP 500\): Something went wrong\. This is the gateway's own failure/);
    assert.equal(error.code, 'portkey_failure');
    return true;
  });
});

test('a provider rate limit relayed in OpenAI shape reaches the Anthropic SDK as its own RateLimitError, retry-after kept', async () => {
  const body = JSON.stringify({ error: { message: 'anthropic error: rate limited', type: 'rate_limit_error' }, provider: 'anthropic' });
  doubles.gateway.setFault('anthropic', { kind: 'status', status: 429, body, headers: { 'retry-after': '3' } }, 1);
  const client = new Anthropic({ baseURL: vars.ANTHROPIC_BASE_URL!, apiKey: vars.ANTHROPIC_API_KEY!, authToken: null, maxRetries: 0, timeout: 10_000 });
  await assert.rejects(client.messages.create({ model: 'claude-sonnet-5', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] }), (error: unknown) => {
    assert.ok(error instanceof Anthropic.RateLimitError, String(error));
    assert.equal(error.headers?.get('retry-after'), '3');
    assert.match(error.message, /anthropic provider is rate limiting requests.*anthropic error: rate limited/);
    return true;
  });
});

test('a stream the gateway cuts between events ends in an error each SDK throws, with the cause', async () => {
  doubles.gateway.eventGapMs = 5;
  try {
    doubles.gateway.setFault('anthropic', { kind: 'reset-mid-stream' }, 1);
    const anthropic = new Anthropic({ baseURL: vars.ANTHROPIC_BASE_URL!, apiKey: vars.ANTHROPIC_API_KEY!, authToken: null, maxRetries: 0, timeout: 10_000 });
    doubles.gateway.script = () => ({ text: 'one two three four five six seven eight' });
    const stream = await anthropic.messages.create({ model: 'claude-sonnet-5', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }], stream: true });
    await assert.rejects(
      (async () => {
        for await (const _event of stream) void _event;
      })(),
      /gateway cut the answer off before it was complete/,
    );
    doubles.gateway.setFault('openai', { kind: 'reset-mid-stream' }, 1);
    const chat = await openai('openai').chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'hi' }], stream: true });
    await assert.rejects(
      (async () => {
        for await (const _chunk of chat) void _chunk;
      })(),
      /gateway cut the answer off before it was complete/,
    );
  } finally {
    doubles.gateway.eventGapMs = 0;
    doubles.gateway.script = (c) => ({ text: `Hello from the ${c.provider} gateway double (model ${c.model}).` });
  }
});
