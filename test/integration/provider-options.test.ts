/**
 * Provider options end to end: the Azure options and the user's x-portkey-* headers reach the gateway
 * (clients' never do), `login` stores them, and the connectivity test names what is missing, tells a
 * provider's 401 from the token, and sees broken streaming.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Agent } from 'undici';
import { createAppApi } from '../../app/core/app-api.js';
import { probeProvider } from '../../app/core/probes/connectivity.js';
import { emptyProviderOptions } from '../../app/core/config/provider-options.js';
import { gatewayTarget } from '../../app/core/proxy/gateway-client.js';
import { DEFAULT_TEST_MODELS } from '../../app/contract/providers.js';
import { cliEnv, runCli, writeSettings } from '../helpers/cli.js';
import { send } from '../helpers/http.js';
import { startDoubles, startStack, tempDir } from '../helpers/stack.js';

const chat = (model: string, extra: object = {}) => ({ model, messages: [{ role: 'user', content: 'hi' }], ...extra });
const AZURE_ENV = {
  GATEWAY_AZURE_RESOURCE_NAME: 'contoso-east',
  GATEWAY_AZURE_DEPLOYMENT_ID: 'default-deployment',
  GATEWAY_AZURE_DEPLOYMENTS: 'gpt-4.1=prod-gpt41, gpt-4o=prod-4o',
  GATEWAY_AZURE_API_VERSION: '2024-10-21',
  GATEWAY_PORTKEY_HEADERS: '{"x-portkey-config":"pc-company-1"}',
  GATEWAY_PORTKEY_HEADERS_GOOGLE: '{"X-Portkey-Virtual-Key":"vk-gemini"}',
};

test("the user's provider options reach the gateway per provider and model; a client's x-portkey-* never does", async () => {
  const stack = await startStack({ env: AZURE_ENV });
  try {
    const key = await stack.key();
    const spoofed = { authorization: `Bearer ${key}`, 'x-portkey-azure-resource-name': 'attacker', 'x-portkey-config': 'pc-attacker', 'x-portkey-custom-host': 'http://evil.example' };
    for (const [provider, model] of [['azure-openai', 'gpt-4.1'], ['azure-openai', 'gpt-5'], ['google', 'gemini-2.5-flash'], ['openai', 'gpt-4.1']] as const) {
      const answer = await send(`${stack.proxyUrl}/${provider}/v1/chat/completions`, { headers: spoofed, body: chat(model) });
      assert.equal(answer.status, 200, answer.text);
    }
    const seen = stack.gateway.requests.map((r) => Object.fromEntries(Object.entries(r.headers).filter(([name]) => name.startsWith('x-portkey-'))));
    assert.deepEqual(seen, [
      { 'x-portkey-provider': 'azure-openai', 'x-portkey-config': 'pc-company-1', 'x-portkey-azure-resource-name': 'contoso-east', 'x-portkey-azure-deployment-id': 'prod-gpt41', 'x-portkey-azure-api-version': '2024-10-21' },
      { 'x-portkey-provider': 'azure-openai', 'x-portkey-config': 'pc-company-1', 'x-portkey-azure-resource-name': 'contoso-east', 'x-portkey-azure-deployment-id': 'default-deployment', 'x-portkey-azure-api-version': '2024-10-21' },
      { 'x-portkey-provider': 'google', 'x-portkey-config': 'pc-company-1', 'x-portkey-virtual-key': 'vk-gemini' },
      { 'x-portkey-provider': 'openai', 'x-portkey-config': 'pc-company-1' },
    ]);
    assert.equal(stack.runtime.view?.sources.providerOptions, 'environment');
  } finally {
    await stack.close();
  }
});

test('a provider-options environment variable that is not valid is refused by name, with the fix', async () => {
  for (const [env, expected] of [
    [{ GATEWAY_PORTKEY_HEADERS: 'x-portkey-config=pc-1' }, /GATEWAY_PORTKEY_HEADERS must be a JSON object .*\{"x-portkey-config":"pc-abc123"\}/],
    [{ GATEWAY_PORTKEY_HEADERS: '{"authorization":"Bearer x"}' }, /"authorization" is not an x-portkey-\* header/],
    [{ GATEWAY_PORTKEY_HEADERS_OPENAI: '{"x-portkey-provider":"anthropic"}' }, /x-portkey-provider is set by the proxy/],
    [{ GATEWAY_AZURE_DEPLOYMENTS: 'gpt-4.1' }, /GATEWAY_AZURE_DEPLOYMENTS must be model=deployment pairs/],
    [{ GATEWAY_PORTKEY_HEADERS: '{"x-portkey-custom-host":"https://elsewhere.example"}' }, /x-portkey-custom-host is refused: it sends the request, with the company token as its key, to another host/],
    [{ GATEWAY_PORTKEY_HEADERS_ANTHROPIC: '{"x-portkey-forward-headers":"authorization"}' }, /x-portkey-forward-headers is refused/],
  ] as const) {
    const stack = await startStack({ env, proxy: false });
    try {
      const { errors } = await stack.runtime.settings.snapshot();
      assert.ok(errors.some((e) => e.field === 'providerOptions' && expected.test(e.message)), JSON.stringify(errors));
    } finally {
      await stack.close();
    }
  }
});

test('login --azure-* and --portkey-header store the options in settings.json, keeping the rest; a wrong flag stores nothing', async () => {
  const doubles = await startDoubles();
  const home = await tempDir('agw-login-');
  try {
    const env = cliEnv(home, doubles.gatewayEnv);
    await writeSettings(env, { port: 18484, comment: 'kept' });
    const file = join(env.AI_GATEWAY_HOME!, 'settings.json');
    const bad = await runCli(['login', '--no-store', '--portkey-header', 'authorization=Bearer x'], { env });
    assert.equal(bad.code, 2, bad.stderr);
    assert.match(bad.stderr, /"authorization" is not an x-portkey-\* header/);
    assert.deepEqual(JSON.parse(await readFile(file, 'utf8')), { port: 18484, comment: 'kept' }, 'nothing written');
    const redirect = await runCli(['login', '--no-store', '--portkey-header', 'x-portkey-custom-host=https://elsewhere.example'], { env });
    assert.equal(redirect.code, 2, redirect.stderr);
    assert.match(redirect.stderr, /x-portkey-custom-host is refused: it sends the request, with the company token as its key, to another host/);
    assert.deepEqual(JSON.parse(await readFile(file, 'utf8')), { port: 18484, comment: 'kept' }, 'nothing written');

    const good = await runCli(
      ['login', '--no-store', '--azure-resource', 'contoso', '--azure-deployment', 'dep-1', '--azure-deployments', 'gpt-4o=dep-4o', '--azure-api-version', '2024-10-21', '--portkey-header', 'x-portkey-config=pc-9', '--provider-header', 'google:x-portkey-virtual-key=vk-2'],
      { env },
    );
    assert.equal(good.code, 0, good.stderr);
    const stored = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    assert.equal(stored.comment, 'kept');
    assert.equal(stored.port, 18484);
    assert.deepEqual(stored.providerOptions, {
      azure: { resourceName: 'contoso', deploymentId: 'dep-1', apiVersion: '2024-10-21', deployments: { 'gpt-4o': 'dep-4o' } },
      headers: { 'x-portkey-config': 'pc-9' },
      providerHeaders: { google: { 'x-portkey-virtual-key': 'vk-2' } },
    });
    // An empty value removes one header, the rest stays.
    assert.equal((await runCli(['login', '--no-store', '--portkey-header', 'x-portkey-config='], { env })).code, 0);
    const after = JSON.parse(await readFile(file, 'utf8')) as { providerOptions: { headers?: object; azure: object } };
    assert.equal(after.providerOptions.headers, undefined);
    assert.deepEqual(after.providerOptions.azure, { resourceName: 'contoso', deploymentId: 'dep-1', apiVersion: '2024-10-21', deployments: { 'gpt-4o': 'dep-4o' } });
  } finally {
    await doubles.close();
    await rm(home, { recursive: true, force: true });
  }
});

test("connectivity: azure-openai failing without its options names exactly what is missing, not 'set a test model'", async () => {
  const stack = await startStack({ proxy: false });
  try {
    // What real Portkey answers for azure-openai without the options (GATEWAY.md).
    stack.gateway.setFault('azure-openai', { kind: 'status', status: 500, body: JSON.stringify({ 'html-message': 'Message: fetch failed Cause: Error: getaddrinfo EAI_AGAIN undefined.openai.azure.com' }) });
    const [result] = await createAppApi(stack.runtime, { env: stack.env, cwd: stack.home }).testConnectivity(['azure-openai']);
    assert.equal(result!.ok, false);
    assert.equal(result!.diagnosis, 'provider_options_missing');
    assert.match(result!.message, /^azure-openai needs the Azure resource name: set GATEWAY_AZURE_RESOURCE_NAME/);
    assert.match(result!.message, /the Azure deployment for gpt-4\.1-mini: set GATEWAY_AZURE_DEPLOYMENT_ID/);
    assert.match(result!.message, /the Azure API version: set GATEWAY_AZURE_API_VERSION/);
    assert.ok(!/test model|try again later/.test(`${result!.message} ${result!.fix}`));
  } finally {
    await stack.close();
  }
});

test("connectivity: a provider's 401 relayed by Portkey costs no token request and blames the provider key at the gateway, not the client ID", async () => {
  const stack = await startStack({ proxy: false });
  try {
    const api = createAppApi(stack.runtime, { env: stack.env, cwd: stack.home });
    await stack.runtime.tokens.getToken();
    const issued = stack.tokenEndpoint.issued;
    const body = JSON.stringify({ error: { message: 'openai error: Incorrect API key provided', type: 'invalid_request_error', code: 'invalid_api_key' }, provider: 'openai' });
    stack.gateway.setFault('openai', { kind: 'status', status: 401, body, headers: { 'x-portkey-trace-id': 't-1' } });
    const [result] = await api.testConnectivity(['openai']);
    assert.equal(result!.diagnosis, 'provider_key_rejected');
    assert.match(result!.message, /openai key lives at the gateway/);
    assert.match(result!.fix!, /ask the gateway operators/);
    assert.ok(!/client ID/.test(result!.message + result!.fix));
    assert.equal(stack.tokenEndpoint.issued, issued, 'no token request');
  } finally {
    await stack.close();
  }
});

/** A gateway whose plain answers work and whose streams fail as Portkey's do with the wrong hono (GATEWAY.md). */
async function brokenStreamsGateway(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { stream?: boolean; model: string };
      const [status, answer] = body.stream
        ? [500, { status: 'failure', message: 'Something went wrong' }]
        : [200, { id: 'c1', object: 'chat.completion', model: body.model, choices: [{ index: 0, message: { role: 'assistant', content: 'pong' }, finish_reason: 'stop' }] }];
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

test('connectivity: a gateway whose streams fail is reported as streaming broken, plain ok, with the cause', async () => {
  const gateway = await brokenStreamsGateway();
  const dispatcher = new Agent();
  try {
    const result = await probeProvider('anthropic', { target: gatewayTarget(gateway.url, dispatcher), tokens: { getToken: async () => 'token' }, models: DEFAULT_TEST_MODELS, providerOptions: emptyProviderOptions() });
    assert.equal(result.ok, false);
    assert.equal(result.status, 200, 'the plain request worked');
    assert.equal(result.diagnosis, 'streaming_broken');
    assert.deepEqual([result.streaming?.ok, result.streaming?.status], [false, 500]);
    assert.match(result.message, /^Plain requests work, streaming is broken\. The streamed request failed: Portkey failed \(HTTP 500\): Something went wrong/);
    assert.match(result.fix!, /every coding agent streams/);
  } finally {
    await dispatcher.close();
    await gateway.close();
  }
});

test('connectivity: a healthy gateway is ok plain and streamed', async () => {
  const stack = await startStack({ proxy: false });
  try {
    const results = await createAppApi(stack.runtime, { env: stack.env, cwd: stack.home }).testConnectivity();
    for (const r of results) {
      assert.equal(r.ok, true, `${r.provider}: ${r.message}`);
      assert.equal(r.streaming?.ok, true, `${r.provider} streamed`);
    }
    assert.ok(stack.gateway.requests.some((r) => r.body.includes('"stream":true')), 'a streamed request was sent');
  } finally {
    await stack.close();
  }
});
