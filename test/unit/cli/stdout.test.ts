/**
 * The CLI's stdout writer (app/cli/stdout.ts): the first write goes straight to fd 1, the rest through
 * process.stdout. Run in a real child process whose stdout is a pipe, as an apiKeyHelper call has it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const writer = fileURLToPath(new URL('../../../app/cli/stdout.js', import.meta.url));

function runChild(script: string): { stdout: string; status: number | null; stderr: string } {
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', `import { stdoutWriter } from ${JSON.stringify(writer)};\n${script}`], { encoding: 'utf8', maxBuffer: 8 * 1024 * 1024 });
  return { stdout: child.stdout, status: child.status, stderr: child.stderr };
}

test('every write arrives, in order, the first one (direct) before the later ones (the stream)', () => {
  const run = runChild(`const out = stdoutWriter(); out('first\\n'); for (let i = 0; i < 2000; i++) out('line ' + i + '\\n'); out('last\\n');`);
  assert.equal(run.status, 0, run.stderr);
  const expected = ['first', ...Array.from({ length: 2000 }, (_, i) => `line ${i}`), 'last', ''].join('\n');
  assert.equal(run.stdout, expected);
});

test('a first write larger than a pipe holds arrives whole', () => {
  // 1 MiB: more than the 64 KiB a pipe takes at once, so whatever one write(2) leaves must follow.
  const run = runChild(`stdoutWriter()('x'.repeat(1024 * 1024) + '\\n');`);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout.length, 1024 * 1024 + 1);
});

test('the first write does not set up process.stdout', () => {
  // Read before process.stderr exists: setting that one up would load the same modules.
  const run = runChild(`stdoutWriter()('token\\n'); const loaded = process.moduleLoadList.filter((m) => /internal\\/fs\\/sync_write_stream|NativeModule (net|tty)$/.test(m)); process.stderr.write(JSON.stringify(loaded));`);
  assert.equal(run.stdout, 'token\n');
  assert.equal(run.stderr, '[]');
});

test('a reader that goes away (`| head -1`) ends the command quietly, with no EPIPE stack trace', () => {
  // The shell's `| head -1`: the reader takes one line and exits while the command still writes.
  const script = `import { stdoutWriter } from ${JSON.stringify(writer)};\nconst out = stdoutWriter(); out('first\\n'); const t = setInterval(() => out('more\\n'.repeat(1000)), 1); setTimeout(() => { clearInterval(t); process.exitCode = 3; }, 5000);`;
  const child = spawnSync('sh', ['-c', `"${process.execPath}" --input-type=module -e '${script.replace(/'/g, `'\\''`)}' | head -1`], { encoding: 'utf8' });
  assert.equal(child.stdout.split('\n')[0], 'first');
  assert.doesNotMatch(child.stderr, /EPIPE|Unhandled/, child.stderr);
});
