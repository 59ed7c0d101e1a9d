/**
 * `npm start` (scripts/start-desktop.mjs) run for real from a project folder with a space in its path,
 * with a stand-in Electron binary that records its arguments; and the AppArmor advice it prints on
 * Linux systems that restrict user namespaces.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmod, cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../../helpers/stack.js';

const scripts = fileURLToPath(new URL('../../../../scripts/', import.meta.url));

test('npm start hands Electron the project folder as a plain path, also when it contains a space', async () => {
  const home = await tempDir('agw-start-');
  const project = join(home, 'my app');
  try {
    for (const file of ['start-desktop.mjs', 'linux-sandbox.mjs']) await cp(join(scripts, file), join(project, 'scripts', file));
    const electron = join(project, 'node_modules', 'electron');
    await mkdir(join(electron, 'dist'), { recursive: true });
    await writeFile(join(electron, 'package.json'), JSON.stringify({ name: 'electron', version: '0.0.0' }));
    await writeFile(join(electron, 'path.txt'), 'electron');
    const record = join(home, 'args.txt');
    await writeFile(join(electron, 'dist', 'electron'), `#!/bin/sh\nprintf '%s\\n' "$@" > '${record}'\n`);
    await chmod(join(electron, 'dist', 'electron'), 0o755);
    const run = spawnSync(process.execPath, [join(project, 'scripts', 'start-desktop.mjs'), '--demo'], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const [folder, ...rest] = (await readFile(record, 'utf8')).trim().split('\n');
    assert.equal(folder?.replace(/\/$/, ''), project);
    assert.deepEqual(rest, ['--demo']);
  } finally {
    await rm(home, { recursive: true, force: true });
  }
});

test('AppArmor advice: only on Linux with the restriction on and no SUID sandbox helper, and it names the fix', async () => {
  const { sandboxAdvice } = (await import(new URL('linux-sandbox.mjs', `file://${scripts}`).href)) as {
    sandboxAdvice(input: { platform?: string; restrictFile?: string; electronPath: string }): string | null;
  };
  const home = await tempDir('agw-sandbox-');
  try {
    const restrictFile = join(home, 'restrict');
    const electronPath = join(home, 'dist', 'electron');
    await mkdir(join(home, 'dist'));
    await writeFile(join(home, 'dist', 'chrome-sandbox'), '');
    await writeFile(restrictFile, '1\n');
    const advice = sandboxAdvice({ platform: 'linux', restrictFile, electronPath });
    assert.match(advice ?? '', /restricts unprivileged user namespaces/);
    assert.ok(advice?.includes(`sudo chown root:root '${join(home, 'dist', 'chrome-sandbox')}' && sudo chmod 4755`));
    assert.equal(sandboxAdvice({ platform: 'darwin', restrictFile, electronPath }), null);
    await writeFile(restrictFile, '0\n');
    assert.equal(sandboxAdvice({ platform: 'linux', restrictFile, electronPath }), null);
    assert.equal(sandboxAdvice({ platform: 'linux', restrictFile: join(home, 'absent'), electronPath }), null);
  } finally {
    await rm(home, { recursive: true, force: true });
  }
});
