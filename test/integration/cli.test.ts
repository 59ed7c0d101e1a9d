import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { KeyringSecretStore, keyringAccount } from '../../app/core/config/secret-store.js';
import { cliEnv, runCli, startCli, writeSettings, type CliResult } from '../helpers/cli.js';
import { send } from '../helpers/http.js';
import { freePort, startDoubles, tempDir, TEST_CLIENT_SECRET, type Doubles } from '../helpers/stack.js';

let doubles: Doubles;
const homes: string[] = [];
const JWT = /eyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]{8,}/;

before(async () => {
  doubles = await startDoubles();
});
after(async () => {
  await doubles.close();
  await Promise.all(homes.map((h) => rm(h, { recursive: true, force: true })));
});

/** A fresh HOME and AI_GATEWAY_HOME with GATEWAY_* for the doubles, and a free proxy port stored as the setting. */
async function userEnv(extra: Record<string, string | undefined> = {}, settings: Record<string, unknown> = {}) {
  const home = await tempDir('agw-cli-');
  homes.push(home);
  const env = cliEnv(home, { ...doubles.gatewayEnv, ...extra });
  const port = await freePort();
  await writeSettings(env, { port, ...settings });
  return { env, home, port };
}

function noSecrets(result: CliResult, what: string): void {
  const all = result.stdout + result.stderr;
  assert.ok(!all.includes(TEST_CLIENT_SECRET), `${what} printed the client secret`);
}

test('--help lists the commands, each command has --help, no command is a usage error; their usage lines name the command that runs here', async () => {
  const { env } = await userEnv();
  const help = await runCli(['--help'], { env });
  assert.equal(help.code, 0);
  const names = [...help.stdout.matchAll(/^ {2}(\w+) {2,}/gm)].map((m) => m[1]!);
  for (const expected of ['serve', 'login', 'token', 'status', 'test', 'env', 'run', 'demo']) assert.ok(names.includes(expected), `--help lists ${expected}`);
  const results = await Promise.all(names.map((name) => runCli([name, '--help'], { env })));
  results.forEach((r, i) => {
    assert.equal(r.code, 0, `${names[i]} --help: ${r.stderr}`);
    // Run as `node bin/ai-gateway.cjs` in the checkout, with no `ai-gateway` of this checkout on PATH.
    assert.match(r.stdout, new RegExp(`^Usage: node bin/ai-gateway\\.cjs ${names[i]}`), names[i]);
  });
  const bare = await runCli([], { env });
  assert.equal(bare.code, 2);
  assert.match(bare.stdout, /Usage: node bin\/ai-gateway\.cjs <command> \[options\] +\(`node bin\/ai-gateway\.cjs <command> --help` for details\)/);
  assert.match(bare.stdout, /Start here: `node bin\/ai-gateway\.cjs demo --ui`/);
  assert.doesNotMatch(help.stdout, /(^|[ `(])ai-gateway (<command>|demo|login|serve)/m, 'no hint names a bare `ai-gateway` that is not on PATH');
});

test('unknown command or option: exit 2 with a hint', async () => {
  const { env } = await userEnv();
  const [command, option, port] = await Promise.all([runCli(['frobnicate'], { env }), runCli(['status', '--bogus'], { env }), runCli(['serve', '--port', 'abc'], { env })]);
  assert.equal(command.code, 2);
  assert.match(command.stderr, /Unknown command "frobnicate".*`node bin\/ai-gateway\.cjs --help`/);
  assert.equal(option.code, 2);
  assert.match(option.stderr, /--bogus.*`node bin\/ai-gateway\.cjs status --help`/);
  assert.equal(port.code, 2);
  // The same range the Settings screen states (1 to 65535), plus 0 for "any free port" on the command line.
  assert.match(port.stderr, /--port must be a whole number from 1 to 65535 \(or 0 for any free port\), not "abc"/);
});

test('login prints how long the token is valid, never the token', async () => {
  const { env } = await userEnv();
  const issued = doubles.tokenEndpoint.issued;
  const result = await runCli(['login'], { env });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /Logged in: token valid for (59 min|1 h 0 min)/);
  assert.ok(!JWT.test(result.stdout + result.stderr), 'no token printed');
  assert.match(result.stderr, /not stored/, 'non-interactive: says the values were not stored');
  noSecrets(result, 'login');
  assert.equal(doubles.tokenEndpoint.issued - issued, 1);

  const json = await runCli(['login', '--json', '--no-store'], { env });
  assert.equal(json.code, 0, json.stderr);
  const parsed = JSON.parse(json.stdout) as { ok: boolean; validUntil: number };
  assert.equal(parsed.ok, true);
  assert.ok(Math.abs(parsed.validUntil - (Date.now() + 3_600_000)) < 60_000);
});

test('login with a wrong secret: non-zero exit and a message naming the credentials', async () => {
  const { env } = await userEnv({ GATEWAY_CLIENT_SECRET: 'wrong-secret-98765' });
  const result = await runCli(['login'], { env });
  assert.equal(result.code, 1);
  assert.match(result.stderr, /rejected the client credentials/);
  assert.match(result.stderr, /GATEWAY_CLIENT_ID and GATEWAY_CLIENT_SECRET/);
  assert.ok(!(result.stdout + result.stderr).includes('wrong-secret-98765'));
});

test('login against a token endpoint that refuses the connection says so (not "network error unknown")', async () => {
  const closed = await freePort();
  const { env } = await userEnv({ GATEWAY_TOKEN_ENDPOINT: `http://127.0.0.1:${closed}/oauth2/token` });
  const result = await runCli(['login'], { env });
  assert.equal(result.code, 1);
  assert.match(result.stderr, new RegExp(`Cannot reach the token endpoint at 127\\.0\\.0\\.1:${closed}: the connection was refused: check the URL and port\\.`));
  assert.doesNotMatch(result.stderr, /unknown/);
  // Port 9 is one fetch never connects to ("bad port", no error code): that is said too, not "network error unknown".
  const blocked = await runCli(['login'], { env: { ...env, GATEWAY_TOKEN_ENDPOINT: 'http://127.0.0.1:9/oauth2/token' } });
  assert.equal(blocked.code, 1);
  assert.match(blocked.stderr, /Cannot reach the token endpoint at 127\.0\.0\.1:9: fetch never connects to this port/);
  assert.doesNotMatch(blocked.stderr, /unknown/);
});

test('login with GATEWAY_URL ending in /v1: exit 2 with the fix, and no token request', async () => {
  const { env } = await userEnv({ GATEWAY_URL: `${doubles.gateway.url}/v1` });
  const requests = doubles.tokenEndpoint.requests;
  const result = await runCli(['login'], { env });
  assert.equal(result.code, 2);
  assert.match(result.stderr, /GATEWAY_URL/);
  assert.match(result.stderr, /ends in \/v1/);
  assert.ok(result.stderr.includes(`use ${doubles.gateway.url})`), result.stderr);
  assert.equal(doubles.tokenEndpoint.requests, requests);
});

test('login with an http:// token endpoint off loopback, or nothing configured: exit 2 naming the variable', async () => {
  const http = await runCli(['login'], { env: (await userEnv({ GATEWAY_TOKEN_ENDPOINT: 'http://auth.example.com/oauth2/token' })).env });
  assert.equal(http.code, 2);
  assert.match(http.stderr, /GATEWAY_TOKEN_ENDPOINT.*https:\/\//);
  const none = await runCli(['login'], { env: (await userEnv({ GATEWAY_URL: undefined, GATEWAY_CLIENT_ID: undefined, GATEWAY_TOKEN_ENDPOINT: undefined })).env });
  assert.equal(none.code, 2);
  assert.match(none.stderr, /GATEWAY_URL .*is not set/);
});

test('login --store with AI_GATEWAY_HOME keeps the secret to that home, never the shared keyring entry', async (t) => {
  const a = await userEnv();
  // Safety net: whatever happens, the user's real entry is left as it was.
  const shared = new KeyringSecretStore();
  const before = await shared.get();
  try {
    const login = await runCli(['login', '--store'], { env: a.env });
    assert.equal(await shared.get(), before, 'the shared entry is untouched');
    assert.equal(login.code, 0, login.stderr);
    if (/keyring refused to store the client secret/.test(login.stderr)) {
      // Some keyrings read but refuse writes (Linux kernel keyrings in containers): cli-first-hour.test.ts covers that flow.
      assert.match(login.stderr, /GATEWAY_CLIENT_SECRET.*--store-secret-in-file/);
      return t.skip('the keyring here refuses writes');
    }
    if (/No OS keyring is available/.test(login.stderr)) return t.skip('no usable keyring for the CLI here');
    type Status = { settings: { secret: { present: boolean; storage: string } } };
    const own = JSON.parse((await runCli(['status', '--json'], { env: { ...a.env, GATEWAY_CLIENT_SECRET: undefined } })).stdout) as Status;
    if (!own.settings.secret.present) return t.skip('the keyring here does not keep secrets from one process to the next');
    assert.equal(own.settings.secret.storage, 'keyring');
    const b = await userEnv({ GATEWAY_CLIENT_SECRET: undefined });
    const other = JSON.parse((await runCli(['status', '--json'], { env: b.env })).stdout) as Status;
    assert.equal(other.settings.secret.present, false, 'another home does not see it');
  } finally {
    // Deleted from a child process too: this platform's keyring may not let the test process remove what a child stored.
    await new KeyringSecretStore(keyringAccount(a.env)).delete();
    const secretStore = new URL('../../app/core/config/secret-store.js', import.meta.url).href;
    await new Promise((resolve) => execFile(process.execPath, ['-e', `import(${JSON.stringify(secretStore)}).then((m) => new m.KeyringSecretStore(${JSON.stringify(keyringAccount(a.env))}).delete())`], resolve));
    if ((await shared.get()) !== before) await (before === null ? shared.delete() : shared.set(before));
  }
});

test('token prints a JWT the gateway accepts, and nothing else', async () => {
  const { env } = await userEnv();
  const result = await runCli(['token'], { env });
  assert.equal(result.code, 0, result.stderr);
  const token = result.stdout.trim();
  assert.match(token, /^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
  assert.equal(result.stdout, `${token}\n`);
  const answer = await send(`${doubles.gateway.url}/v1/chat/completions`, {
    headers: { authorization: `Bearer ${token}`, 'x-portkey-provider': 'openai' },
    body: { model: 'gpt-4.1', messages: [{ role: 'user', content: 'hi' }] },
  });
  assert.equal(answer.status, 200, answer.text);
});

test('status --json: settings, token state, proxy not running; never the secret', async () => {
  const { env: base, port } = await userEnv();
  const env: typeof base = { ...base, GATEWAY_PORTKEY_HEADERS: '{"x-portkey-api-key":"pk-live-0123456789","x-portkey-trace-id":"team-a"}' };
  const result = await runCli(['status', '--json'], { env });
  assert.equal(result.code, 0, result.stderr);
  noSecrets(result, 'status');
  assert.ok(!result.stdout.includes('pk-live-0123456789'), 'a credential header is shown by name only');
  assert.deepEqual((JSON.parse(result.stdout) as { settings: { providerOptions: { headers: Record<string, string> } } }).settings.providerOptions.headers, { 'x-portkey-api-key': '(hidden: stored value kept)', 'x-portkey-trace-id': 'team-a' });
  const status = JSON.parse(result.stdout) as { configured: boolean; settings: { gatewayUrl: string; secret: { present: boolean; storage: string } }; proxy: { url: string; running: boolean }; token: { state: string }; dataDir: string };
  assert.equal(status.configured, true);
  assert.equal(status.settings.gatewayUrl, doubles.gateway.url);
  assert.deepEqual(status.settings.secret, { present: true, storage: 'environment' });
  assert.deepEqual(status.proxy, { url: `http://127.0.0.1:${port}`, running: false, pid: null, demo: false, problem: null });
  assert.equal(status.token.state, 'idle');
  assert.equal(status.dataDir, env.AI_GATEWAY_HOME);
  const text = await runCli(['status'], { env });
  assert.equal(text.code, 0);
  assert.match(text.stdout, /not running/);
});

test('test: all providers ok -> exit 0; a provider fault -> exit 1 with the diagnosis and the fix', async () => {
  const { env } = await userEnv();
  const ok = await runCli(['test'], { env });
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  for (const provider of ['anthropic', 'openai', 'google', 'azure-openai']) assert.match(ok.stdout, new RegExp(`^${provider}\\s+ok\\s+\\d+ ms`, 'm'));

  // What the real Portkey answers when the provider header did not reach it (e.g. a front that drops it).
  doubles.gateway.setFault('google', { kind: 'status', status: 400, body: '{"status":"failure","message":"Either x-portkey-config or x-portkey-provider header is required"}' });
  try {
    const failed = await runCli(['test'], { env });
    assert.equal(failed.code, 1);
    assert.match(failed.stdout, /^google\s+FAILED.*provider_not_set/m);
    assert.match(failed.stdout, /^openai\s+ok/m);
    assert.match(failed.stdout, /google: Portkey did not receive the x-portkey-provider header[\s\S]*Fix: /);
  } finally {
    doubles.gateway.setFault('google', null);
  }
});

test('test --json diagnoses an unknown test model and bad credentials', async () => {
  const model = await userEnv({}, { testModels: { openai: 'no-such-model' } });
  const result = await runCli(['test', 'openai', '--json'], { env: model.env });
  assert.equal(result.code, 1);
  const [probe] = JSON.parse(result.stdout) as { provider: string; ok: boolean; diagnosis: string; model: string; fix: string }[];
  assert.deepEqual([probe!.provider, probe!.ok, probe!.diagnosis, probe!.model], ['openai', false, 'model_unknown', 'no-such-model']);
  assert.ok(probe!.fix);

  const creds = await runCli(['test', 'anthropic', '--json'], { env: (await userEnv({ GATEWAY_CLIENT_SECRET: 'wrong-secret-555555' })).env });
  assert.equal(creds.code, 1);
  assert.equal((JSON.parse(creds.stdout) as { diagnosis: string }[])[0]!.diagnosis, 'credentials_rejected');
  const unknown = await runCli(['test', 'mistral'], { env: model.env });
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /Unknown provider "mistral"/);
});

test('env prints export lines with a local key and no JWT, and warns when no proxy runs; --json and --shell fish too', async () => {
  const { env, port } = await userEnv();
  const result = await runCli(['env'], { env });
  // No proxy runs: the lines are still printed (exit 0, so `eval "$(...)"` keeps working), with a warning on stderr.
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, new RegExp(`^Warning: No ai-gateway proxy is running for you: start it with \`node bin/ai-gateway\\.cjs serve\` \\(or the desktop app\\); it will listen on port ${port}\\.$`, 'm'));
  const vars = Object.fromEntries([...result.stdout.matchAll(/^export (\w+)='([^']*)'$/gm)].map((m) => [m[1], m[2]]));
  assert.equal(vars.OPENAI_BASE_URL, `http://127.0.0.1:${port}/openai/v1`);
  assert.equal(vars.ANTHROPIC_BASE_URL, `http://127.0.0.1:${port}/anthropic`);
  assert.match(vars.OPENAI_API_KEY!, /^agw-local-[\w-]{40,}$/);
  assert.equal(vars.ANTHROPIC_API_KEY, vars.OPENAI_API_KEY);
  assert.ok(!JWT.test(result.stdout));
  noSecrets(result, 'env');
  const stored = JSON.parse(await readFile(join(env.AI_GATEWAY_HOME!, 'local-keys.json'), 'utf8')) as Record<string, string>;
  assert.equal(stored.env, vars.OPENAI_API_KEY, 'the key is the stored local key for scripts');

  const json = JSON.parse((await runCli(['env', '--json'], { env })).stdout) as Record<string, string>;
  assert.equal(json.OPENAI_API_KEY, vars.OPENAI_API_KEY, 'the same key every time');
  const fish = await runCli(['env', '--shell', 'fish'], { env });
  assert.match(fish.stdout, /^set -gx OPENAI_API_KEY 'agw-local-/m);
});

test('run -- node -e ... sees the variables and passes the exit status through', async () => {
  const { env, port } = await userEnv();
  const script = 'console.log(JSON.stringify({ base: process.env.OPENAI_BASE_URL, key: process.env.OPENAI_API_KEY, anthropic: process.env.ANTHROPIC_BASE_URL })); process.exit(3)';
  const result = await runCli(['run', '--', process.execPath, '-e', script], { env });
  assert.equal(result.code, 3, result.stderr);
  const seen = JSON.parse(result.stdout) as { base: string; key: string; anthropic: string };
  assert.equal(seen.base, `http://127.0.0.1:${port}/openai/v1`);
  assert.equal(seen.anthropic, `http://127.0.0.1:${port}/anthropic`);
  assert.match(seen.key, /^agw-local-/);
  const missing = await runCli(['run', '--', 'no-such-program-xyz'], { env });
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /Command not found: no-such-program-xyz/);
  const nothing = await runCli(['run'], { env });
  assert.equal(nothing.code, 2);
});

test('serve: prints its URL, answers with the env key, shares its token with `token`, `status` and `test`, stops on SIGTERM with exit 0', async () => {
  const { env, port } = await userEnv();
  const serve = startCli(['serve'], { env, timeoutMs: 30_000 });
  try {
    const [, url] = await serve.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
    assert.equal(url, `http://127.0.0.1:${port}`);
    await serve.waitFor(/Token: valid for/, { stream: 'stderr' });
    const issued = doubles.tokenEndpoint.issued;

    const key = (JSON.parse((await runCli(['env', '--json'], { env })).stdout) as { OPENAI_API_KEY: string }).OPENAI_API_KEY;
    const answer = await send(`${url}/openai/v1/chat/completions`, { headers: { authorization: `Bearer ${key}` }, body: { model: 'gpt-4.1', messages: [{ role: 'user', content: 'hi' }] } });
    assert.equal(answer.status, 200, answer.text);

    const status = JSON.parse((await runCli(['status', '--json'], { env })).stdout) as { proxy: { running: boolean }; token: { state: string; validUntil: number } };
    assert.equal(status.proxy.running, true);
    assert.equal(status.token.state, 'valid');
    const token = await runCli(['token'], { env });
    assert.match(token.stdout.trim(), /^eyJ/);
    const probe = await runCli(['test', 'openai', '--json'], { env });
    assert.equal(probe.code, 0, probe.stdout + probe.stderr);
    assert.equal(doubles.tokenEndpoint.issued, issued, 'status, token and test used the running proxy\'s token, no new one');
  } finally {
    const result = await serve.stop('SIGTERM');
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /Stopping/);
    noSecrets(result, 'serve');
    assert.ok(!JWT.test(result.stdout + result.stderr));
  }
});

test('serve --port 0 prints the port it got; serve unconfigured exits 2 naming what is missing', async () => {
  const { env } = await userEnv();
  const serve = startCli(['serve', '--port', '0', '--json'], { env });
  try {
    const [line] = await serve.waitFor(/^\{.*\}$/m);
    const { proxy } = JSON.parse(line) as { proxy: string };
    assert.match(proxy, /^http:\/\/127\.0\.0\.1:[1-9]\d*$/);
    assert.equal((await send(proxy + '/', { method: 'HEAD' })).status, 200);
  } finally {
    assert.equal((await serve.stop('SIGINT')).code, 0);
  }
  const unconfigured = await runCli(['serve'], { env: (await userEnv({ GATEWAY_CLIENT_ID: undefined })).env });
  assert.equal(unconfigured.code, 2);
  assert.match(unconfigured.stderr, /GATEWAY_CLIENT_ID/);
});

test('demo: starts, answers a chat completion with the `env --demo` key, stops on SIGTERM, writes only under AI_GATEWAY_HOME/demo', async () => {
  const home = await tempDir('agw-demo-');
  homes.push(home);
  // Real-looking GATEWAY_* in the shell must be ignored by the demo.
  const env = cliEnv(home, { GATEWAY_URL: 'https://real-gateway.example.com', GATEWAY_CLIENT_ID: 'real', GATEWAY_CLIENT_SECRET: 'real-secret-000', GATEWAY_TOKEN_ENDPOINT: 'https://auth.example.com/oauth2/token' });
  const demo = startCli(['demo', '--port', '0'], { env, timeoutMs: 30_000 });
  try {
    await demo.waitFor(/DEMO GATEWAY/);
    const [, url] = await demo.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
    const vars = JSON.parse((await runCli(['env', '--demo', '--json'], { env })).stdout) as Record<string, string>;
    assert.match(vars.OPENAI_BASE_URL!, /\/openai\/v1$/);
    // `env --demo` names the demo's default port; this demo runs on a free one.
    const base = vars.OPENAI_BASE_URL!.replace(/^http:\/\/127\.0\.0\.1:\d+/, url!);
    const answer = await send(`${base}/chat/completions`, { headers: { authorization: `Bearer ${vars.OPENAI_API_KEY}` }, body: { model: 'gpt-4.1', messages: [{ role: 'user', content: 'hi' }] } });
    assert.equal(answer.status, 200, answer.text);
    assert.match((answer.json as { choices: { message: { content: string } }[] }).choices[0]!.message.content, /demo gateway/);
  } finally {
    const result = await demo.stop('SIGTERM');
    assert.equal(result.code, 0, result.stderr);
  }
  assert.deepEqual(await readdir(home), ['app-data'], 'nothing in HOME but the app data folder');
  assert.deepEqual(await readdir(env.AI_GATEWAY_HOME!), ['demo'], 'nothing in the app data folder but demo/');
});
