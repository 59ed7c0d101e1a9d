/**
 * Looking whether an agent is installed runs its `--version`; several agents set up their folders on any
 * start. A real child process (a stand-in agent that does just that) shows the person's HOME stays untouched.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readVersion } from '../../../app/core/agents/detect.js';

test('an agent\'s --version runs in a throwaway home: the real HOME gets no folders, and the throwaway one is removed', { skip: process.platform === 'win32' }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'agw-version-test-'));
  try {
    const home = join(dir, 'home');
    const marker = join(dir, 'home-seen');
    const agent = join(dir, 'fake-agent');
    // Like opencode and cn: folders under HOME and the XDG folders on every start, then the version.
    await writeFile(agent, `#!/bin/sh\nmkdir -p "$HOME/.fake" "$XDG_CONFIG_HOME/fake" "$XDG_CACHE_HOME/fake"\nprintf '%s' "$HOME" > "${marker}"\necho "fake-agent 1.2.3"\n`);
    await chmod(agent, 0o755);
    await mkdir(home);
    const version = await readVersion(agent, ['--version'], { PATH: process.env.PATH, HOME: home, XDG_CONFIG_HOME: join(home, '.config') });
    assert.equal(version, '1.2.3');
    assert.deepEqual(await readdir(home), [], 'nothing was created in the real HOME');
    const sandbox = await readFile(marker, 'utf8');
    assert.notEqual(sandbox, home);
    await assert.rejects(stat(sandbox), { code: 'ENOENT' }, 'the throwaway home is removed');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
