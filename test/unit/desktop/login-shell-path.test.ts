/** The login-shell PATH probe (core/desktop/login-shell-path.ts) with a real bash reading a real profile in a temporary HOME. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loginShellPath, mergePath, pathFromShellOutput } from '../../../app/core/desktop/login-shell-path.js';
import { tempDir } from '../../helpers/stack.js';

test('a login shell adds what the profile puts on PATH, even when the profile prints noise', async () => {
  const home = await tempDir('agw-shell-');
  try {
    // What Homebrew's and nvm's installers append to a profile, plus a chatty line.
    await writeFile(join(home, '.bash_profile'), `echo "Welcome back"\nexport PATH="$HOME/.local/bin:/opt/homebrew/bin:$PATH"\n`);
    const found = await loginShellPath({ shell: '/bin/bash', env: { HOME: home, PATH: '/usr/bin:/bin' } });
    assert.ok(found, 'a PATH was read');
    assert.deepEqual(found.split(':').slice(0, 2), [join(home, '.local/bin'), '/opt/homebrew/bin']);
    assert.ok(found.split(':').includes('/usr/bin'));
  } finally {
    await rm(home, { recursive: true, force: true });
  }
});

test('the login shell and the start-up files it runs get no GATEWAY_* variable (the client secret stays in the app)', async () => {
  const home = await tempDir('agw-shell-');
  try {
    await writeFile(join(home, '.bash_profile'), `export PATH="/seen-secret-\${GATEWAY_CLIENT_SECRET:-none}-url-\${GATEWAY_URL:-none}:$PATH"\n`);
    const found = await loginShellPath({ shell: '/bin/bash', env: { HOME: home, PATH: '/usr/bin:/bin', GATEWAY_CLIENT_SECRET: 's3cret-value', GATEWAY_URL: 'https://gw.example' } });
    assert.equal(found?.split(':')[0], '/seen-secret-none-url-none');
  } finally {
    await rm(home, { recursive: true, force: true });
  }
});

test('a shell that does not exist or never prints the markers gives null, not a broken PATH', async () => {
  assert.equal(await loginShellPath({ shell: '/nonexistent/shell', env: {} }), null);
  assert.equal(pathFromShellOutput('no markers here'), null);
});

test('merging keeps the login shell\'s order first and the current entries it lacks, without duplicates', () => {
  assert.equal(mergePath('/opt/homebrew/bin:/usr/bin:/bin', '/usr/bin:/bin:/usr/sbin:/sbin'), '/opt/homebrew/bin:/usr/bin:/bin:/usr/sbin:/sbin');
  assert.equal(mergePath(null, '/usr/bin:/bin'), '/usr/bin:/bin');
});
