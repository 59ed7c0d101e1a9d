/**
 * `ai-gateway test` against the real Portkey: all four providers pass, plain and streamed, with the provider
 * options set; the missing Azure option is named when it is not; a provider's relayed 401 is blamed on the
 * provider key and costs no token request; and a Portkey whose streaming is broken (the plain install, with
 * hono 4.13 / @hono/node-server 1.19) fails the test although plain requests work.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ProbeResult } from '../../app/contract/api.js';
import { startServe, type ServeStack } from '../agents/agent-harness.js';
import { installedVersions } from './harness/real-portkey.js';
import { portkeySkip, startPortkeyWorld, unpinnedPortkeySkip, type PortkeyWorld } from './harness/portkey-world.js';
import { fileURLToPath } from 'node:url';

/** The second install, without the pins (see its package.json). */
const UNPINNED_DIR = fileURLToPath(new URL('../../../test/portkey/unpinned/', import.meta.url));

const AZURE_OPTIONS = { GATEWAY_AZURE_RESOURCE_NAME: 'contoso-east', GATEWAY_AZURE_DEPLOYMENT_ID: 'gpt-41-prod', GATEWAY_AZURE_API_VERSION: '2024-10-21' };

/** Runs `ai-gateway test --json` through the running serve and returns the results by provider. */
async function connectivity(serve: ServeStack, providers: string[] = []): Promise<{ code: number | null; results: Record<string, ProbeResult> }> {
  const run = await serve.cli(['test', ...providers, '--json'], 60_000);
  let parsed: ProbeResult[];
  try {
    parsed = JSON.parse(run.stdout) as ProbeResult[];
  } catch {
    throw new Error(`ai-gateway test printed no JSON: ${run.stdout}${run.stderr}`);
  }
  return { code: run.code, results: Object.fromEntries(parsed.map((r) => [r.provider, r])) };
}

describe('ai-gateway test against the real Portkey', { skip: portkeySkip(), concurrency: false }, () => {
  let world: PortkeyWorld;
  before(async () => {
    world = await startPortkeyWorld();
  });
  after(() => world?.close());

  test('all four providers pass, plain and streamed, with the Azure options set', async () => {
    const serve = await startServe({ ...world.gatewayEnv, ...AZURE_OPTIONS });
    try {
      const { code, results } = await connectivity(serve);
      for (const provider of ['openai', 'anthropic', 'google', 'azure-openai']) {
        const r = results[provider]!;
        assert.ok(r.ok && r.streaming?.ok, `${provider}: ${r.diagnosis} ${r.message} ${r.streaming?.message ?? ''}`);
      }
      assert.equal(code, 0);
      // Every provider was really reached through Portkey, Azure at the deployment and API version set.
      const urls = world.provider.requests.map((r) => r.url.replace(/key=[^&]+/, 'key=K'));
      assert.ok(urls.includes('/azure/contoso-east/openai/deployments/gpt-41-prod/chat/completions?api-version=2024-10-21'), urls.join('\n'));
      for (const prefix of ['/openai/v1/chat/completions', '/anthropic/v1/messages', '/google/v1beta/models/']) assert.ok(urls.some((u) => u.startsWith(prefix)), `${prefix} in ${urls.join('\n')}`);
    } finally {
      world.provider.reset();
      await serve.close();
    }
  });

  test('without the Azure options the test fails for azure-openai only and names each missing option', async () => {
    const serve = await startServe({ ...world.gatewayEnv, GATEWAY_AZURE_RESOURCE_NAME: 'contoso-east' });
    try {
      const { code, results } = await connectivity(serve);
      assert.equal(code, 1);
      const azure = results['azure-openai']!;
      assert.equal(azure.diagnosis, 'provider_options_missing');
      assert.match(azure.message, /deployment.*GATEWAY_AZURE_DEPLOYMENT_ID/);
      assert.match(azure.message, /API version.*GATEWAY_AZURE_API_VERSION/);
      assert.doesNotMatch(azure.message, /GATEWAY_AZURE_RESOURCE_NAME/, 'the resource name is set');
      for (const provider of ['openai', 'anthropic', 'google']) assert.ok(results[provider]!.ok, `${provider}: ${results[provider]!.message}`);
    } finally {
      await serve.close();
    }
  });

  test("a provider's 401 relayed by Portkey is the provider key at the gateway, and costs no token request", async () => {
    const serve = await startServe(world.gatewayEnv);
    try {
      // The first test grants serve its token; the second one counts.
      const providers = ['openai', 'anthropic', 'google'];
      assert.equal((await connectivity(serve, providers)).code, 0);
      const grants = world.tokenEndpoint.requests;
      world.provider.fault = { kind: 'unauthorized' };
      const { code, results } = await connectivity(serve, providers);
      assert.equal(code, 1);
      for (const provider of ['openai', 'anthropic', 'google']) {
        const r = results[provider]!;
        assert.equal(r.diagnosis, 'provider_key_rejected', `${provider}: ${r.message}`);
        assert.match(r.message, new RegExp(`${provider} provider refused the provider key`));
      }
      assert.equal(world.tokenEndpoint.requests, grants, 'a relayed provider 401 made the proxy ask for a new token');
    } finally {
      world.provider.reset();
      await serve.close();
    }
  });
});

describe('ai-gateway test against a Portkey whose streaming is broken', { skip: portkeySkip() || unpinnedPortkeySkip(UNPINNED_DIR) }, () => {
  let world: PortkeyWorld;
  let serve: ServeStack;
  before(async () => {
    const versions = installedVersions(UNPINNED_DIR);
    assert.ok(!versions.hono.startsWith('4.9.') && !versions.honoNodeServer.startsWith('1.13.'), `the unpinned install has the pinned versions: ${JSON.stringify(versions)}`);
    world = await startPortkeyWorld(UNPINNED_DIR);
    serve = await startServe({ ...world.gatewayEnv, ...AZURE_OPTIONS });
  });
  after(async () => {
    await serve?.close();
    await world?.close();
  });

  test('plain requests work, the streamed one fails, and the test says streaming is broken', async () => {
    const { code, results } = await connectivity(serve);
    assert.equal(code, 1);
    for (const provider of ['openai', 'anthropic', 'azure-openai']) {
      const r = results[provider]!;
      assert.equal(r.status, 200, `${provider}: the plain request works on this Portkey`);
      assert.equal(r.diagnosis, 'streaming_broken', `${provider}: ${r.message}`);
      assert.equal(r.streaming?.ok, false);
      assert.match(r.fix ?? '', /hono/);
    }
    // Gemini streams survive: Portkey rebuilds that stream into a new response instead of passing the provider's on.
    assert.equal(results.google!.ok, true, results.google!.message);
    assert.match(world.portkey.output(), /immutable/, "Portkey's own log shows why");
  });
});
