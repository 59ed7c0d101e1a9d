/**
 * `ai-gateway doctor` and `setup --undo` as a newcomer meets them: broken agent configs are reported (exit 1),
 * "no proxy runs" is said once, and undo of a file setup created says it removed it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cliEnv, runCli, writeSettings } from '../helpers/cli.js';
import { freePort, tempDir } from '../helpers/stack.js';

test('doctor with no proxy: broken Claude Code (JSON) and Codex (TOML) configs are reported with line and column, exit 1, and the proxy hint is said once', async () => {
  const home = await tempDir('agw-doctor-broken-');
  try {
    const env = cliEnv(home);
    await writeSettings(env, { port: await freePort() });
    for (const agent of ['claude-code', 'codex']) {
      const setup = await runCli(['setup', agent, '--yes'], { env });
      assert.equal(setup.code, 0, setup.stdout + setup.stderr);
    }
    const claude = join(home, '.claude', 'settings.json');
    await writeFile(claude, (await readFile(claude, 'utf8')).replace('"env": {', '"env": {,'));
    const codex = join(home, '.codex', 'config.toml');
    await writeFile(codex, `${await readFile(codex, 'utf8')}broken = = 1\n`);

    const doctor = await runCli(['doctor'], { env });
    assert.equal(doctor.code, 1, doctor.stdout + doctor.stderr);
    const out = doctor.stdout;
    assert.match(out, /^claude-code: PROBLEMS$/m);
    assert.match(out, /FAIL config parses: \S+\.claude\/settings\.json does not parse at line 2, column \d+: \w+; fix that line/);
    assert.match(out, /^codex: PROBLEMS$/m);
    assert.match(out, /FAIL config parses: \S+\.codex\/config\.toml does not parse at line \d+, column 10: .+; fix that line/);
    assert.doesNotMatch(out, /not set up|ai-gateway\S* setup/);
    assert.equal(out.match(/No ai-gateway proxy is running/g)?.length, 1, `the proxy hint once:\n${out}`);
    assert.doesNotMatch(out, /if it still fails|Start it:/);

    const single = await runCli(['doctor', 'claude-code'], { env });
    assert.equal(single.code, 1);
    assert.match(single.stdout, /does not parse at line 2/);
  } finally {
    await rm(home, { recursive: true, force: true });
  }
});

test('setup --undo of a file setup created prints "Removed <file> (setup had created it)", not "Wrote"', async () => {
  const home = await tempDir('agw-undo-removed-');
  try {
    const env = cliEnv(home);
    await writeSettings(env, { port: await freePort() });
    assert.equal((await runCli(['setup', 'codex', '--yes'], { env })).code, 0);
    const undo = await runCli(['setup', 'codex', '--undo', '--yes'], { env });
    assert.equal(undo.code, 0, undo.stdout + undo.stderr);
    const codex = join(home, '.codex', 'config.toml');
    assert.ok(undo.stdout.includes(`Removed ${codex} (setup had created it)`), undo.stdout);
    assert.ok(!undo.stdout.includes(`Wrote ${codex}`), undo.stdout);
    assert.doesNotMatch(undo.stdout, /\.original/);
  } finally {
    await rm(home, { recursive: true, force: true });
  }
});
