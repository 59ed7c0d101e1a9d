/**
 * The real coding agents through `ai-gateway serve` and the real Portkey: each agent in a fresh HOME configured
 * only by `ai-gateway setup AGENT --yes`, its prompt answered by the mock provider behind Portkey and the
 * ALB-shaped front.
 */
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SetupPlan } from '../../app/contract/api.js';
import { AGENT_BIN, codexExecArgs, runBounded, startServe, type ServeStack } from '../agents/agent-harness.js';
import { agentsSkip, portkeySkip, startPortkeyWorld, type PortkeyWorld } from './harness/portkey-world.js';
import type { MockProviderName } from './harness/mock-provider.js';

const skip = portkeySkip() || agentsSkip();

describe('real agents through ai-gateway serve and the real Portkey', { skip, concurrency: false }, () => {
  let world: PortkeyWorld;
  let serve: ServeStack | null = null;
  before(async () => {
    world = await startPortkeyWorld();
  });
  afterEach(async () => {
    await serve?.close();
    serve = null;
    world.provider.reset();
  });
  after(() => world?.close());

  /** A fresh HOME and proxy with the agent set up by `setup AGENT --yes` only. */
  async function setUp(agent: string, extra: string[] = []): Promise<ServeStack> {
    serve = await startServe(world.gatewayEnv);
    const setup = await serve.cli(['setup', agent, '--yes', ...extra]);
    assert.equal(setup.code, 0, `setup ${agent} failed: ${setup.stdout}${setup.stderr}`);
    return serve;
  }

  /**
   * What `serve` recorded once `done` holds (or after 5 s): the statuses of its /v1/responses requests (its
   * log's per-request lines) and its Responses support memo for this gateway, by provider. Both are written
   * just after the answer went out.
   */
  async function settled(stack: ServeStack, done: (s: { statuses: number[]; memo: Record<string, boolean> }) => boolean) {
    const appHome = join(stack.home, '.ai-gateway-test');
    const deadline = performance.now() + 5_000;
    for (;;) {
      const log = await readFile(join(appHome, 'logs', 'ai-gateway.log'), 'utf8').catch(() => '');
      const statuses = log
        .split('\n')
        .filter((line) => line.includes('"message":"request"'))
        .map((line) => JSON.parse(line) as { path: string; status: number })
        .filter((entry) => entry.path === '/v1/responses')
        .map((entry) => entry.status);
      const stored = JSON.parse(await readFile(join(appHome, 'responses-support.json'), 'utf8').catch(() => '{}')) as Record<string, boolean>;
      const prefix = `${world.gatewayEnv.GATEWAY_URL} `;
      const memo = Object.fromEntries(Object.entries(stored).filter(([key]) => key.startsWith(prefix)).map(([key, served]) => [key.slice(prefix.length), served]));
      if (done({ statuses, memo }) || performance.now() > deadline) return { statuses, memo };
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** The mock provider got the prompt from Portkey, on `provider`'s own API, and never a local key. */
  function assertProviderAnswered(provider: MockProviderName, path: RegExp): void {
    const seen = world.provider.requests.filter((r) => r.provider === provider);
    assert.ok(seen.length > 0, `the mock ${provider} provider saw no request (it saw: ${world.provider.requests.map((r) => r.url).join(', ')})`);
    assert.ok(seen.some((r) => path.test(r.url)), `no request on ${path}: ${seen.map((r) => r.url).join(', ')}`);
    for (const r of seen) assert.ok(!JSON.stringify(r.headers).includes('agw-local-') && !r.url.includes('agw-local-'), 'a local key reached the provider');
  }

  test('Claude Code answers through Portkey (Anthropic Messages, streaming)', async () => {
    const stack = await setUp('claude-code', ['--model', 'claude-sonnet-4-5']);
    world.provider.script = () => ({ text: 'CLAUDE-THROUGH-PORTKEY-OK' });
    const run = await runBounded(join(AGENT_BIN, 'claude'), ['-p', 'Say hello'], stack.agentEnv, 120_000);
    assert.match(run.stdout, /CLAUDE-THROUGH-PORTKEY-OK/, `stdout: ${run.stdout}\nstderr: ${run.stderr}`);
    assertProviderAnswered('anthropic', /^\/anthropic\/v1\/messages$/);
  });

  test('OpenCode answers through Portkey (Chat Completions, streaming)', async () => {
    const stack = await setUp('opencode', ['--model', 'gpt-4.1']);
    world.provider.script = () => ({ text: 'OPENCODE-THROUGH-PORTKEY-OK' });
    const run = await runBounded(join(AGENT_BIN, 'opencode'), ['run', 'Say hello'], stack.agentEnv, 150_000);
    assert.match(run.stdout + run.stderr, /OPENCODE-THROUGH-PORTKEY-OK/, `stdout: ${run.stdout}\nstderr: ${run.stderr}`);
    assertProviderAnswered('openai', /^\/openai\/v1\/chat\/completions$/);
  });

  test('Continue answers through Portkey', async () => {
    const stack = await setUp('continue', ['--model', 'gpt-4.1']);
    world.provider.script = () => ({ text: 'CONTINUE-THROUGH-PORTKEY-OK' });
    const run = await runBounded(join(AGENT_BIN, 'cn'), ['-p', 'Say hello'], stack.agentEnv, 120_000);
    assert.match(run.stdout, /CONTINUE-THROUGH-PORTKEY-OK/, `stdout: ${run.stdout}\nstderr: ${run.stderr}`);
    assertProviderAnswered('openai', /^\/openai\/v1\/chat\/completions$/);
  });

  test('Codex on an OpenAI model answers through Portkey (it serves /v1/responses for openai)', async () => {
    const stack = await setUp('codex', ['--model', 'gpt-4.1']);
    world.provider.script = () => ({ text: 'CODEX-THROUGH-PORTKEY-OK' });
    const run = await codex(stack, 'Say hello');
    assert.match(run.stdout, /CODEX-THROUGH-PORTKEY-OK/, `stdout: ${run.stdout}\nstderr: ${run.stderr.slice(-2000)}`);
    assertProviderAnswered('openai', /^\/openai\/v1\/responses$/);
    // Codex hangs up right after response.completed, before Portkey ends the chunked body: a success, not a 499.
    const recorded = await settled(stack, (s) => s.statuses.length > 0 && 'openai' in s.memo);
    assert.deepEqual(recorded.statuses, [200], 'what serve recorded of /v1/responses');
    assert.equal(recorded.memo.openai, true, 'Responses support is remembered for this gateway and openai');
  });

  test('Codex on a Claude model answers through Portkey (which refuses /v1/responses for anthropic: the proxy translates to Chat)', async () => {
    const stack = await setUp('codex', ['--model', 'claude-sonnet-4-5']);
    world.provider.script = () => ({ text: 'CODEX-ON-CLAUDE-OK' });
    const run = await codex(stack, 'Say hello');
    assert.match(run.stdout, /CODEX-ON-CLAUDE-OK/, `stdout: ${run.stdout}\nstderr: ${run.stderr.slice(-2000)}`);
    // Portkey turned the translated Chat Completions request into Anthropic Messages.
    assertProviderAnswered('anthropic', /^\/anthropic\/v1\/messages$/);
    const recorded = await settled(stack, (s) => 'anthropic' in s.memo);
    assert.equal(recorded.memo.anthropic, false, 'learnt from Portkey\'s answer: no Responses for anthropic on this gateway');
  });

  test('the LangChain JavaScript snippet from `setup langchain` answers through Portkey, whole and streamed', async () => {
    const stack = await setUp('langchain');
    world.provider.script = () => ({ text: 'LANGCHAIN-THROUGH-PORTKEY-OK' });
    const plan = await stack.cli(['setup', 'langchain', '--dry-run', '--json']);
    const snippet = (JSON.parse(plan.stdout) as SetupPlan).snippets.find((s) => s.title.startsWith('JavaScript: ChatOpenAI'));
    assert.ok(snippet, 'the setup offers a JavaScript ChatOpenAI snippet');
    const project = join(stack.home, 'project');
    await mkdir(project);
    await symlink(join(AGENT_BIN, '..'), join(project, 'node_modules'));
    const streamed = `\nlet streamed = '';\nfor await (const chunk of await llm.stream('Say hello')) streamed += chunk.content;\nconsole.log('streamed:', streamed);\n`;
    await writeFile(join(project, 'app.mjs'), snippet.code + streamed);
    const run = await stack.cli(['run', '--', process.execPath, join(project, 'app.mjs')], 60_000);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^LANGCHAIN-THROUGH-PORTKEY-OK$/m);
    assert.match(run.stdout, /streamed: LANGCHAIN-THROUGH-PORTKEY-OK/);
    assertProviderAnswered('openai', /^\/openai\/v1\/chat\/completions$/);
  });
});

/** `codex exec PROMPT`, bounded. */
function codex(stack: ServeStack, prompt: string) {
  return runBounded(join(AGENT_BIN, 'codex'), codexExecArgs(prompt), stack.agentEnv, 120_000);
}
