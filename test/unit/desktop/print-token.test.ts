/**
 * The desktop app's token command (`<app> --print-token`, core/desktop/print-token.ts) against a real
 * running proxy and a real token endpoint: the running app's cached token when one runs, a fresh one
 * from the app's own secret store when none does, and a clear error when nothing is configured.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { tokenFromRunningProxy } from '../../../app/cli/running-proxy.js';
import { MemorySecretStore } from '../../../app/core/config/secret-store.js';
import { printToken, type PrintTokenOptions } from '../../../app/core/desktop/print-token.js';
import { startDoubles, startStack, tempDir, TEST_CLIENT_SECRET } from '../../helpers/stack.js';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { appFiles } from '../../../app/core/config/paths.js';
import { newProofSecret, writeProxyRecord } from '../../../app/core/running/proxy-record.js';

function capture(overrides: Partial<PrintTokenOptions> & Pick<PrintTokenOptions, 'dataDir' | 'env'>) {
  const out: string[] = [];
  const err: string[] = [];
  const options: PrintTokenOptions = {
    demo: false,
    fromRunningProxy: (dataDir) => tokenFromRunningProxy(dataDir, { demo: overrides.demo === true }),
    openSecretStore: async () => {
      throw new Error('the secret store must not be opened while the app runs');
    },
    out: (text) => void out.push(text),
    err: (text) => void err.push(text),
    ...overrides,
  };
  return { options, out, err };
}

test('with the app running: prints the running proxy\'s cached token, without a grant of its own or the secret store', async () => {
  const stack = await startStack();
  try {
    const cached = await stack.runtime.tokens.getToken();
    const grants = stack.tokenEndpoint.requests;
    const { options, out, err } = capture({ dataDir: stack.home, env: { AI_GATEWAY_HOME: stack.home } });
    assert.equal(await printToken(options), 0, err.join('\n'));
    assert.deepEqual(out, [cached]);
    assert.equal(stack.tokenEndpoint.requests, grants, 'no second grant');
  } finally {
    await stack.close();
  }
});

test('with no app running: fetches a token with the secret from the app\'s own store', async () => {
  const doubles = await startDoubles();
  const home = await tempDir('agw-print-token-');
  try {
    // The values the secret was entered with, stored as the app stores them: a stored secret is only sent to
    // the token endpoint and client it was entered for. A fresh data folder: no proxy record, so no app runs.
    const { GATEWAY_URL, GATEWAY_CLIENT_ID, GATEWAY_TOKEN_ENDPOINT } = doubles.gatewayEnv;
    await writeFile(appFiles(home).settings, JSON.stringify({ gatewayUrl: GATEWAY_URL, clientId: GATEWAY_CLIENT_ID, tokenEndpoint: GATEWAY_TOKEN_ENDPOINT }) + '\n');
    let opened = 0;
    const { options, out, err } = capture({
      dataDir: home,
      env: { AI_GATEWAY_HOME: home },
      openSecretStore: async () => {
        opened += 1;
        return new MemorySecretStore(TEST_CLIENT_SECRET);
      },
    });
    assert.equal(await printToken(options), 0, err.join('\n'));
    assert.equal(opened, 1);
    assert.equal(doubles.tokenEndpoint.requests, 1);
    assert.match(out[0] ?? '', /^[\w-]+\.[\w-]+\.[\w-]+$/, 'a JWT');
  } finally {
    await doubles.close();
    await rm(home, { recursive: true, force: true });
  }
});

test('not configured: exit 2 and a message that names the fix, nothing on stdout', async () => {
  const home = await tempDir('agw-print-token-');
  try {
    const { options, out, err } = capture({ dataDir: home, env: { AI_GATEWAY_HOME: home }, openSecretStore: async () => new MemorySecretStore() });
    assert.equal(await printToken(options), 2);
    assert.deepEqual(out, []);
    assert.match(err.join('\n'), /GATEWAY_URL .* is not set\..*open AI Gateway and enter the gateway values/);
  } finally {
    await rm(home, { recursive: true, force: true });
  }
});

test('a listener that cannot prove it is this user\'s proxy gets no key, and the command fails saying so', async () => {
  const home = await tempDir('agw-print-token-');
  // Someone else's server on the port the record names: it answers, but not the proof.
  const squatter = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"service":"ai-gateway"}'));
  const seen: string[] = [];
  squatter.on('request', (req) => seen.push(String(req.headers.authorization ?? '')));
  await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = squatter.address() as AddressInfo;
    await writeProxyRecord(appFiles(home).proxyRecord, { service: 'ai-gateway', port, pid: process.pid, demo: false, version: 't', startedAt: Date.now(), proof: newProofSecret() });
    const { options, out, err } = capture({ dataDir: home, env: { AI_GATEWAY_HOME: home } });
    assert.equal(await printToken(options), 1);
    assert.deepEqual(out, []);
    assert.match(err.join('\n'), /is not your ai-gateway proxy/);
    assert.deepEqual(seen.filter((auth) => auth !== ''), [], 'no key was sent');
  } finally {
    await new Promise((resolve) => squatter.close(resolve));
    await rm(home, { recursive: true, force: true });
  }
});

test('the demo: never falls back to real credentials; says the demo app is not running', async () => {
  const home = await tempDir('agw-print-token-');
  try {
    const { options, out, err } = capture({ dataDir: home, env: { AI_GATEWAY_HOME: home }, demo: true, fromRunningProxy: async () => null });
    assert.equal(await printToken(options), 1);
    assert.deepEqual(out, []);
    assert.match(err.join('\n'), /demo app is not running/);
  } finally {
    await rm(home, { recursive: true, force: true });
  }
});

test('the real main entry answers --print-token before the single-instance lock and any window, and exits with the token on stdout', async () => {
  const stack = await startStack();
  try {
    const here = fileURLToPath(new URL('.', import.meta.url));
    // Asynchronously: the proxy that must answer runs in this very process.
    const run = await promisify(execFile)(process.execPath, ['--import', pathToFileURL(join(here, 'shell', 'main-process.js')).href, join(here, '..', '..', '..', 'app', 'main', 'main.js'), '--print-token'], {
      env: { PATH: process.env.PATH, HOME: stack.home, AI_GATEWAY_HOME: stack.home },
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(run.stdout, `${await stack.runtime.tokens.getToken()}\n`);
    const calls = run.stderr.split('\n').filter((line) => line.startsWith('[electron] '));
    assert.deepEqual(calls, ['[electron] setPath', '[electron] setPath', '[electron] exit 0'], 'no lock, no ready, no window: only paths and the exit');
  } finally {
    await stack.close();
  }
});
