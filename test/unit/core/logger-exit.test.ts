/**
 * The logger writes queued per-request lines when the process exits. Real child processes: one 'exit'
 * listener serves every logger (a listener each would pile up, one per runtime, and keep each logger
 * alive), and a line queued just before exit still reaches the file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const loggerModule = fileURLToPath(new URL('../../../app/core/log/logger.js', import.meta.url));

function runChild(script: string) {
  return spawnSync(process.execPath, ['--input-type=module', '-e', `import { Logger, LOG_FILE } from ${JSON.stringify(loggerModule)};\n${script}`], { encoding: 'utf8' });
}

test('twenty loggers that have written add one exit listener between them, and no warning', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'agw-logger-'));
  try {
    const run = runChild(`
      const before = process.listenerCount('exit');
      for (let i = 0; i < 20; i++) new Logger(${JSON.stringify(dir)} + '/' + i).info('hello');
      console.log(process.listenerCount('exit') - before);`);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout.trim(), '1');
    assert.doesNotMatch(run.stderr, /MaxListenersExceeded/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('per-request lines queued just before exit are written by the exit flush, for every logger', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'agw-logger-'));
  try {
    const run = runChild(`
      const a = new Logger(${JSON.stringify(join(dir, 'a'))}); const b = new Logger(${JSON.stringify(join(dir, 'b'))});
      a.info('start'); b.info('start');
      a.debug('request a'); b.debug('request b');
      process.exit(0);`);
    assert.equal(run.status, 0, run.stderr);
    assert.match(await readFile(join(dir, 'a', 'ai-gateway.log'), 'utf8'), /request a/);
    assert.match(await readFile(join(dir, 'b', 'ai-gateway.log'), 'utf8'), /request b/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
