/**
 * What proxy-errors built, against the real Portkey behind the ALB-shaped front: Responses translated
 * where Portkey does not serve it (Claude, Gemini), errors in the caller's own shape with the cause
 * (provider down, provider key refused, rate limit), the two 401s told apart and forced refreshes
 * bounded, the Azure options sent as Portkey's headers, and `ai-gateway test` naming what is missing.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import type { ServeStack } from '../agents/agent-harness.js';
import { cliEnv, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/stack.js';
import { startPortkeyServe, type PortkeyServe } from './harness/portkey-serve.js';
import { portkeySkip, type PortkeyWorld } from './harness/portkey-world.js';

const AZURE = { GATEWAY_AZURE_RESOURCE_NAME: 'contoso', GATEWAY_AZURE_DEPLOYMENT_ID: 'dep-gpt41', GATEWAY_AZURE_API_VERSION: '2024-10-21' };

describe('proxy errors, Responses support and provider options with the real Portkey', { skip: portkeySkip(), concurrency: false }, () => {
  let started: PortkeyServe;
  let world: PortkeyWorld;
  let serve: ServeStack;
  let vars: Record<string, string>;
  before(async () => {
    started = await startPortkeyServe(AZURE);
    ({ world, serve, vars } = started);
  });
  beforeEach(async () => {
    world.provider.reset();
    world.front.rejectNext = 0;
    await world.provider.up();
  });
  after(() => started?.close());

  const openai = (route: string) => new OpenAI({ baseURL: `${vars.AI_GATEWAY_PROXY_URL}/${route}/v1`, apiKey: vars.OPENAI_API_KEY!, maxRetries: 0, timeout: 20_000 });
  const anthropic = () => new Anthropic({ baseURL: vars.ANTHROPIC_BASE_URL!, apiKey: vars.ANTHROPIC_API_KEY!, maxRetries: 0, timeout: 20_000 });
  const messages = { model: 'claude-sonnet-4-5', max_tokens: 50, messages: [{ role: 'user' as const, content: 'Say hi' }] };

  for (const [route, model] of [
    ['anthropic', 'claude-sonnet-4-5'],
    ['google', 'gemini-2.5-flash'],
  ] as const) {
    test(`Responses API on /${route} (Portkey: "createModelResponse is not supported by ${route}"): translated to Chat Completions, whole and streamed`, async () => {
      world.provider.script = () => ({ text: `RESPONSES-VIA-CHAT-${route}` });
      const client = openai(route);
      const whole = await client.responses.create({ model, input: 'Say hi' });
      assert.equal(whole.output_text, `RESPONSES-VIA-CHAT-${route}`);
      const stream = await client.responses.create({ model, input: 'Say hi', stream: true });
      let text = '';
      let completed = false;
      for await (const event of stream) {
        if (event.type === 'response.output_text.delta') text += event.delta;
        if (event.type === 'response.completed') completed = true;
      }
      assert.equal(text, `RESPONSES-VIA-CHAT-${route}`);
      assert.ok(completed);
      // Portkey never called the provider for /v1/responses; the two requests it did send were chat-shaped.
      assert.equal(world.provider.requests.length, 2);
      assert.ok(world.provider.requests.every((r) => !r.url.includes('/responses')), world.provider.requests.map((r) => r.url).join(', '));
    });
  }

  test('the provider down: each SDK, with its default retries, ends on a 502 naming Portkey not reaching the provider (no "status code (no body)"); the log keeps Portkey\'s 500', async () => {
    await world.provider.down();
    // The SDKs' own defaults (2 retries with backoff, for a 500 and a 502 alike): the retries stay bounded and the last answer is the explanation.
    let attempts = 0;
    const counted = (url: string | URL | Request, init?: RequestInit) => {
      attempts++;
      return fetch(url, init);
    };
    const withRetries = new OpenAI({ baseURL: vars.OPENAI_BASE_URL!, apiKey: vars.OPENAI_API_KEY!, timeout: 20_000, fetch: counted });
    await assert.rejects(withRetries.chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'hi' }] }), (error: unknown) => {
      assert.ok(error instanceof OpenAI.APIError, String(error));
      assert.equal(error.status, 502, 'a bad gateway, not Portkey\'s bare 500');
      assert.match(error.message, /Portkey could not reach the openai provider.*ECONNREFUSED/);
      assert.ok(!/no body/.test(error.message));
      return true;
    });
    assert.equal(attempts, 3, 'the OpenAI SDK tried once and retried twice');
    attempts = 0;
    const anthropicWithRetries = new Anthropic({ baseURL: vars.ANTHROPIC_BASE_URL!, apiKey: vars.ANTHROPIC_API_KEY!, timeout: 20_000, fetch: counted });
    await assert.rejects(anthropicWithRetries.messages.create(messages), (error: unknown) => {
      assert.ok(error instanceof Anthropic.APIError, String(error));
      assert.equal(error.status, 502);
      assert.match(error.message, /Portkey could not reach the anthropic provider/);
      return true;
    });
    assert.equal(attempts, 3, 'the Anthropic SDK tried once and retried twice');
    const log = await readFile(join(serve.home, '.ai-gateway-test', 'logs', 'ai-gateway.log'), 'utf8');
    const reports = log.split('\n').filter((line) => line.includes('"cause":"provider_unreachable"'));
    assert.equal(reports.length, 6, `each answer's gateway error report is logged:\n${log.slice(-2000)}`);
    for (const line of reports) assert.equal((JSON.parse(line) as { status: number }).status, 500, line);
  });

  test("a provider's 401 through Portkey: no token request, the Anthropic SDK's AuthenticationError names the provider key at the gateway", async () => {
    world.provider.fault = { kind: 'unauthorized' };
    const issued = world.tokenEndpoint.issued;
    await assert.rejects(anthropic().messages.create(messages), (error: unknown) => {
      assert.ok(error instanceof Anthropic.AuthenticationError, String(error));
      assert.match(error.message, /anthropic key lives at the gateway.*ask the gateway team/);
      return true;
    });
    await assert.rejects(openai('openai').chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'hi' }] }), OpenAI.AuthenticationError);
    assert.equal(world.tokenEndpoint.issued, issued, 'a relayed provider 401 costs no token');
    assert.equal(world.front.rejected, 0);
  });

  test('a provider rate limit on /v1/messages: Anthropic RateLimitError, retry-after kept, the provider named', async () => {
    world.provider.fault = { kind: 'rate-limited', retryAfterSeconds: 9 };
    await assert.rejects(anthropic().messages.create(messages), (error: unknown) => {
      assert.ok(error instanceof Anthropic.RateLimitError, String(error));
      assert.equal(error.headers?.get('retry-after'), '9');
      assert.match(error.message, /anthropic provider is rate limiting requests.*retry-after: 9 s/);
      return true;
    });
  });

  test("the ALB's 401: one forced refresh and one replay; 20 in a row afterwards cost no further token", async () => {
    world.provider.script = () => ({ text: 'AFTER-REPLAY' });
    const issued = world.tokenEndpoint.issued;
    world.front.rejectNext = 1;
    const answer = await openai('openai').chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(answer.choices[0]!.message.content, 'AFTER-REPLAY');
    assert.equal(world.tokenEndpoint.issued, issued + 1, 'one forced refresh');
    world.front.rejectNext = 20;
    for (let i = 0; i < 20; i++) {
      await assert.rejects(openai('openai').chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'hi' }] }), (error: unknown) => {
        assert.ok(error instanceof OpenAI.AuthenticationError);
        assert.match(error.message, /load balancer rejected the company token/);
        return true;
      });
    }
    assert.equal(world.tokenEndpoint.issued, issued + 1, 'no grant inside the 30 s window');
  });

  test('azure-openai with the options set answers through Portkey; `ai-gateway test` passes all four providers, plain and streamed', async () => {
    world.provider.script = () => ({ text: 'AZURE-OK' });
    const whole = await openai('azure-openai').chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(whole.choices[0]!.message.content, 'AZURE-OK');
    assert.match(world.provider.requests[0]!.url, /^\/azure\/contoso\/openai\/deployments\/dep-gpt41\/chat\/completions\?api-version=2024-10-21$/);
    const result = await serve.cli(['test', '--json'], 60_000);
    const probes = JSON.parse(result.stdout) as { provider: string; ok: boolean; message: string; streaming?: { ok: boolean } }[];
    assert.deepEqual(probes.map((p) => p.provider).sort(), ['anthropic', 'azure-openai', 'google', 'openai']);
    for (const probe of probes) {
      assert.equal(probe.ok, true, `${probe.provider}: ${probe.message}`);
      assert.equal(probe.streaming?.ok, true, `${probe.provider} streamed`);
    }
    assert.equal(result.code, 0, result.stderr);
  });

  test('`ai-gateway test azure-openai` without the options names exactly what is missing', async () => {
    const home = await tempDir('agw-azure-missing-');
    try {
      const result = await runCli(['test', 'azure-openai', '--json'], { env: cliEnv(home, world.gatewayEnv), timeoutMs: 60_000 });
      assert.equal(result.code, 1, result.stderr);
      const [probe] = JSON.parse(result.stdout) as { diagnosis: string; message: string; fix: string }[];
      assert.equal(probe!.diagnosis, 'provider_options_missing');
      assert.match(probe!.message, /^azure-openai needs the Azure resource name: set GATEWAY_AZURE_RESOURCE_NAME/);
      assert.ok(!/test model|try again later/i.test(probe!.message + probe!.fix));
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });
});
