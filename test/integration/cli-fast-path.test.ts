/**
 * `ai-gateway token` (with a proxy running) and `ai-gateway status` load one CommonJS bundle each and never
 * start Node's ES module loader: that is what keeps them near bare Node's start-up (issue 12, item 9; the
 * timings themselves are `npm run bench`'s). Node's own debug log (NODE_DEBUG=module,esm) lists every file
 * the command loaded, so this checks what was loaded, not how long it took.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cliEnv, runCli, startCli, writeSettings, type CliResult } from '../helpers/cli.js';
import { freePort, startDoubles, tempDir, type Doubles } from '../helpers/stack.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
let doubles: Doubles;
let home: string;

before(async () => {
  doubles = await startDoubles();
  home = await tempDir('agw-fast-');
});
after(async () => {
  await doubles.close();
  await rm(home, { recursive: true, force: true });
});

/** The checkout's files a run loaded (CommonJS or ES module), relative to the checkout, from Node's debug log. */
function loadedFiles(result: CliResult): { files: string[]; esm: boolean } {
  const files = new Set<string>();
  for (const [, file] of result.stderr.matchAll(/^MODULE \d+: load "([^"]+)" for module/gm)) files.add(file!);
  for (const [, url] of result.stderr.matchAll(/^ESM \d+: Storing (file:\/\/\S+)/gm)) files.add(fileURLToPath(url!));
  return {
    files: [...files].filter((file) => file.startsWith(ROOT)).map((file) => relative(ROOT, file)).sort(),
    // Any line of the ES module loader's debug log means it started.
    esm: /^ESM \d+:/m.test(result.stderr),
  };
}

/** The built-in modules a run required (`node:net`...), from the same debug log. */
function builtinsLoaded(result: CliResult): string[] {
  return [...new Set([...result.stderr.matchAll(/^MODULE \d+: load built-in module (\S+)/gm)].map(([, name]) => name!.replace(/^node:/, '')))].sort();
}

test('token (proxy running) and status load the launcher and their own bundle, and no ES module', async () => {
  const env = cliEnv(home, { ...doubles.gatewayEnv });
  await writeSettings(env, { port: await freePort() });
  const serve = startCli(['serve'], { env, timeoutMs: 60_000 });
  try {
    await serve.waitFor(/Token: valid for/, { stream: 'stderr' });
    const traced = { ...env, NODE_DEBUG: 'module,esm' };
    const [token, status] = await Promise.all([runCli(['token'], { env: traced }), runCli(['status'], { env: traced })]);
    assert.equal(token.code, 0, token.stderr);
    assert.match(token.stdout, /^eyJ[\w-]+\.[\w-]+\.[\w-]+\n$/, 'the running proxy\'s token, and nothing else on stdout');
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /Proxy\s+http:\/\/127\.0\.0\.1:\d+ running/);
    for (const [name, result] of [['token', token], ['status', status]] as const) {
      const { files, esm } = loadedFiles(result);
      // Each its own bundle: `token` does not load the settings service `status` needs.
      assert.deepEqual(files, ['bin/ai-gateway.cjs', join('out', 'app', 'cli', `fast-${name}.cjs`)], `${name} loaded only the launcher and its bundle`);
      assert.equal(esm, false, `${name} started the ES module loader`);
      // Each costs start-up on every call (node:http ~2 ms, node:tty ~1.4, node:fs/promises ~0.6): the
      // proxy is spoken to over one node:net socket, and nothing here needs a terminal or async file reads.
      assert.deepEqual(builtinsLoaded(result), ['crypto', 'fs', 'net', 'path', 'url', 'util'], `${name}'s built-in modules`);
    }
  } finally {
    await serve.stop();
  }
});

test('token with no proxy running is run whole from main.js: one copy of the core, so its errors keep their exit status', async () => {
  const fresh = await tempDir('agw-fast-none-');
  try {
    const env = cliEnv(fresh, { ...doubles.gatewayEnv });
    await writeSettings(env, { port: await freePort() });
    const result = await runCli(['token'], { env: { ...env, NODE_DEBUG: 'module,esm' } });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^eyJ[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const { files } = loadedFiles(result);
    assert.ok(files.includes(join('out', 'app', 'cli', 'main.js')) && files.includes(join('out', 'app', 'cli', 'build-runtime.js')), `the token client came through main.js: ${files.join(', ')}`);
    // A configuration error from the token client is the usual exit 2 with its message, not "unexpected error".
    const { GATEWAY_CLIENT_SECRET: _secret, ...noSecret } = env;
    const unset = await runCli(['token'], { env: noSecret });
    assert.equal(unset.code, 2, unset.stderr);
    assert.match(unset.stderr, /^node bin\/ai-gateway\.cjs token: GATEWAY_CLIENT_SECRET \(client secret\) is not set/m);
    assert.doesNotMatch(unset.stderr, /unexpected error/);
  } finally {
    await rm(fresh, { recursive: true, force: true });
  }
});
