/**
 * The real OpenAI and Anthropic SDKs, configured only from `ai-gateway env`, through `ai-gateway serve`, the
 * ALB-shaped front and the real Portkey to the mock provider: whole and streamed, on every provider route
 * that needs no provider options.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { startPortkeyServe, type PortkeyServe } from './harness/portkey-serve.js';
import { portkeySkip, type PortkeyWorld } from './harness/portkey-world.js';

describe('the SDKs through ai-gateway serve and the real Portkey', { skip: portkeySkip(), concurrency: false }, () => {
  let started: PortkeyServe;
  let world: PortkeyWorld;
  let vars: Record<string, string>;
  before(async () => {
    started = await startPortkeyServe();
    ({ world, vars } = started);
  });
  beforeEach(() => world.provider.reset());
  after(() => started?.close());

  const openai = (route: string) => new OpenAI({ baseURL: `${vars.AI_GATEWAY_PROXY_URL}/${route}/v1`, apiKey: vars.OPENAI_API_KEY!, maxRetries: 0, timeout: 20_000 });
  /** The Anthropic SDK, recording the anthropic-version header it sends. */
  const anthropic = (sentVersions: (string | null)[]) =>
    new Anthropic({
      baseURL: vars.ANTHROPIC_BASE_URL!,
      apiKey: vars.ANTHROPIC_API_KEY!,
      maxRetries: 0,
      timeout: 20_000,
      fetch: (url: string | URL | Request, init?: RequestInit) => {
        sentVersions.push(new Headers(init?.headers).get('anthropic-version'));
        return fetch(url, init);
      },
    });

  for (const [route, model, providerPath] of [
    ['openai', 'gpt-4.1', /^\/openai\/v1\/chat\/completions$/],
    ['anthropic', 'claude-sonnet-4-5', /^\/anthropic\/v1\/messages$/],
    ['google', 'gemini-2.5-flash', /^\/google\/v1beta\/models\/gemini-2\.5-flash:(?:stream)?[gG]enerateContent\?key=/],
  ] as const) {
    test(`OpenAI SDK on /${route}: chat completion, whole and streamed`, async () => {
      world.provider.script = (c) => ({ text: `SDK-${c.provider}-${c.format}-OK` });
      const client = openai(route);
      const whole = await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'Say hi' }], max_tokens: 50 });
      const expected = route === 'anthropic' ? 'SDK-anthropic-messages-OK' : route === 'google' ? 'SDK-google-gemini-OK' : 'SDK-openai-chat-OK';
      assert.equal(whole.choices[0]!.message.content, expected);
      const stream = await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'Say hi' }], max_tokens: 50, stream: true });
      let text = '';
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
      assert.equal(text, expected);
      const seen = world.provider.requests.map((r) => r.url.replace(/key=.*/, 'key='));
      assert.equal(seen.length, 2, `the provider saw: ${seen.join(', ')}`);
      for (const url of world.provider.requests.map((r) => r.url)) assert.match(url, providerPath);
    });
  }

  test('OpenAI SDK on /openai: Responses API, whole and streamed (Portkey serves it for openai)', async () => {
    world.provider.script = () => ({ text: 'SDK-RESPONSES-OK' });
    const client = openai('openai');
    const whole = await client.responses.create({ model: 'gpt-4.1', input: 'Say hi' });
    assert.equal(whole.output_text, 'SDK-RESPONSES-OK');
    const stream = await client.responses.create({ model: 'gpt-4.1', input: 'Say hi', stream: true });
    let text = '';
    for await (const event of stream) if (event.type === 'response.output_text.delta') text += event.delta;
    assert.equal(text, 'SDK-RESPONSES-OK');
    assert.deepEqual(
      world.provider.requests.map((r) => r.url),
      ['/openai/v1/responses', '/openai/v1/responses'],
    );
  });

  test('Anthropic SDK: messages, whole and streamed', async () => {
    world.provider.script = () => ({ text: 'ANTHROPIC-SDK-OK' });
    const sentVersions: (string | null)[] = [];
    const client = anthropic(sentVersions);
    const whole = await client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 50, messages: [{ role: 'user', content: 'Say hi' }] });
    assert.deepEqual(whole.content.map((b) => (b.type === 'text' ? b.text : b.type)), ['ANTHROPIC-SDK-OK']);
    const stream = client.messages.stream({ model: 'claude-sonnet-4-5', max_tokens: 50, messages: [{ role: 'user', content: 'Say hi' }] });
    let text = '';
    stream.on('text', (t) => (text += t));
    const final = await stream.finalMessage();
    assert.equal(text, 'ANTHROPIC-SDK-OK');
    assert.equal(final.stop_reason, 'end_turn');
    assert.deepEqual(
      world.provider.requests.map((r) => r.url),
      ['/anthropic/v1/messages', '/anthropic/v1/messages'],
    );
    // The anthropic-version the SDK sent reached the provider through the proxy and Portkey.
    assert.ok(sentVersions[0]);
    assert.deepEqual(
      world.provider.requests.map((r) => r.headers['anthropic-version']),
      sentVersions,
    );
  });
});
