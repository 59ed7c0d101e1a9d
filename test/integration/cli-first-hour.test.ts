/**
 * A newcomer's first hour with the real `ai-gateway` command: the mistakes and dead ends of issue 12,
 * each run against real servers on port 0 in a throw-away HOME.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { rm } from 'node:fs/promises';
import { cliEnv, runCli } from '../helpers/cli.js';
import { freePort, tempDir } from '../helpers/stack.js';

const homes: string[] = [];
after(async () => {
  await Promise.all(homes.map((home) => rm(home, { recursive: true, force: true })));
});

async function home(): Promise<string> {
  const dir = await tempDir('agw-first-hour-');
  homes.push(dir);
  return dir;
}

/** A listener holding a port, like another program would. */
async function occupy(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as { port: number }).port, server };
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
  const busy = await occupy();
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
