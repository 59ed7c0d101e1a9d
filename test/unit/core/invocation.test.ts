import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import invocationModule from '../../../app/core/cli-invocation.cjs';

const { invocation, withInvocation } = invocationModule;

test('hints name the command as it runs here: on PATH, under npx, or node with the launcher\'s path', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'agw-invocation-'));
  try {
    const launcher = join(dir, 'checkout', 'bin', 'ai-gateway.cjs');
    await writeFile(join(dir, 'other'), '');
    await mkdir(join(dir, 'checkout', 'bin'), { recursive: true });
    await writeFile(launcher, '');
    const pathDir = join(dir, 'path-bin');
    await mkdir(pathDir);
    await symlink(launcher, join(pathDir, 'ai-gateway'));
    assert.equal(invocation({ PATH: pathDir }, launcher, dir, 'linux'), 'ai-gateway');
    // Another `ai-gateway` on PATH (an unrelated package) is not this one.
    const elsewhere = join(dir, 'elsewhere');
    await mkdir(elsewhere);
    await symlink(join(dir, 'other'), join(elsewhere, 'ai-gateway'));
    assert.equal(invocation({ PATH: elsewhere }, launcher, join(dir, 'checkout'), 'linux'), 'node bin/ai-gateway.cjs');
    assert.equal(invocation({ PATH: '', npm_command: 'exec' }, launcher, join(dir, 'checkout'), 'linux'), 'npx ai-gateway');
    assert.equal(invocation({ PATH: '' }, launcher, elsewhere, 'linux'), `node ${launcher}`, 'outside the checkout: the absolute path');
    // npx puts the checkout's node_modules/.bin on PATH for its child only: the shell the hint is read in has no `ai-gateway`.
    const npxBin = join(dir, 'checkout', 'node_modules', '.bin');
    await mkdir(npxBin, { recursive: true });
    await symlink(launcher, join(npxBin, 'ai-gateway'));
    const checkout = join(dir, 'checkout');
    assert.equal(invocation({ PATH: npxBin, npm_command: 'exec', npm_lifecycle_event: 'npx' }, launcher, checkout, 'linux'), 'npx ai-gateway');
    assert.equal(invocation({ PATH: npxBin, npm_execpath: '/usr/lib/node_modules/npm/bin/npx-cli.js' }, launcher, checkout, 'linux'), 'npx ai-gateway');
    assert.equal(invocation({ PATH: npxBin, npm_command: 'exec' }, launcher, null, 'linux'), `node ${launcher}`, 'the window (no shell): a form that works from any folder');
    assert.equal(invocation({ PATH: `${npxBin}:${pathDir}`, npm_command: 'exec' }, launcher, checkout, 'linux'), 'ai-gateway', 'installed as well: the plain name works');
    assert.equal(invocation({ PATH: npxBin }, launcher, checkout, 'linux'), 'ai-gateway', 'not started by npm: a node_modules/.bin on PATH is the person\'s own');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('only hints are respelled: backticked commands, $(...) and snippet lines; not file contents', () => {
  const command = 'node bin/ai-gateway.cjs';
  assert.equal(withInvocation('start it with `ai-gateway serve`.', command), 'start it with `node bin/ai-gateway.cjs serve`.');
  assert.equal(withInvocation('eval "$(ai-gateway env)"', command), 'eval "$(node bin/ai-gateway.cjs env)"');
  assert.equal(withInvocation('ai-gateway run -- python app.py', command), 'node bin/ai-gateway.cjs run -- python app.py');
  assert.equal(withInvocation('+  "apiKeyHelper": "/usr/bin/node /x/bin/ai-gateway.cjs token"', command), '+  "apiKeyHelper": "/usr/bin/node /x/bin/ai-gateway.cjs token"');
  assert.equal(withInvocation('No ai-gateway proxy is running', command), 'No ai-gateway proxy is running');
  assert.equal(withInvocation('`ai-gateway serve`', 'ai-gateway'), '`ai-gateway serve`');
});
