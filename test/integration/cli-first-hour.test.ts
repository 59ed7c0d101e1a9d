/**
 * A newcomer's first hour with the real `ai-gateway` command: the mistakes and dead ends of issue 12,
 * each run against real servers on port 0 in a throw-away HOME.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { CLI_BIN, cliEnv, runCli, startCli, writeSettings } from '../helpers/cli.js';
import { freePort, occupyPort, startDoubles, tempDir } from '../helpers/stack.js';

/** The agents whose setup writes files (LangChain's is a snippet). */
const FILE_AGENTS = ['claude-code', 'opencode', 'codex', 'continue', 'goose'] as const;

const homes: string[] = [];
after(async () => {
  await Promise.all(homes.map((home) => rm(home, { recursive: true, force: true })));
});

async function home(): Promise<string> {
  const dir = await tempDir('agw-first-hour-');
  homes.push(dir);
  return dir;
}

/** True when nothing listens on `port` any more (we can take it ourselves). */
async function isFree(port: number): Promise<boolean> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

test('serve --ui --ui-port <busy>: names --ui-port, exits, and frees the proxy port', async () => {
  const busy = await occupyPort();
  try {
    const proxyPort = await freePort();
    const result = await runCli(['serve', '--ui', '--ui-port', String(busy.port), '--port', String(proxyPort)], { env: cliEnv(await home()), timeoutMs: 20_000 });
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, new RegExp(`Port ${busy.port} on 127\\.0\\.0\\.1 is already in use, so the app window cannot start\\. Pick another with --ui-port N`));
    assert.doesNotMatch(result.stderr, /--port\b|\.\.|unexpected error/);
    assert.equal(await isFree(proxyPort), true, 'the proxy port is free again');
  } finally {
    busy.server.close();
  }
});

test('undo removes the folders setup created (.codex, .continue, goose\'s), and keeps a folder something else wrote into', async () => {
  const dir = await home();
  const env = cliEnv(dir);
  for (const agent of ['codex', 'continue', 'goose']) {
    assert.equal((await runCli(['setup', agent, '--yes'], { env })).code, 0, `setup ${agent}`);
  }
  assert.ok(existsSync(join(dir, '.codex', 'config.toml')));
  assert.ok(existsSync(join(dir, '.continue', 'config.yaml')));
  // Something of the user's lands in goose's config folder after setup: that folder must stay.
  await writeFile(join(dir, '.config', 'goose', 'notes.txt'), 'mine\n');
  for (const agent of ['codex', 'continue', 'goose']) {
    const undo = await runCli(['setup', agent, '--undo', '--yes'], { env });
    assert.equal(undo.code, 0, `undo ${agent}: ${undo.stderr}`);
  }
  assert.equal(existsSync(join(dir, '.codex')), false, '.codex is gone');
  assert.equal(existsSync(join(dir, '.continue')), false, '.continue is gone');
  assert.equal(existsSync(join(dir, '.config', 'goose', 'custom_providers')), false, 'goose custom_providers is gone');
  assert.equal(await readFile(join(dir, '.config', 'goose', 'notes.txt'), 'utf8'), 'mine\n');
});

test('answering n at the terminal prompt says so, and does not suggest a terminal', async () => {
  const dir = await home();
  const env = cliEnv(dir);
  // A real terminal: util-linux `script` runs the command on a pty; the answer is typed once the prompt shows.
  const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI_BIN)} setup codex`;
  const child = spawn('script', ['-qfec', command, '/dev/null'], { env: { ...env, TERM: 'dumb' } as NodeJS.ProcessEnv, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  let answered = false;
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
    if (!answered && /Write these changes\? \[Y\/n\]/.test(output)) {
      answered = true;
      child.stdin.write('n\r');
    }
  });
  const code = await exited;
  clearTimeout(timer);
  assert.ok(answered, `the prompt appeared:\n${output}`);
  assert.notEqual(code, 0);
  assert.match(output, /Nothing written: you answered no\./);
  assert.doesNotMatch(output, /on a terminal to confirm/);
  assert.equal(existsSync(join(dir, '.codex', 'config.toml')), false);
});

test('without a terminal, setup says --yes is needed', async () => {
  const result = await runCli(['setup', 'codex'], { env: cliEnv(await home()) });
  assert.equal(result.code, 1);
  assert.match(result.stderr, /Nothing written: there is no terminal to confirm on\. Re-run with --yes to write\./);
});

/** True when the OS keyring refuses writes for a CLI child with `env` (it does in containers: reads work, writes are AccessDenied). */
async function keyringRefusesWrites(env: Record<string, string | undefined>): Promise<boolean> {
  // Probed from a child like the CLI's: a kernel keyring's answer depends on the process's session.
  const secretStore = new URL('../../app/core/config/secret-store.js', import.meta.url).href;
  const probe = `import(${JSON.stringify(secretStore)}).then(async (m) => { const s = new m.KeyringSecretStore('probe@' + process.pid); try { await s.set('probe-value'); await s.delete(); process.exit(0); } catch { process.exit(3); } })`;
  const code = await new Promise<number | null>((resolve) => spawn(process.execPath, ['-e', probe], { env: env as NodeJS.ProcessEnv, stdio: 'ignore' }).on('close', resolve));
  return code === 3;
}

test('login where the keyring refuses writes: reports the login, stores the other values, offers the 0600 file', async (t) => {
  const doubles = await startDoubles();
  try {
    // Without a terminal: the login is reported, the four values are stored, the secret is not, and the way to keep it is named.
    const plain = cliEnv(await home(), doubles.gatewayEnv);
    if (!(await keyringRefusesWrites(plain))) return t.skip('this machine\'s keyring accepts writes');
    const result = await runCli(['login', '--store'], { env: plain });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^Logged in: token valid for /m);
    assert.match(result.stderr, /The OS keyring refused to store the client secret \(.+\)\./);
    assert.match(result.stderr, /The client secret was not stored: keep exporting GATEWAY_CLIENT_SECRET, or run `node bin\/ai-gateway\.cjs login --store-secret-in-file`/);
    const stored = JSON.parse(await readFile(join(plain.AI_GATEWAY_HOME!, 'settings.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(stored.gatewayUrl, doubles.gatewayEnv.GATEWAY_URL);
    assert.equal(stored.clientId, doubles.gatewayEnv.GATEWAY_CLIENT_ID);
    assert.equal(stored.tokenEndpoint, doubles.gatewayEnv.GATEWAY_TOKEN_ENDPOINT);
    assert.ok(!JSON.stringify(stored).includes(doubles.gatewayEnv.GATEWAY_CLIENT_SECRET!), 'no secret in settings.json');
    assert.equal(existsSync(join(plain.AI_GATEWAY_HOME!, 'client-secret')), false);

    // On a terminal: yes to storing, yes to the file the prompt offers; the next run needs no exported secret.
    const env = cliEnv(await home(), doubles.gatewayEnv);
    const { output, code } = await onTerminal(['login'], env, [
      [/Store these gateway settings for next time \(the secret in the OS keyring\)\? \[y\/N\]/, 'y'],
      [/Keep the client secret in a 0600 file readable only by you \(.+client-secret\) instead\? \[y\/N\]/, 'y'],
    ]);
    assert.equal(code, 0, output);
    assert.match(output, /Logged in: token valid for /);
    assert.match(output, /The client secret is stored in plain text, readable only by you \(0600\)/);
    const status = await runCli(['status', '--json'], { env: { ...env, GATEWAY_URL: undefined, GATEWAY_CLIENT_ID: undefined, GATEWAY_CLIENT_SECRET: undefined, GATEWAY_TOKEN_ENDPOINT: undefined } });
    const view = JSON.parse(status.stdout) as { configured: boolean; settings: { secret: { present: boolean; storage: string } } };
    assert.equal(view.configured, true);
    assert.deepEqual(view.settings.secret, { present: true, storage: 'file' });
  } finally {
    await doubles.close();
  }
});

/** Runs the CLI on a real terminal (util-linux `script`), typing each answer once its prompt shows. */
async function onTerminal(args: string[], env: Record<string, string | undefined>, answers: [RegExp, string][]): Promise<{ output: string; code: number | null }> {
  const command = [process.execPath, CLI_BIN, ...args].map((a) => JSON.stringify(a)).join(' ');
  const child = spawn('script', ['-qfec', command, '/dev/null'], { env: { ...env, TERM: 'dumb' } as NodeJS.ProcessEnv, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  let next = 0;
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
    const pending = answers[next];
    if (pending && pending[0].test(output)) {
      next++;
      child.stdin.write(`${pending[1]}\r`);
    }
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  assert.equal(next, answers.length, `every prompt appeared:\n${output}`);
  return { output, code };
}

test('demo: an agent set up in the demo gets its config in the demo\'s own folder, never the real one, and undo there works', async () => {
  const dir = await home();
  const env = cliEnv(dir);
  const demo = startCli(['demo', '--port', String(await freePort())], { env, timeoutMs: 60_000 });
  try {
    const [, proxy] = await demo.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/, { timeoutMs: 20_000 });
    const setup = await runCli(['setup', 'codex', '--demo', '--yes'], { env });
    assert.equal(setup.code, 0, setup.stderr);
    assert.match(setup.stdout, /DEMO: this writes codex's config into the demo's own folder \(.+agent-home\), not your real one/);
    assert.equal(existsSync(join(dir, '.codex')), false, 'the real ~/.codex is untouched');
    const sandboxed = join(env.AI_GATEWAY_HOME!, 'demo', 'agent-home', '.codex', 'config.toml');
    assert.match(await readFile(sandboxed, 'utf8'), new RegExp(proxy!.replace(/[.]/g, '\\.')));
    const undo = await runCli(['setup', 'codex', '--demo', '--undo', '--yes'], { env });
    assert.equal(undo.code, 0, undo.stderr);
    assert.equal(existsSync(sandboxed), false);
    // The real setup has nothing to undo: nothing real ever pointed at the demo's port.
    const real = await runCli(['setup', 'codex', '--undo', '--yes'], { env });
    assert.match(real.stdout, /Nothing to undo/);
  } finally {
    await demo.stop();
  }
});

/** Every file under `dir` (recursively) whose text names `127.0.0.1:PORT` or `localhost:PORT` for one of `ports`. */
async function filesNaming(dir: string, ports: number[], skip: (path: string) => boolean): Promise<string[]> {
  const found: string[] = [];
  const pattern = new RegExp(`(127\\.0\\.0\\.1|localhost):(${ports.join('|')})\\b`);
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name);
    if (!entry.isFile() || skip(path)) continue;
    if (pattern.test(await readFile(path, 'utf8'))) found.push(path);
  }
  return found;
}

test('every agent with files: set up against the demo and against serve, both undone after they stopped; nothing points at either port afterwards', async () => {
  const doubles = await startDoubles();
  const dir = await home();
  const env = cliEnv(dir, doubles.gatewayEnv);
  const [realPort, demoPort] = [await freePort(), await freePort()];
  await writeSettings(env, { port: realPort });
  const serve = startCli(['serve'], { env, timeoutMs: 120_000 });
  const demo = startCli(['demo', '--port', String(demoPort)], { env, timeoutMs: 120_000 });
  const appData = env.AI_GATEWAY_HOME!;
  const demoHome = join(appData, 'demo', 'agent-home');
  // The app's own files (settings, records, logs, backups) name its port by design; agents' configs must not once undone.
  const notAgentConfig = (path: string) => path.startsWith(appData + sep) && !path.startsWith(demoHome + sep);
  try {
    await Promise.all([serve.waitFor(/listening on/, { timeoutMs: 30_000 }), demo.waitFor(/listening on/, { timeoutMs: 30_000 })]);
    for (const agent of FILE_AGENTS) {
      const inDemo = await runCli(['setup', agent, '--demo', '--yes'], { env });
      assert.equal(inDemo.code, 0, `setup ${agent} --demo: ${inDemo.stderr}`);
      const real = await runCli(['setup', agent, '--yes'], { env });
      assert.equal(real.code, 0, `setup ${agent}: ${real.stderr}`);
    }
    const pointing = await filesNaming(dir, [realPort, demoPort], notAgentConfig);
    assert.ok(pointing.some((p) => p.startsWith(demoHome)) && pointing.some((p) => !p.startsWith(demoHome)), `both set-ups were written: ${pointing.join(', ')}`);
  } finally {
    await Promise.all([serve.stop(), demo.stop()]);
    await doubles.close();
  }
  // Neither proxy runs now: the undos must still work, for the demo's set-ups too.
  for (const agent of FILE_AGENTS) {
    const inDemo = await runCli(['setup', agent, '--demo', '--undo', '--yes'], { env });
    assert.equal(inDemo.code, 0, `setup ${agent} --demo --undo: ${inDemo.stdout}${inDemo.stderr}`);
    assert.doesNotMatch(inDemo.stdout + inDemo.stderr, /not set up by this app/);
    const real = await runCli(['setup', agent, '--undo', '--yes'], { env });
    assert.equal(real.code, 0, `setup ${agent} --undo: ${real.stdout}${real.stderr}`);
  }
  assert.deepEqual(await filesNaming(dir, [realPort, demoPort], notAgentConfig), [], 'no agent config names a port whose proxy is gone');
});

test('LangChain: setup says nothing is written; doctor langchain sends the snippet\'s own request through the proxy', async () => {
  const doubles = await startDoubles();
  const dir = await home();
  const env = cliEnv(dir, doubles.gatewayEnv);
  const serve = startCli(['serve', '--port', String(await freePort())], { env, timeoutMs: 60_000 });
  try {
    await serve.waitFor(/listening on/, { timeoutMs: 20_000 });
    const setup = await runCli(['setup', 'langchain'], { env });
    assert.equal(setup.code, 0, setup.stderr);
    assert.match(setup.stdout, /langchain is a library: nothing is written\. Paste a snippet above; `node bin\/ai-gateway\.cjs doctor langchain` sends its request through the proxy\./);
    assert.doesNotMatch(setup.stdout, /Already set up/);
    const doctor = await runCli(['doctor', 'langchain', '--json'], { env });
    assert.equal(doctor.code, 0, doctor.stdout + doctor.stderr);
    const [report] = JSON.parse(doctor.stdout) as { ok: boolean; checks: { name: string; ok: boolean; message: string }[] }[];
    assert.equal(report!.ok, true);
    assert.ok(report!.checks.some((c) => /Real requests/.test(c.name) && c.ok), JSON.stringify(report));
    assert.ok(doubles.gateway.requests.some((r) => r.path.includes('/chat/completions')), 'the request reached the gateway');
  } finally {
    await serve.stop();
    await doubles.close();
  }
});
