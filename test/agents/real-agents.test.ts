/**
 * The real coding agents, each in a fresh HOME configured only by `ai-gateway setup AGENT --yes`, run one
 * non-interactive prompt through `ai-gateway serve` to the gateway double and print the double's answer.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import type { SetupPlan } from '../../app/contract/api.js';
import type { UsageReport } from '../../app/contract/usage.js';
import { join } from 'node:path';
import { AGENT_BIN, agentsInstalled, codexExecArgs, runBounded, startAgentStack, type AgentStack } from './agent-harness.js';

const installed = agentsInstalled();
if (!installed && process.env.CI) throw new Error('The agent CLIs are not installed: CI must run `npm install --prefix test/agents` first.');
const skip = installed ? false : 'agent CLIs not installed (npm install --prefix test/agents)';

/** Sets an agent up and returns the stack; every test gets its own HOME and proxy. */
async function setUp(agent: string, extra: string[] = [], gatewayOptions: Parameters<typeof startAgentStack>[0] = {}): Promise<AgentStack> {
  const stack = await startAgentStack(gatewayOptions);
  const setup = await stack.cli(['setup', agent, '--yes', ...extra]);
  assert.equal(setup.code, 0, `setup ${agent} failed: ${setup.stdout}${setup.stderr}`);
  return stack;
}

/** Every request the gateway double saw carried a JWT it verified and the provider header, and never a local key. */
function assertGatewaySawValidRequests(stack: AgentStack, provider: string): void {
  const posts = stack.gateway.requests.filter((r) => r.method === 'POST');
  assert.ok(posts.length > 0, 'the gateway double saw no request');
  for (const r of posts) {
    assert.equal(r.provider, provider);
    assert.match(String(r.headers.authorization), /^Bearer eyJ/);
    assert.ok(!JSON.stringify(r.headers).includes('agw-local-'), 'a local key reached the gateway');
  }
}

/**
 * `ai-gateway usage` (a separate process reading the history files) shows the agent's requests with the
 * tokens the gateway double's answers reported, to the token, and their times; its text for people too.
 * The proxy writes its queue within about a second: polled, bounded.
 */
async function assertHistoryShows(stack: AgentStack, owner: string, provider: string): Promise<void> {
  const answered = stack.gateway.requests.filter((r) => r.usage);
  assert.ok(answered.length > 0, 'the double answered no request with token counts');
  const want = { input: answered.reduce((sum, r) => sum + r.usage!.input, 0), output: answered.reduce((sum, r) => sum + r.usage!.output, 0) };
  let report: UsageReport | null = null;
  let group: UsageReport['groups'][number] | undefined;
  for (let i = 0; i < 40; i++) {
    const usage = await stack.cli(['usage', '--json', '--since', '1h']);
    assert.equal(usage.code, 0, usage.stderr);
    report = JSON.parse(usage.stdout) as UsageReport;
    group = report.groups.find((g) => g.key === owner);
    if (group && group.inputTokens >= want.input && group.outputTokens >= want.output) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  assert.ok(group, `no history for ${owner}: ${JSON.stringify(report!.groups.map((g) => g.key))}`);
  assert.ok(group.requests >= answered.length, `${group.requests} requests recorded, ${answered.length} answered`);
  assert.deepEqual({ input: group.inputTokens, output: group.outputTokens }, want, `tokens of ${owner}: the history against what the gateway answered`);
  assert.ok(group.firstByteMs.p50 !== null && group.totalMs.p50 !== null && group.totalMs.p50 >= group.firstByteMs.p50, JSON.stringify(group));
  assert.ok(report!.byProvider.some((p) => p.key === provider), `provider ${provider} in ${JSON.stringify(report!.byProvider.map((p) => p.key))}`);
  // The text people read has the same row.
  const text = await stack.cli(['usage', '--since', '1h']);
  assert.equal(text.code, 0, text.stderr);
  const n = (v: number) => v.toLocaleString('en-US');
  assert.match(text.stdout, new RegExp(`^${owner}\\s+${n(group.requests)}\\s+${n(group.errors)}\\s+${n(want.input)}\\s+${n(want.output)}\\s+\\d`, 'm'), text.stdout);
}

describe('real agents through ai-gateway serve', { skip, concurrency: false }, () => {
  describe('Claude Code', () => {
    let stack: AgentStack;
    before(async () => {
      stack = await setUp('claude-code', ['--model', 'claude-sonnet-4-5']);
    });
    after(() => stack.close());
    test('claude -p answers with the double\'s text', async () => {
      stack.gateway.script = () => ({ text: 'CLAUDE-THROUGH-GATEWAY-OK' });
      const run = await runBounded(join(AGENT_BIN, 'claude'), ['-p', 'Say hello'], stack.agentEnv, 120_000);
      assert.match(run.stdout, /CLAUDE-THROUGH-GATEWAY-OK/, `stdout: ${run.stdout}\nstderr: ${run.stderr}`);
      assertGatewaySawValidRequests(stack, 'anthropic');
      assert.ok(stack.gateway.requests.some((r) => r.path.startsWith('/v1/messages')), 'Claude used the Messages API');
      await assertHistoryShows(stack, 'claude-code', 'anthropic');
    });
    test('doctor checks settings.json the way Claude parses it: with a comment line, claude ignores the file, doctor says so, and setup refuses it', async () => {
      const file = join(stack.home, '.claude', 'settings.json');
      const written = await readFile(file, 'utf8');
      try {
        await writeFile(file, `// my own settings\n${written}`);
        stack.gateway.reset();
        stack.gateway.script = () => ({ text: 'CLAUDE-READ-A-COMMENTED-FILE' });
        const run = await runBounded(join(AGENT_BIN, 'claude'), ['-p', 'Say hello'], stack.agentEnv, 120_000);
        // The reason for the strict check: the real CLI drops the whole file (no base URL, no key).
        assert.doesNotMatch(run.stdout, /CLAUDE-READ-A-COMMENTED-FILE/, `claude read a settings.json with a comment; strictJson in descriptors/claude-code.ts may be relaxed.\n${run.stdout}${run.stderr}`);
        assert.equal(stack.gateway.requests.length, 0, 'claude reached the gateway through a file it should have ignored');
        const doctor = await stack.cli(['doctor', 'claude-code']);
        assert.equal(doctor.code, 1, doctor.stdout + doctor.stderr);
        assert.match(doctor.stdout, /FAIL config parses: \S+settings\.json has a comment at line 1, column 1: Claude Code reads it as strict JSON and ignores the whole file/);
        const setup = await stack.cli(['setup', 'claude-code', '--yes']);
        assert.notEqual(setup.code, 0);
        assert.match(setup.stderr, /has a comment at line 1, column 1, which Claude Code cannot read/);
      } finally {
        await writeFile(file, written);
      }
    });
  });

  describe('Claude Code, direct mode (apiKeyHelper runs `ai-gateway token`; no proxy in the path)', () => {
    let stack: AgentStack;
    before(async () => {
      stack = await startAgentStack();
      // Direct mode needs stored settings: the agent runs `ai-gateway token` without any GATEWAY_* variable.
      // No keyring here, so the secret goes to the 0600 file the user can ask for.
      const login = await stack.cli(['login', '--store', '--store-secret-in-file'], 30_000, stack.gatewayEnv);
      assert.equal(login.code, 0, login.stderr);
      const setup = await stack.cli(['setup', 'claude-code', '--mode', 'direct', '--quiet', '--yes', '--model', 'claude-sonnet-4-6']);
      assert.equal(setup.code, 0, setup.stdout + setup.stderr);
    });
    after(() => stack.close());
    test('claude -p reaches the gateway itself with a JWT from the token command and the provider header', async () => {
      stack.gateway.reset();
      stack.gateway.script = () => ({ text: 'CLAUDE-DIRECT-OK' });
      const run = await runBounded(join(AGENT_BIN, 'claude'), ['-p', 'Say hello'], stack.agentEnv, 120_000);
      assert.match(run.stdout, /CLAUDE-DIRECT-OK/, `stdout: ${run.stdout}\nstderr: ${run.stderr}`);
      assertGatewaySawValidRequests(stack, 'anthropic');
    });
  });

  describe('OpenCode', () => {
    let stack: AgentStack;
    before(async () => {
      stack = await setUp('opencode', ['--model', 'gpt-4.1']);
    });
    after(() => stack.close());
    test('opencode run answers with the double\'s text', async () => {
      stack.gateway.script = () => ({ text: 'OPENCODE-THROUGH-GATEWAY-OK' });
      const run = await runBounded(join(AGENT_BIN, 'opencode'), ['run', 'Say hello'], stack.agentEnv, 150_000);
      assert.match(run.stdout + run.stderr, /OPENCODE-THROUGH-GATEWAY-OK/, `stdout: ${run.stdout}\nstderr: ${run.stderr}`);
      assertGatewaySawValidRequests(stack, 'openai');
      await assertHistoryShows(stack, 'opencode', 'openai');
    });
  });

  describe('Continue', () => {
    let stack: AgentStack;
    before(async () => {
      stack = await setUp('continue', ['--model', 'gpt-4.1']);
    });
    after(() => stack.close());
    test('cn -p answers with the double\'s text', async () => {
      stack.gateway.script = () => ({ text: 'CONTINUE-THROUGH-GATEWAY-OK' });
      const run = await runBounded(join(AGENT_BIN, 'cn'), ['-p', 'Say hello'], stack.agentEnv, 120_000);
      assert.match(run.stdout, /CONTINUE-THROUGH-GATEWAY-OK/, `stdout: ${run.stdout}\nstderr: ${run.stderr}`);
      assertGatewaySawValidRequests(stack, 'openai');
      await assertHistoryShows(stack, 'continue', 'openai');
    });
  });

  describe('LangChain (JavaScript)', () => {
    let stack: AgentStack;
    before(async () => {
      stack = await setUp('langchain');
    });
    after(() => stack.close());
    test('the JavaScript snippet the setup shows answers under `ai-gateway run`, whole and streamed', async () => {
      stack.gateway.script = () => ({ text: 'LANGCHAIN-THROUGH-GATEWAY-OK' });
      const plan = await stack.cli(['setup', 'langchain', '--dry-run', '--json']);
      const snippet = (JSON.parse(plan.stdout) as SetupPlan).snippets.find((s) => s.title.startsWith('JavaScript: ChatOpenAI'));
      assert.ok(snippet, 'the setup offers a JavaScript ChatOpenAI snippet');
      assert.ok(!snippet.code.includes('agw-local-'), 'the snippet holds no key');
      // The user's project: the snippet as shown, plus streaming, with @langchain/openai installed beside it.
      const project = join(stack.home, 'project');
      await mkdir(project);
      await symlink(join(AGENT_BIN, '..'), join(project, 'node_modules'));
      const streamed = `\nlet streamed = '';\nfor await (const chunk of await llm.stream('Say hello')) streamed += chunk.content;\nconsole.log('streamed:', streamed);\n`;
      await writeFile(join(project, 'app.mjs'), snippet.code + streamed);
      const run = await stack.cli(['run', '--', process.execPath, join(project, 'app.mjs')], 60_000);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /^LANGCHAIN-THROUGH-GATEWAY-OK$/m);
      assert.match(run.stdout, /streamed: LANGCHAIN-THROUGH-GATEWAY-OK/);
      assertGatewaySawValidRequests(stack, 'openai');
      // `ai-gateway run` hands the script the key of `ai-gateway env`, so its requests are that key's.
      await assertHistoryShows(stack, 'env', 'openai');
    });
  });

  describe('Codex CLI (Responses API translated to Chat Completions)', () => {
    let stack: AgentStack;
    const codex = (prompt: string) =>
      runBounded(join(AGENT_BIN, 'codex'), codexExecArgs(prompt), stack.agentEnv, 120_000);
    before(async () => {
      // A company gateway without /v1/responses (Portkey 1.15 serves it for openai; the Portkey tier runs that).
      stack = await setUp('codex', ['--model', 'gpt-4.1'], { servesResponses: false });
    });
    after(() => stack.close());

    test('codex exec prints the answer of a gateway without /v1/responses', async () => {
      stack.gateway.reset();
      stack.gateway.script = () => ({ text: 'CODEX-THROUGH-GATEWAY-OK' });
      const run = await codex('Say hello');
      assert.match(run.stdout, /CODEX-THROUGH-GATEWAY-OK/, `stdout: ${run.stdout}\nstderr: ${run.stderr.slice(-2000)}`);
      assert.ok(stack.gateway.requests.some((r) => r.path === '/v1/chat/completions'), 'the proxy translated to Chat Completions');
      assertGatewaySawValidRequests(stack, 'openai');
      await assertHistoryShows(stack, 'codex', 'openai');
    });

    test('codex runs a tool call from the gateway and sends the result back', async () => {
      stack.gateway.reset();
      stack.gateway.script = ({ body }) => {
        const messages = (body.messages ?? []) as { role: string; content: unknown }[];
        const toolResult = messages.find((m) => m.role === 'tool');
        if (toolResult) return { text: `TOOL-RESULT-SEEN: ${JSON.stringify(toolResult.content).includes('codex-tool-ran') ? 'yes' : 'no'}` };
        return { toolCall: { name: 'exec_command', arguments: JSON.stringify({ cmd: 'echo codex-tool-ran' }) } };
      };
      const run = await codex('Run the echo command');
      assert.match(run.stdout, /TOOL-RESULT-SEEN: yes/, `stdout: ${run.stdout}\nstderr: ${run.stderr.slice(-3000)}`);
      const chats = stack.gateway.requests.filter((r) => r.path === '/v1/chat/completions');
      assert.ok(chats.length >= 2, 'a second request carried the tool result');
    });
  });
});
