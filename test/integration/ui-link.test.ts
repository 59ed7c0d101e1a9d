// `ai-gateway ui-link` against a real `serve --ui` (a child process, ports 0): after the printed URL was used
// and its tab closed, the command prints a new one-time link that a real Chromium tab opens, with the same
// per-run session; without a window (nothing runs, or a demo without --ui) it says to start one; the
// proxy's endpoint answers only the CLI's own local key.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { SESSION_STORAGE_KEY } from '../../app/contract/web-session.js';
import { appFiles } from '../../app/core/config/paths.js';
import { CLI_KEY_OWNER, LocalKeyStore } from '../../app/core/keys/local-keys.js';
import { launchBrowser, newPage } from '../e2e/harness/browser.js';
import { cliEnv, runCli, startCli, type CliProcess } from '../helpers/cli.js';
import { send } from '../helpers/http.js';
import { tempDir } from '../helpers/stack.js';

let home: string;
let env: Record<string, string | undefined>;
let serve: CliProcess;
let printed: { proxy: string; ui: string };
let browser: Browser;

before(async () => {
  home = await tempDir('agw-ui-link-');
  env = cliEnv(home);
  // Unconfigured on purpose: --ui runs without settings (the first-run form), and no token is needed here.
  serve = startCli(['serve', '--ui', '--port', '0', '--ui-port', '0', '--json'], { env, timeoutMs: 180_000 });
  const [line] = await serve.waitFor(/^\{.*\}$/m, { timeoutMs: 20_000 });
  printed = JSON.parse(line) as { proxy: string; ui: string };
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await serve?.stop('SIGTERM');
  await rm(home, { recursive: true, force: true });
});

/** The session secret a tab holds. */
function secretOf(page: Page): Promise<string | null> {
  return page.evaluate<string | null>(`sessionStorage.getItem(${JSON.stringify(SESSION_STORAGE_KEY)})`);
}

test('after the printed URL was used and its tab closed, `ui-link` prints a new link a new tab opens; each link works once', async () => {
  const { context, page, problems } = await newPage(browser);
  try {
    await page.goto(printed.ui);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    const session = await secretOf(page);
    assert.ok(session, 'the first tab got its session');
    await page.close();

    // The tab is gone: the printed URL in a new tab is used up, and the page names the new command first.
    const reopened = await context.newPage();
    await reopened.goto(printed.ui);
    const refusal = await reopened.getByRole('alert').innerText();
    assert.match(refusal, /already used/);
    assert.match(refusal, /Run `[^`]*ui-link` in a terminal for a new link and open it here \(or restart `[^`]*serve --ui`/);

    const link = await runCli(['ui-link'], { env });
    assert.equal(link.code, 0, link.stderr);
    const url = link.stdout.trim();
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
    assert.equal(new URL(url).origin, new URL(printed.ui).origin, 'a link to the running window');
    assert.notEqual(url, printed.ui);

    await reopened.goto(url);
    await reopened.getByRole('heading', { level: 1 }).first().waitFor();
    assert.equal(await reopened.getByRole('alert').count(), 0, 'no refusal on the new link');
    assert.doesNotMatch(reopened.url(), /token/);
    assert.equal(await secretOf(reopened), session, 'the same per-run session');

    // The same link in another browser is used up; a second `ui-link` opens that one too.
    const other = await browser.newContext();
    try {
      const stranger = await other.newPage();
      await stranger.goto(url);
      assert.match(await stranger.getByRole('alert').innerText(), /already used/);
      const second = await runCli(['ui-link'], { env });
      assert.equal(second.code, 0, second.stderr);
      assert.notEqual(second.stdout.trim(), url, 'a new token every time');
      await stranger.goto(second.stdout.trim());
      await stranger.getByRole('heading', { level: 1 }).first().waitFor();
      assert.equal(await secretOf(stranger), session);
    } finally {
      await other.close();
    }
    assert.deepEqual(problems.filter((p) => !/401|403/.test(p)), [], 'no page errors beyond the refused trades');
  } finally {
    await context.close();
  }
});

test('the serve banner (without --json) says how to get a new link', async () => {
  const plainHome = await tempDir('agw-ui-link-plain-');
  const plain = startCli(['serve', '--ui', '--port', '0', '--ui-port', '0'], { env: cliEnv(plainHome), timeoutMs: 60_000 });
  try {
    await plain.waitFor(/App window: http:\/\/127\.0\.0\.1:\d+\/\?token=\S+\n.*`[^`]*ui-link` prints a new link/, { timeoutMs: 20_000 });
  } finally {
    await plain.stop('SIGTERM');
    await rm(plainHome, { recursive: true, force: true });
  }
});

test('the proxy gives a link only for the CLI\'s own local key: no key, an agent\'s key (`env`) and a made-up one are refused', async () => {
  const endpoint = `${printed.proxy}/_ai-gateway/ui-link`;
  const envKeys = await runCli(['env', '--json'], { env });
  assert.equal(envKeys.code, 0, envKeys.stderr);
  const agentKey = (JSON.parse(envKeys.stdout) as { OPENAI_API_KEY: string }).OPENAI_API_KEY;
  for (const [what, headers] of [
    ['no key', {}],
    ['the env key', { authorization: `Bearer ${agentKey}` }],
    ['a made-up key', { authorization: `Bearer aigw-${'x'.repeat(40)}` }],
  ] as const) {
    const answer = await send(endpoint, { method: 'POST', headers });
    assert.equal(answer.status, 401, `${what}: ${answer.text}`);
    assert.doesNotMatch(answer.text, /token=/, what);
  }
  // The control: the CLI's key, from this user's 0600 key file, does get one.
  const cliKey = await new LocalKeyStore(appFiles(env.AI_GATEWAY_HOME!).localKeys).keyFor(CLI_KEY_OWNER);
  const granted = await send(endpoint, { method: 'POST', headers: { authorization: `Bearer ${cliKey}` } });
  assert.equal(granted.status, 200, granted.text);
  assert.match((granted.json as { url: string }).url, /^http:\/\/127\.0\.0\.1:\d+\/\?token=/);
});

test('without a window: nothing running, or only a demo without --ui, says to start `serve --ui` (or `demo --ui`)', async () => {
  const emptyHome = await tempDir('agw-ui-link-none-');
  const emptyEnv = cliEnv(emptyHome);
  const demo = startCli(['demo', '--port', '0', '--json'], { env: emptyEnv, timeoutMs: 60_000 });
  try {
    const none = await runCli(['ui-link'], { env: emptyEnv });
    assert.equal(none.code, 1);
    assert.equal(none.stdout, '');
    assert.match(none.stderr, /ui-link: No window runs: start `[^`]*serve --ui` \(no proxy of yours runs now\)\.$/m);
    await demo.waitFor(/^\{.*\}$/m, { timeoutMs: 20_000 });
    const demoNoUi = await runCli(['ui-link', '--demo'], { env: emptyEnv });
    assert.equal(demoNoUi.code, 1);
    assert.equal(demoNoUi.stdout, '');
    assert.match(demoNoUi.stderr, /No window runs: start `[^`]*demo --ui`\. The demo running on port \d+ \(pid \d+\) was started without --ui/);
  } finally {
    await demo.stop('SIGTERM');
    await rm(emptyHome, { recursive: true, force: true });
  }
});
