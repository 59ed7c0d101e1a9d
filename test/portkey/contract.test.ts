/**
 * The gateway double is a claim about the real Portkey behind the ALB: the same requests go to both (the real
 * Portkey behind the ALB-shaped front and the mock provider, and `GatewayDouble`), and their status codes,
 * error bodies, content types and the headers clients read must agree. Then what Portkey sends on to the
 * provider, as GATEWAY.md records it.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayDouble, type GatewayFault } from '../../app/core/demo/gateway-double.js';
import type { Provider } from '../../app/contract/providers.js';
import { send, type Answer } from '../helpers/http.js';
import type { ProviderFault } from './harness/mock-provider.js';
import { portkeySkip, startPortkeyWorld, type PortkeyWorld } from './harness/portkey-world.js';

/** One request, as a client sends it to the gateway URL. */
interface Probe {
  method?: string;
  path: string;
  provider?: string;
  headers?: Record<string, string>;
  body?: object | string;
  /** Leave the token out, or send this one instead. */
  token?: 'none' | string;
}

/** How to compare bodies: exactly, by the model answer they carry, or not (a provider's own wording). */
type BodyView = 'exact' | 'answer' | 'none';

/** What of an answer the double must reproduce. */
interface View {
  status: number;
  contentType: string;
  headers: Record<string, string>;
  body: unknown;
}

const READ_HEADERS = ['server', 'www-authenticate', 'retry-after', 'x-portkey-gateway-exception'];
const AZURE = { 'x-portkey-azure-resource-name': 'acme', 'x-portkey-azure-deployment-id': 'gpt-4-1', 'x-portkey-azure-api-version': '2024-10-21' };
const MESSAGES = [{ role: 'user', content: 'Say hi' }];
const PROVIDERS: Provider[] = ['openai', 'anthropic', 'google', 'azure-openai'];

/** The parts of an answer a client acts on; ports normalised (the two sides listen on different ones). */
function view(answer: Answer, bodyView: BodyView = 'exact'): View {
  const headers: Record<string, string> = {};
  for (const name of Object.keys(answer.headers).sort()) {
    if (READ_HEADERS.includes(name) || name.startsWith('x-portkey-')) headers[name] = String(answer.headers[name]);
  }
  const contentType = String(answer.headers['content-type'] ?? '').split(';')[0]!;
  const normalised = answer.text.replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT');
  let body: unknown;
  if (bodyView === 'none') body = null;
  else if (bodyView === 'answer') body = answerOf(contentType, answer.text);
  else if (answer.json !== undefined) body = JSON.parse(normalised);
  else body = normalised;
  return { status: answer.status, contentType, headers, body };
}

// Model answers in three formats, read only to pull the text out: a typed schema for each would add nothing here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;

/** The text a model answer carries, and how it ended: what every client reads out of a success. */
function answerOf(contentType: string, text: string): { text: string; end: string } {
  if (contentType === 'application/json') {
    const body = JSON.parse(text) as Loose;
    if (body.object === 'chat.completion') return { text: body.choices[0].message.content, end: body.choices[0].finish_reason };
    if (body.type === 'message') return { text: body.content[0].text, end: body.stop_reason };
    if (body.object === 'response') return { text: body.output[0].content[0].text, end: body.status };
    return { text: '', end: `unknown body ${text.slice(0, 200)}` };
  }
  let out = '';
  let end = '';
  for (const line of text.split('\n')) {
    if (!line.startsWith('data: ')) continue;
    const data = line.slice(6);
    if (data === '[DONE]') {
      end = '[DONE]';
      continue;
    }
    const event = JSON.parse(data) as Loose;
    if (event.object === 'chat.completion.chunk') out += event.choices[0]?.delta?.content ?? '';
    else if (event.type === 'content_block_delta') out += event.delta.text ?? '';
    else if (event.type === 'message_stop') end = 'message_stop';
    else if (event.type === 'response.output_text.delta') out += event.delta;
    else if (event.type === 'response.completed') end = 'response.completed';
  }
  return { text: out, end };
}

describe('the gateway double answers as the real Portkey behind the ALB', { skip: portkeySkip(), concurrency: false }, () => {
  let world: PortkeyWorld;
  let double: GatewayDouble;
  let token: string;
  before(async () => {
    world = await startPortkeyWorld();
    double = await new GatewayDouble({ jwks: world.tokenEndpoint.jwks, issuer: world.tokenEndpoint.issuer }).start();
    token = await world.tokenEndpoint.sign('contract', 600);
    const script = () => ({ text: 'CONTRACT-ANSWER-OK' });
    world.provider.script = script;
    double.script = script;
  });
  beforeEach(() => {
    world.provider.reset();
    world.provider.script = () => ({ text: 'CONTRACT-ANSWER-OK' });
  });
  after(async () => {
    await double?.close();
    await world?.close();
  });

  async function ask(base: string, probe: Probe): Promise<Answer> {
    const headers: Record<string, string> = { ...probe.headers };
    if (probe.token !== 'none') headers.authorization = `Bearer ${probe.token ?? token}`;
    if (probe.provider) headers['x-portkey-provider'] = probe.provider;
    return send(`${base}${probe.path}`, { method: probe.method ?? (probe.body === undefined ? 'GET' : 'POST'), headers, body: probe.body, timeoutMs: 20_000 });
  }

  /** Sends `probe` to both and compares what clients read. */
  async function agree(probe: Probe, bodyView: BodyView = 'exact'): Promise<View> {
    const real = view(await ask(world.front.url, probe), bodyView);
    const ours = view(await ask(double.url, probe), bodyView);
    assert.deepEqual(ours, real, `${probe.method ?? 'POST'} ${probe.path} (${probe.provider ?? 'no provider'}): the double differs from real Portkey`);
    return real;
  }

  describe('the load balancer', () => {
    test('no token, a malformed token and an expired token get the ALB\'s HTML 401', async () => {
      const expired = await world.tokenEndpoint.sign('contract', -60);
      for (const t of ['none', 'not-a-jwt', expired]) {
        const real = await agree({ path: '/v1/chat/completions', provider: 'openai', body: { model: 'gpt-4.1', messages: MESSAGES }, token: t });
        assert.equal(real.status, 401);
        assert.equal(real.headers.server, 'awselb/2.0');
        assert.equal(real.headers['www-authenticate'], 'Bearer error="invalid_token"');
        assert.equal(real.contentType, 'text/html');
      }
    });

    test('a valid token the ALB refuses anyway (revoked, clock skew) gets the same page', async () => {
      world.front.rejectNext = 1;
      double.setFault('openai', { kind: 'unauthorized' }, 1);
      const real = await agree({ path: '/v1/chat/completions', provider: 'openai', body: { model: 'gpt-4.1', messages: MESSAGES } });
      assert.equal(real.status, 401);
    });
  });

  describe('Portkey\'s own answers', () => {
    test('GET / says hello; a path outside /v1 is 404 {"message":"Not Found","ok":false}', async () => {
      assert.equal((await agree({ path: '/' })).body, 'AI Gateway says hey!');
      assert.deepEqual((await agree({ path: '/v2/chat/completions', provider: 'openai', body: {} })).body, { message: 'Not Found', ok: false });
    });

    test('no provider header, an unknown provider, a non-JSON content type: 400 {"status":"failure","message"}', async () => {
      const none = await agree({ path: '/v1/chat/completions', body: { model: 'gpt-4.1', messages: MESSAGES } });
      assert.deepEqual(none.body, { status: 'failure', message: 'Either x-portkey-config or x-portkey-provider header is required' });
      assert.equal((await agree({ path: '/v1/chat/completions', provider: 'no-such-provider', body: { model: 'gpt-4.1', messages: MESSAGES } })).status, 400);
      const text = await agree({ path: '/v1/chat/completions', provider: 'openai', headers: { 'content-type': 'text/plain' }, body: 'hello' });
      assert.deepEqual(text.body, { status: 'failure', message: 'Invalid content type passed' });
    });

    test('a body that is not JSON: 500 "Something went wrong"', async () => {
      const real = await agree({ path: '/v1/chat/completions', provider: 'openai', headers: { 'content-type': 'application/json' }, body: '{"model": ' });
      assert.equal(real.status, 500);
    });

    for (const [provider, path] of [
      ['anthropic', '/v1/responses'],
      ['google', '/v1/responses'],
      ['openai', '/v1/messages'],
      ['google', '/v1/messages'],
      ['azure-openai', '/v1/messages'],
    ] as const) {
      test(`${path} on ${provider}: 500 "... is not supported by ${provider}"`, async () => {
        const body = path === '/v1/responses' ? { model: 'm', input: 'Say hi' } : { model: 'm', max_tokens: 20, messages: MESSAGES };
        const real = await agree({ path, provider, headers: provider === 'azure-openai' ? AZURE : {}, body });
        assert.equal(real.status, 500);
        assert.match((real.body as { message: string }).message, new RegExp(`is not supported by ${provider}$`));
        assert.equal(real.headers['x-portkey-gateway-exception'], 'true');
      });
    }

    test('another /v1 path is passed to the provider, whose 404 comes back as it sent it', async () => {
      const real = await agree({ path: '/v1/no-such-route', provider: 'openai', body: {} }, 'none');
      assert.equal(real.status, 404);
    });
  });

  describe('answers', () => {
    for (const provider of PROVIDERS) {
      const headers = provider === 'azure-openai' ? AZURE : {};
      test(`chat completions on ${provider}, whole and streamed`, async () => {
        for (const stream of [false, true]) {
          const real = await agree({ path: '/v1/chat/completions', provider, headers, body: { model: 'gpt-4.1', messages: MESSAGES, max_tokens: 20, stream } }, 'answer');
          // A Gemini stream through Portkey ends without `data: [DONE]`.
          const end = !stream ? 'stop' : provider === 'google' ? '' : '[DONE]';
          assert.deepEqual([real.status, real.body], [200, { text: 'CONTRACT-ANSWER-OK', end }]);
          assert.equal(real.headers['x-portkey-provider'], provider);
        }
      });
    }

    test('messages on anthropic, whole and streamed (the query string Claude Code adds is accepted)', async () => {
      for (const stream of [false, true]) {
        const real = await agree({ path: '/v1/messages?beta=true', provider: 'anthropic', headers: { 'anthropic-version': '2023-06-01' }, body: { model: 'claude-sonnet-4-5', max_tokens: 20, messages: MESSAGES, stream } }, 'answer');
        assert.deepEqual([real.status, real.body], [200, { text: 'CONTRACT-ANSWER-OK', end: stream ? 'message_stop' : 'end_turn' }]);
      }
    });

    for (const provider of ['openai', 'azure-openai'] as const) {
      test(`responses on ${provider}, whole and streamed`, async () => {
        for (const stream of [false, true]) {
          const real = await agree({ path: '/v1/responses', provider, headers: provider === 'azure-openai' ? AZURE : {}, body: { model: 'gpt-4.1', input: 'Say hi', stream } }, 'answer');
          assert.deepEqual([real.status, real.body], [200, { text: 'CONTRACT-ANSWER-OK', end: stream ? 'response.completed' : 'completed' }]);
        }
      });
    }
  });

  describe('provider failures, as Portkey relays them', () => {
    const faults: [string, ProviderFault, GatewayFault, number][] = [
      ['401', { kind: 'unauthorized' }, { kind: 'provider-error', status: 401, message: 'Incorrect API key provided.' }, 401],
      ['429 with retry-after', { kind: 'rate-limited', retryAfterSeconds: 7 }, { kind: 'provider-error', status: 429, message: 'Rate limit reached for requests.', retryAfterSeconds: 7 }, 429],
      ['500', { kind: 'server-error', status: 500 }, { kind: 'provider-error', status: 500, message: 'The server had an error while processing your request.' }, 500],
      ['529', { kind: 'server-error', status: 529 }, { kind: 'provider-error', status: 529, message: 'Overloaded' }, 529],
    ];
    for (const [name, providerFault, doubleFault, status] of faults) {
      test(`a provider ${name}: status and retry-after kept, body rewritten to {"error", "provider"} on every route`, async () => {
        world.provider.fault = providerFault;
        double.setFault('*', doubleFault);
        try {
          for (const provider of PROVIDERS) {
            const real = await agree({ path: '/v1/chat/completions', provider, headers: provider === 'azure-openai' ? AZURE : {}, body: { model: 'gpt-4.1', messages: MESSAGES, stream: true } });
            assert.equal(real.status, status);
            assert.equal((real.body as { provider: string }).provider, provider);
            if (status === 429) assert.equal(real.headers['retry-after'], '7');
          }
          const messages = await agree({ path: '/v1/messages', provider: 'anthropic', body: { model: 'claude-sonnet-4-5', max_tokens: 20, messages: MESSAGES } });
          assert.match((messages.body as { error: { message: string } }).error.message, /^anthropic error: /);
        } finally {
          double.setFault('*', null);
        }
      });
    }

    test('an unreachable provider: 500 with the fetch error in html-message (wrapped for anthropic and google)', async () => {
      await world.provider.down();
      double.setFault('*', { kind: 'provider-down' });
      try {
        for (const provider of PROVIDERS) {
          const real = await agree({ path: '/v1/chat/completions', provider, headers: provider === 'azure-openai' ? AZURE : {}, body: { model: 'gpt-4.1', messages: MESSAGES } });
          assert.equal(real.status, 500);
          assert.match(JSON.stringify(real.body), /ECONNREFUSED/);
        }
        await agree({ path: '/v1/responses', provider: 'openai', body: { model: 'gpt-4.1', input: 'Say hi' } });
        await agree({ path: '/v1/messages', provider: 'anthropic', body: { model: 'claude-sonnet-4-5', max_tokens: 20, messages: MESSAGES } });
      } finally {
        double.setFault('*', null);
        await world.provider.up();
      }
    });

    test('a model the provider does not have: its 404, relayed', async () => {
      for (const provider of PROVIDERS) {
        const headers = provider === 'azure-openai' ? { ...AZURE, 'x-portkey-azure-deployment-id': 'no-such-model' } : {};
        const real = await agree({ path: '/v1/chat/completions', provider, headers, body: { model: 'no-such-model', messages: MESSAGES } });
        assert.equal(real.status, 404);
      }
    });
  });
});

describe('what the real Portkey sends on to the provider', { skip: portkeySkip() }, () => {
  let world: PortkeyWorld;
  let token: string;
  before(async () => {
    world = await startPortkeyWorld();
    token = await world.tokenEndpoint.sign('contract', 600);
  });
  after(() => world?.close());

  test('anthropic: the query string is dropped, anthropic-version and anthropic-beta are kept, agent headers are not', async () => {
    const answer = await send(`${world.front.url}/v1/messages?beta=true`, {
      headers: { authorization: `Bearer ${token}`, 'x-portkey-provider': 'anthropic', 'anthropic-version': '2023-06-01', 'anthropic-beta': 'interleaved-thinking-2025-05-14', 'x-codex-turn-state': 'x', 'session-id': 's-1' },
      body: { model: 'claude-sonnet-4-5', max_tokens: 20, messages: MESSAGES },
    });
    assert.equal(answer.status, 200, answer.text);
    const seen = world.provider.requests.at(-1)!;
    assert.equal(seen.url, '/anthropic/v1/messages');
    assert.equal(seen.headers['anthropic-version'], '2023-06-01');
    assert.equal(seen.headers['anthropic-beta'], 'interleaved-thinking-2025-05-14');
    assert.equal(seen.headers['x-codex-turn-state'], undefined);
    assert.equal(seen.headers['session-id'], undefined);
  });

  test('the provider key is what came in Authorization: the JWT the ALB forwarded (in the URL for google)', async () => {
    for (const provider of ['openai', 'anthropic', 'google'] as const) {
      const answer = await send(`${world.front.url}/v1/chat/completions`, { headers: { authorization: `Bearer ${token}`, 'x-portkey-provider': provider }, body: { model: 'm', max_tokens: 20, messages: MESSAGES } });
      assert.equal(answer.status, 200, answer.text);
      assert.equal(world.provider.requests.at(-1)!.key, token, provider);
    }
  });

  test('azure-openai without its options calls https://undefined.openai.azure.com and answers 500 with the DNS error', async () => {
    const answer = await send(`${world.front.url}/v1/chat/completions`, { headers: { authorization: `Bearer ${token}`, 'x-portkey-provider': 'azure-openai' }, body: { model: 'gpt-4.1', messages: MESSAGES } });
    assert.equal(answer.status, 500);
    assert.match(String((answer.json as Record<string, unknown>)['html-message']), /undefined\.openai\.azure\.com/);
  });

  test('azure-openai with a resource but no deployment or API version: the provider\'s 404', async () => {
    const answer = await send(`${world.front.url}/v1/chat/completions`, { headers: { authorization: `Bearer ${token}`, 'x-portkey-provider': 'azure-openai', 'x-portkey-azure-resource-name': 'acme' }, body: { model: 'gpt-4.1', messages: MESSAGES } });
    assert.equal(answer.status, 404);
    assert.equal(world.provider.requests.at(-1)!.url, '/azure/acme/openai/deployments/undefined/chat/completions');
  });
});
