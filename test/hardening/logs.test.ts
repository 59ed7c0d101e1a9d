/** The log file: written as JSON lines, rotated by size, redacted in one place; `ai-gateway logs [--follow]` shows it. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger, LOG_FILE } from '../../app/core/log/logger.js';
import { registerSecret } from '../../app/core/log/redact.js';
import { runCli, startCli } from './helpers/cli.js';
import { assertNoLeaks } from './helpers/leaks.js';

/** The control characters in `text` but newline and tab (C0, DEL, C1) and U+202E, by code: what a terminal would act on. */
const controlsIn = (text: string) => [...text].map((c) => c.codePointAt(0)!).filter((c) => (c < 0x20 && c !== 0x0a && c !== 0x09) || (c >= 0x7f && c <= 0x9f) || c === 0x202e);

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJoYXJkZW5pbmcifQ.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg';
const KEY = 'agw-local-Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5';
const SECRET = 'log-SECRET-with"quote\\and/slash+plus';

async function withHome<T>(fn: (home: string) => Promise<T>): Promise<T> {
  const home = await mkdtemp(join(tmpdir(), 'aigw-hard-logs-'));
  try {
    return await fn(home);
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

function writeSecrets(logger: Logger, n: number): void {
  for (let i = 0; i < n; i++) {
    logger.warn(`refresh ${i} failed for client_secret=${SECRET} with Bearer ${JWT}`, { key: KEY, header: `Basic ${Buffer.from(`id:${SECRET}`).toString('base64')}`, secret: SECRET, i });
  }
}

test('the log rotates at its size limit, keeps its generations, and never holds a secret', () =>
  withHome(async (home) => {
    registerSecret(SECRET);
    const dir = join(home, 'logs');
    const logger = new Logger(dir, [], 2000, 3);
    writeSecrets(logger, 200);
    const names = (await readdir(dir)).sort();
    assert.deepEqual(names, [LOG_FILE, `${LOG_FILE}.1`, `${LOG_FILE}.2`, `${LOG_FILE}.3`]);
    let all = '';
    for (const name of names) {
      assert.ok((await stat(join(dir, name))).size <= 2000, `${name} within the limit`);
      assert.equal((await stat(join(dir, name))).mode & 0o777, 0o600, `${name} is private`);
      const text = await readFile(join(dir, name), 'utf8');
      for (const line of text.trimEnd().split('\n')) assert.doesNotThrow(() => JSON.parse(line), `a JSON line: ${line.slice(0, 80)}`);
      all += text;
    }
    assert.match(all, /"i":199/, 'the newest line is in the current file');
    assert.match(all, /\[REDACTED\]/);
    assertNoLeaks({
      secrets: [
        { name: 'client secret', value: SECRET },
        { name: 'client secret as JSON escapes it', value: JSON.stringify(SECRET).slice(1, -1) },
        { name: 'JWT', value: JWT },
        { name: 'local key', value: KEY },
        { name: 'basic credentials', value: Buffer.from(`id:${SECRET}`).toString('base64') },
      ],
      texts: [{ where: 'log files', text: all }],
    });
  }));

test('`ai-gateway logs` prints the file as text (--json: as written); --follow prints new lines, across a rotation, until SIGTERM', () =>
  withHome(async (home) => {
    const env = { PATH: process.env.PATH ?? '', HOME: home, AI_GATEWAY_HOME: home };
    const empty = await runCli(['logs'], env);
    assert.equal(empty.code, 0);
    assert.match(empty.stderr, /No log yet at .*It appears once/);
    const logger = new Logger(join(home, 'logs'), [], 4000, 2);
    logger.info('first line', { n: 1 });
    const once = await runCli(['logs'], env);
    assert.equal(once.code, 0);
    // Text for people (the README's promise); the raw JSON lines with --json.
    assert.match(once.stdout, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ {2}info {3}first line {2}n=1\n$/);
    const raw = await runCli(['logs', '--json'], env);
    assert.equal(raw.stdout, await readFile(join(home, 'logs', LOG_FILE), 'utf8'));
    const follow = startCli(['logs', '--follow'], env);
    try {
      await follow.waitFor(/first line/);
      logger.info('second line', { n: 2 });
      await follow.waitFor(/second line/, 5000);
      for (let i = 0; i < 60; i++) logger.info(`filler ${i}`, { pad: 'x'.repeat(60) });
      logger.info('after rotation', { n: 3 });
      await follow.waitFor(/after rotation/, 5000);
    } finally {
      const run = await follow.stop('SIGTERM');
      assert.equal(run.code, 0);
    }
  }));

test('`ai-gateway logs` never prints a control character: escape sequences in a message or field are shown, not run (text and --json)', () =>
  withHome(async (home) => {
    const env = { PATH: process.env.PATH ?? '', HOME: home, AI_GATEWAY_HOME: home };
    const logger = new Logger(join(home, 'logs'), [], 100_000, 2);
    // An agent's model or a gateway's error text lands in the log: ESC ] retitles the window, CSI moves the cursor, U+202E reverses text.
    logger.warn('gateway said \u001b]0;pwned\u0007\u001b[2Jcleared', { model: 'x\u001b[31mred', cause: 'rtl\u202eevil' });
    const { appendFile } = await import('node:fs/promises');
    await appendFile(join(home, 'logs', LOG_FILE), '{"level":"info","message":"raw \u001b[1A up","time":"2026-12-02T10:00:00.000Z"}\n');
    for (const args of [['logs'], ['logs', '--json']]) {
      const result = await runCli(args, env);
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(controlsIn(result.stdout), [], args.join(' '));
      assert.match(result.stdout, /\\x1b/, args.join(' '));
    }
    assert.match((await runCli(['logs'], env)).stdout, /gateway said \\x1b\]0;pwned\\x07\\x1b\[2Jcleared/);
  }));
