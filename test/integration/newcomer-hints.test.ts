/**
 * Issue 12's second round: the hints a newcomer meets in the demo and on the first `serve`, each run with
 * the real `ai-gateway` command against real servers on port 0 in a throw-away HOME.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { CLI_BIN, cliEnv, runCli, startCli, type CliProcess } from '../helpers/cli.js';
import { freePort, occupyPort, startDoubles, tempDir } from '../helpers/stack.js';

const homes: string[] = [];
after(async () => {
  await Promise.all(homes.map((home) => rm(home, { recursive: true, force: true })));
});

async function home(): Promise<string> {
  const dir = await tempDir('agw-hints-');
  homes.push(dir);
  return dir;
}

/** Starts `ai-gateway demo` and waits until it listens. */
async function startDemo(env: Record<string, string | undefined>): Promise<{ demo: CliProcess; port: number }> {
  const port = await freePort();
  const demo = startCli(['demo', '--port', String(port)], { env, timeoutMs: 60_000 });
  await demo.waitFor(/Ctrl-C stops/, { timeoutMs: 20_000 });
  return { demo, port };
}

test('every hint shown in or about the demo names the demo\'s commands (--demo)', async () => {
  const env = cliEnv(await home());
  const { demo, port } = await startDemo(env);
  try {
    // Following the banner's `setup <agent>` without --demo would write the real agent config, pointed at 8484.
    assert.match(demo.stdout, /Agents: `[^`]*ai-gateway(?:\.cjs)? setup <agent> --demo`; scripts and SDKs: `eval "\$\([^)]*env --demo\)"`/);

    const langchain = await runCli(['setup', 'langchain', '--demo', '--dry-run'], { env });
    assert.equal(langchain.code, 0, langchain.stderr);
    assert.match(langchain.stdout, /eval "\$\([^)]* env --demo\)"/);
    assert.match(langchain.stdout, / run --demo -- python app\.py/);
    assert.doesNotMatch(langchain.stdout, /env\)"|run -- python/, 'no hint without --demo');
    // A library writes nothing: the demo's warning must not claim it writes a config.
    assert.doesNotMatch(langchain.stdout, /this writes langchain's config/);
    assert.match(langchain.stdout, /DEMO: these snippets point at the demo gateway on http:\/\/127\.0\.0\.1:\d+/);

    const doctor = await runCli(['doctor', 'langchain', '--demo'], { env });
    assert.match(doctor.stdout, /snippets from `[^`]* setup langchain --demo`/);

    // The real proxy is not running, the demo is: `env` says so and names the demo's form.
    const real = await runCli(['env'], { env });
    assert.match(real.stderr, new RegExp(`The demo runs on port ${port}: for it, use \`[^\`]* env --demo\``));
  } finally {
    await demo.stop();
  }
});

test('logs --demo and agents --demo read the demo\'s folder; `usage` with only demo requests points at --demo', async () => {
  const env = cliEnv(await home());
  const { demo } = await startDemo(env);
  try {
    const logs = await runCli(['logs', '--demo'], { env });
    assert.equal(logs.code, 0, logs.stderr);
    assert.match(logs.stdout, /serve started .*demo=true/);
    const realLogs = await runCli(['logs'], { env });
    assert.doesNotMatch(realLogs.stdout, /demo=true/, 'the real log is not the demo\'s');

    const agents = await runCli(['agents', '--demo'], { env });
    assert.equal(agents.code, 0, agents.stderr);
    assert.ok(agents.stdout.includes(join(env.AI_GATEWAY_HOME!, 'demo', 'agent-home')), agents.stdout);

    // The demo's sample traffic reaches its history within seconds.
    const deadline = Date.now() + 15_000;
    let usage = await runCli(['usage'], { env });
    while (!/The demo's history has \d+ requests?/.test(usage.stdout) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      usage = await runCli(['usage'], { env });
    }
    assert.match(usage.stdout, /No requests recorded/);
    assert.match(usage.stdout, /The demo's history has \d+ requests? in this span: `[^`]* usage --demo` shows them\./);
  } finally {
    await demo.stop();
  }
});

test('serve on a busy port: no token is requested, and the holder is named with its pid', { skip: process.platform !== 'linux' && 'pids from /proc' }, async () => {
  const doubles = await startDoubles();
  const busy = await occupyPort();
  try {
    const result = await runCli(['serve', '--port', String(busy.port)], { env: cliEnv(await home(), doubles.gatewayEnv) });
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, new RegExp(`Port ${busy.port} on 127\\.0\\.0\\.1 is already in use by a program of yours \\([^)]*\\(uid \\d+\\), pid ${process.pid}\\)`));
    assert.equal(doubles.tokenEndpoint.requests, 0, 'the port is checked before any (billed) token request');
  } finally {
    busy.server.close();
    await doubles.close();
  }
});

test('the demo on a busy port names `demo --port`, not the port setting it does not read', async () => {
  const busy = await occupyPort();
  try {
    const result = await runCli(['demo', '--port', String(busy.port)], { env: cliEnv(await home()) });
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /already in use by .*choose another port with `[^`]* demo --port N`/);
    assert.doesNotMatch(result.stderr, /port setting/);
  } finally {
    busy.server.close();
  }
});

test('serve --ui with no settings says it is not configured and names the window and `login`', async () => {
  const serve = startCli(['serve', '--ui', '--port', '0'], { env: cliEnv(await home()) });
  try {
    await serve.waitFor(/The gateway is not configured yet: fill in the gateway settings in the app window .*run `[^`]* login`/, { stream: 'stderr' });
  } finally {
    await serve.stop();
  }
});

test('under npx (its own node_modules/.bin on PATH) the hints say `npx ai-gateway`', async () => {
  const dir = await home();
  // What npx gives its child: npm_command=exec and the checkout's bin folder first on PATH.
  const bin = join(dir, 'checkout', 'node_modules', '.bin');
  await mkdir(bin, { recursive: true });
  await symlink(CLI_BIN, join(bin, 'ai-gateway'));
  const env = cliEnv(dir, { PATH: `${bin}:${process.env.PATH ?? ''}`, npm_command: 'exec', npm_lifecycle_event: 'npx' });
  const result = await runCli(['env'], { env });
  assert.match(result.stderr, /start it with `npx ai-gateway serve`/);
});
