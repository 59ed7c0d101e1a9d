/**
 * Failures behind the real Portkey reach people in the tool they use, naming the cause: with the provider down,
 * the SDKs, a LangChain script and the agents print that Portkey could not reach the provider; a provider's
 * 401 relayed by Portkey costs no token request, while the load balancer's 401 costs exactly one (refresh,
 * replay, answer).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { AGENT_BIN, codexExecArgs, runBounded, startServe, type ServeStack } from '../agents/agent-harness.js';
import { startPortkeyServe, type PortkeyServe } from './harness/portkey-serve.js';
import { agentsSkip, portkeySkip, type PortkeyWorld } from './harness/portkey-world.js';

const CAUSE = /Portkey could not reach the (openai|anthropic) provider/;

describe('failures behind the real Portkey, as each tool shows them', { skip: portkeySkip(), concurrency: false }, () => {
  let started: PortkeyServe;
  let world: PortkeyWorld;
  let serve: ServeStack;
  let vars: Record<string, string>;
  before(async () => {
    started = await startPortkeyServe();
    ({ world, serve, vars } = started);
  });
  after(() => started?.close());

  const openai = () => new OpenAI({ baseURL: vars.OPENAI_BASE_URL!, apiKey: vars.OPENAI_API_KEY!, maxRetries: 0, timeout: 20_000 });
  const anthropic = () => new Anthropic({ baseURL: vars.ANTHROPIC_BASE_URL!, apiKey: vars.ANTHROPIC_API_KEY!, maxRetries: 0, timeout: 20_000 });

  test("a provider's 401 relayed by Portkey: the SDKs read that the provider key at the gateway was refused, and no token is requested", async () => {
    await openai().chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'warm up' }] });
    const grants = world.tokenEndpoint.requests;
    world.provider.fault = { kind: 'unauthorized' };
    try {
      for (let i = 0; i < 3; i++) {
        await assert.rejects(openai().chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'hi' }] }), (e: InstanceType<typeof OpenAI.APIError>) => {
          assert.equal(e.status, 401);
          assert.match(e.message, /openai provider refused the provider key/);
          return true;
        });
        await assert.rejects(anthropic().messages.create({ model: 'claude-sonnet-4-5', max_tokens: 20, messages: [{ role: 'user', content: 'hi' }] }), (e: InstanceType<typeof Anthropic.APIError>) => {
          assert.equal(e.status, 401);
          assert.match(e.message, /anthropic provider refused the provider key/);
          return true;
        });
      }
      assert.equal(world.tokenEndpoint.requests, grants, 'a relayed provider 401 bought a token request');
    } finally {
      world.provider.reset();
    }
  });

  test("the load balancer's 401: one fresh token, the request replayed, the answer arrives", async () => {
    world.provider.script = () => ({ text: 'AFTER-REFRESH-OK' });
    const grants = world.tokenEndpoint.requests;
    world.front.rejectNext = 1;
    const answer = await openai().chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(answer.choices[0]!.message.content, 'AFTER-REFRESH-OK');
    assert.equal(world.tokenEndpoint.requests, grants + 1);
    world.provider.reset();
  });

  test("azure-openai without its options: the OpenAI SDK reads a 503 (not Portkey's bare 500) naming the Azure setting to make", async () => {
    const azure = new OpenAI({ baseURL: `${vars.AI_GATEWAY_PROXY_URL}/azure-openai/v1`, apiKey: vars.OPENAI_API_KEY!, maxRetries: 0, timeout: 20_000 });
    await assert.rejects(azure.chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'hi' }] }), (e: InstanceType<typeof OpenAI.APIError>) => {
      assert.equal(e.status, 503);
      assert.match(e.message, /azure-openai needs the Azure resource name: set GATEWAY_AZURE_RESOURCE_NAME/);
      return true;
    });
  });

  describe('with the provider down', () => {
    before(() => world.provider.down());
    after(() => world.provider.up());

    test('the OpenAI and Anthropic SDKs, plain and streaming, name the unreachable provider', async () => {
      await assert.rejects(openai().chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'hi' }] }), CAUSE);
      await assert.rejects(
        (async () => {
          for await (const _ of await openai().chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'hi' }], stream: true }));
        })(),
        CAUSE,
      );
      await assert.rejects(anthropic().messages.create({ model: 'claude-sonnet-4-5', max_tokens: 20, messages: [{ role: 'user', content: 'hi' }] }), CAUSE);
      await assert.rejects(anthropic().messages.stream({ model: 'claude-sonnet-4-5', max_tokens: 20, messages: [{ role: 'user', content: 'hi' }] }).finalMessage(), CAUSE);
    });

    test('a LangChain script under `ai-gateway run` prints the cause', { skip: agentsSkip() }, async () => {
      const project = join(serve.home, 'langchain-down');
      await mkdir(project, { recursive: true });
      await symlink(join(AGENT_BIN, '..'), join(project, 'node_modules'));
      const script = `import { ChatOpenAI } from '@langchain/openai';
const llm = new ChatOpenAI({ model: 'gpt-4.1', maxRetries: 0, configuration: { baseURL: process.env.OPENAI_BASE_URL } });
try { await llm.invoke('Say hello'); } catch (error) { console.error('LANGCHAIN-ERROR:', error.message); process.exit(3); }
`;
      await writeFile(join(project, 'app.mjs'), script);
      const run = await serve.cli(['run', '--', process.execPath, join(project, 'app.mjs')], 60_000);
      assert.equal(run.code, 3, run.stdout + run.stderr);
      assert.match(run.stderr, new RegExp(`LANGCHAIN-ERROR: .*${CAUSE.source}`));
    });

    // Each agent retries a 5xx with its own backoff (OpenCode about 90 s, Continue about 115 s, Codex 30 requests
    // in about 27 s) before it shows the error; they wait side by side so the tier takes the longest of them, not
    // the sum. Codex hides the body of an HTTP 500 behind "high demand" and shows a 502's, which is why the proxy
    // answers 502 here. Codex on a Claude model goes through the proxy's Responses-to-Chat translation.
    test('Claude Code, OpenCode, Continue and Codex (on an OpenAI and on a Claude model) show that Portkey could not reach the provider', { skip: agentsSkip() }, async () => {
      const agents = [
        ['claude-code', 'claude-code', ['--model', 'claude-sonnet-4-5'], 'claude', ['-p', 'Say hello'], { CLAUDE_CODE_MAX_RETRIES: '0' }],
        ['opencode', 'opencode', ['--model', 'gpt-4.1'], 'opencode', ['run', 'Say hello'], {}],
        ['continue', 'continue', ['--model', 'gpt-4.1'], 'cn', ['-p', 'Say hello'], {}],
        ['codex on gpt-4.1', 'codex', ['--model', 'gpt-4.1'], 'codex', codexExecArgs('Say hello'), {}],
        ['codex on claude-sonnet-4-5', 'codex', ['--model', 'claude-sonnet-4-5'], 'codex', codexExecArgs('Say hello'), {}],
      ] as const;
      const outcomes = await Promise.all(
        agents.map(async ([label, agent, setupArgs, bin, args, env]) => {
          const stack = await startServe(world.gatewayEnv);
          try {
            const setup = await stack.cli(['setup', agent, '--yes', ...setupArgs]);
            assert.equal(setup.code, 0, setup.stdout + setup.stderr);
            return { agent: label, run: await runBounded(join(AGENT_BIN, bin), [...args], { ...stack.agentEnv, ...env }, 170_000) };
          } finally {
            await stack.close();
          }
        }),
      );
      for (const { agent, run } of outcomes) {
        assert.ok(!run.timedOut, `${agent} did not give up in time`);
        assert.notEqual(run.code, 0, agent);
        assert.match(run.stdout + run.stderr, CAUSE, `${agent} stdout: ${run.stdout.slice(-1500)}\nstderr: ${run.stderr.slice(-1500)}`);
      }
    });
  });
});
