// The configured app in a real browser against `ai-gateway serve --ui` and the gateway doubles: every screen,
// its main action, keyboard navigation, and light and dark screenshots for the README.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AI_GATEWAY } from '../agents/agent-harness.js';
import { startBackend } from './harness/backend.js';
import type { E2eBackend } from './harness/backend.js';
import { launchBrowser, openSession } from './harness/browser.js';
import { captureBothSchemes } from './harness/screenshots.js';
import { AppWindow } from './pages/app-window.js';
import type { ScreenName } from './pages/app-window.js';
import { eventually } from './pages/eventually.js';

let backend: E2eBackend;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let problems: string[];
let app: AppWindow;
/** Every API answer the page received, for the secret scan at the end. */
const apiAnswers: Promise<string>[] = [];

before(async () => {
  backend = await startBackend({ configured: true });
  browser = await launchBrowser();
  ({ context, page, problems } = await openSession(browser, backend.url, async (opened) => {
    await opened.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    opened.page.on('response', (response) => {
      if (new URL(response.url()).pathname.startsWith('/api/')) apiAnswers.push(response.text().catch(() => ''));
    });
  }));
  app = new AppWindow(page);
});

after(async () => {
  await context?.close();
  await browser?.close();
  await backend?.close();
});

test('every screen opens without a demo banner and the sidebar reaches it by keyboard', async () => {
  const screens: ScreenName[] = ['Token', 'Agents', 'Connectivity', 'Activity', 'Usage', 'Settings'];
  for (const name of screens) {
    await app.openScreen(name);
    assert.equal(await app.demoBanner().count(), 0, `${name}: no demo banner against a real gateway`);
    // Nothing went through the proxy yet: the usage screen says so instead of drawing empty charts.
    if (name === 'Usage') await eventually(async () => assert.equal(await app.usage.isEmpty(), true));
  }
  await app.tab('Settings').focus();
  await page.keyboard.press('ArrowDown');
  await page.getByRole('heading', { level: 1, name: 'Token', exact: true }).waitFor();
  await page.keyboard.press('End');
  await page.getByRole('heading', { level: 1, name: 'Settings', exact: true }).waitFor();
  await page.keyboard.press('Home');
  await page.getByRole('heading', { level: 1, name: 'Token', exact: true }).waitFor();
  assert.equal(await app.tab('Token').getAttribute('aria-selected'), 'true');
});

test('the token countdown ticks, and Refresh now renews the token', async () => {
  await app.openScreen('Token');
  await eventually(async () => assert.equal(await app.token.state(), 'Valid'));
  const lifetime = backend.tokenLifetimeSeconds;
  const first = await app.token.secondsLeft();
  assert.ok(first > lifetime - 60 && first <= lifetime, `about ${lifetime} s left (fetched at start), got ${first} s`);
  await eventually(async () => assert.ok((await app.token.secondsLeft()) < first, 'ticks down'), 3000);
  assert.match(await app.token.lastRefresh(), /just now|\d+ s ago/);
  assert.match(await app.token.nextRefresh(), /in [78] min/);
  await captureBothSchemes(page, 'token');

  // Let the countdown run down a little so a renewed token shows as more time left.
  await eventually(async () => assert.ok((await app.token.secondsLeft()) <= first - 2, 'ticks down again'), 5000);
  const before = await app.token.secondsLeft();
  const fetches = await backend.tokenFetches();
  await app.token.refreshNow();
  await eventually(async () => assert.ok((await app.token.secondsLeft()) > before, 'back to a full lifetime'));
  assert.ok((await app.token.secondsLeft()) > lifetime - 5);
  assert.match(await app.token.lastRefresh(), /just now|\d+ s ago/);
  assert.equal(await backend.tokenFetches(), fetches + 1, 'Refresh now fetched exactly one token');
  assert.match(await app.token.nextRefresh(), /in [78] min/);
});

test('a failed refresh says the current token is still valid, and for how long', async () => {
  await app.openScreen('Token');
  await backend.failTokenEndpoint();
  try {
    await app.token.refreshNow();
    const expected = /^Refresh failed; current token valid for \d+ min( \d+ s)?$/;
    await eventually(async () => assert.match(await app.token.state(), expected));
    assert.match(((await page.locator('.sidebar-footer .pill').textContent()) ?? '').trim(), expected);
  } finally {
    await backend.restoreTokenEndpoint();
    await app.token.refreshNow();
    await eventually(async () => assert.equal(await app.token.state(), 'Valid'));
  }
});

test('an agent wizard: detect, choose, preview the diff, apply (file written), verify, undo (file gone)', async () => {
  await app.openScreen('Agents');
  await eventually(async () => assert.equal((await app.agents.names()).length, 6));
  assert.equal(await app.agents.setupState('OpenCode'), 'Not set up');
  await captureBothSchemes(page, 'agents');

  await app.agents.openWizard('OpenCode');
  assert.equal(await app.agents.wizard.currentStep(), 'Detect');
  await app.agents.wizard.next();
  assert.deepEqual(await app.agents.wizard.modeOption('proxy'), { enabled: true, checked: true });
  assert.equal((await app.agents.wizard.modeOption('direct')).enabled, false);
  assert.match(await app.agents.wizard.directUnavailableReason(), /Use proxy mode/);
  await app.agents.wizard.setModelTicked('gpt-4.1-mini', true);
  await app.agents.wizard.typeOtherModels('claude-opus-4-1');

  await app.agents.wizard.preview();
  const [change] = await app.agents.wizard.changes();
  assert.ok(change);
  assert.equal(change.path, backend.agentConfigPath('opencode'));
  assert.equal(change.action, 'create');
  assert.match(change.diff, /\+.*claude-opus-4-1/);
  assert.match((await app.agents.wizard.notes()).join(' '), /OpenCode with \/models/);
  await captureBothSchemes(page, 'agent-preview');

  await app.agents.wizard.apply();
  const written = await backend.agentConfig('opencode');
  assert.ok(written, 'the setup wrote the config file');
  assert.match(written, /gpt-4\.1-mini/);
  assert.match(written, /claude-opus-4-1/);

  const report = await app.agents.wizard.verify();
  assert.equal(report.ok, true, JSON.stringify(report));
  assert.ok(report.checks.length >= 2, 'the file checks and the live request through the proxy');
  await captureBothSchemes(page, 'agent-verify');

  const undo = await app.agents.wizard.startUndo();
  assert.equal(undo[0]?.action, 'delete');
  await app.agents.wizard.confirmUndo();
  assert.equal(await backend.agentConfig('opencode'), null);
  await app.agents.wizard.done();
  await eventually(async () => assert.equal(await app.agents.setupState('OpenCode'), 'Not set up'));
});

test('an agent whose config does not parse shows the problem on its card, not "Not set up"', async () => {
  const path = backend.agentConfigPath('claude-code');
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, '{\n  "env": {,\n}\n');
  try {
    await app.openScreen('Activity');
    await app.openScreen('Agents');
    await eventually(async () => assert.equal(await app.agents.setupState('Claude Code'), 'Config unreadable'));
    assert.match(await app.agents.problem('Claude Code'), /settings\.json does not parse at line 2, column \d+: .+; fix that line/);
  } finally {
    await rm(path);
  }
});

test('LangChain: its own flow, snippets with a working Copy button, no Apply or Undo, Verify runs the snippet\'s request', async () => {
  assert.equal(await app.agents.setupState('LangChain'), 'No files · snippets');
  await app.agents.openWizard('LangChain');
  await app.agents.wizard.next();
  await app.agents.wizard.preview();
  assert.equal(await page.getByRole('button', { name: 'Apply changes' }).count(), 0, 'nothing to apply');
  assert.equal(await page.getByText('No files change.').count(), 0);
  assert.deepEqual(await app.agents.wizard.snippetTabs(), ['Python ChatOpenAI', 'Python ChatAnthropic', 'JavaScript ChatOpenAI', 'JavaScript ChatAnthropic', 'Shell']);
  assert.match(await app.agents.wizard.selectSnippet('JavaScript ChatOpenAI'), /new ChatOpenAI/);
  await app.agents.wizard.copySnippet('JavaScript ChatOpenAI');
  await eventually(async () => assert.match(String(await page.evaluate('navigator.clipboard.readText()')), /@langchain\/openai/));
  // `ai-gateway` is not on this PATH: the shell snippet and the page name the command the way it runs here.
  const shell = await app.agents.wizard.selectSnippet('Shell');
  assert.ok(shell.includes(`eval "$(node ${AI_GATEWAY} env)"`), shell);
  assert.ok(shell.includes(`node ${AI_GATEWAY} run -- python`), shell);
  assert.ok(((await page.locator('main').textContent()) ?? '').includes(`variables of \`node ${AI_GATEWAY} env\``), 'the page description names the working command');
  assert.match(await app.agents.wizard.selectSnippet('Python ChatOpenAI'), /from langchain_openai import ChatOpenAI/);
  await captureBothSchemes(page, 'agent-langchain');
  const verified = await app.agents.wizard.verify();
  assert.match((await page.locator('.verdict').textContent()) ?? '', /The snippet's request reaches the gateway through the proxy\./);
  assert.ok(verified.checks.some((c) => /Real requests/.test(c)), verified.checks.join('\n'));
  assert.equal(await page.getByRole('button', { name: 'Undo setup' }).count(), 0, 'nothing to undo');
  await app.agents.wizard.backToAgents();
  assert.equal(await app.agents.setupState('LangChain'), 'No files · snippets');
});

test('connectivity: all four green, then one red with its diagnosis and fix', async () => {
  await app.openScreen('Connectivity');
  assert.equal(await app.connectivity.testAll(), 'All 4 providers answered.');
  for (const provider of ['Anthropic', 'OpenAI', 'Google', 'Azure OpenAI']) {
    const card = await app.connectivity.probe(provider);
    assert.equal(card.tone, 'ok', provider);
    assert.equal(card.status, '200');
    assert.match(card.latency, /^\d+ ms$/);
  }
  await captureBothSchemes(page, 'connectivity');

  await backend.failProvider('google');
  assert.equal(await app.connectivity.testAll(), '1 of 4 providers failed.');
  const google = await app.connectivity.probe('Google');
  assert.equal(google.tone, 'bad');
  assert.equal(google.status, '404');
  assert.equal(google.verdict, 'Model not available');
  assert.match(google.message, /does not know the test model/);
  assert.match(google.fix, /Set a test model this gateway knows/);
  assert.equal((await app.connectivity.probe('Anthropic')).tone, 'ok');
  await captureBothSchemes(page, 'connectivity-failure');
});

test('activity lists the requests that went through the proxy, newest first', async () => {
  // The connectivity test goes straight to the gateway; scripts with a local key go through the proxy.
  assert.equal(await backend.requestThroughProxy('openai', 'gpt-4.1-mini'), 200);
  assert.equal(await backend.requestThroughProxy('google', 'gemini-2.5-flash'), 404);
  await app.openScreen('Activity');
  const rows = await eventually(async () => {
    const found = await app.activity.rows();
    assert.ok(found.length >= 3, `expected the verify request and two script requests, got ${found.length}`);
    return found;
  });
  const newest = rows[0];
  assert.ok(newest);
  assert.equal(newest.provider, 'Google');
  assert.match(newest.status, /^404/);
  assert.ok(rows.some((r) => r.provider === 'OpenAI' && r.status.startsWith('200') && r.agent === 'env'), 'the script request with its key owner');
  assert.ok(rows.some((r) => r.agent === 'opencode' && /^\d+ \/ \d+$/.test(r.tokens)), 'the verify request with its token counts');
  await captureBothSchemes(page, 'activity');
});

test('activity filters by provider, status class, agent and time', async () => {
  await app.openScreen('Activity');
  const all = await eventually(async () => {
    const found = await app.activity.rows();
    assert.ok(found.length >= 3, `only ${found.length} rows`);
    return found;
  });
  const providers = [...new Set(all.map((r) => r.provider).filter((p) => p !== '–'))].sort();
  assert.deepEqual((await app.activity.filterOptions('Provider')).sort(), ['All providers', ...providers].sort());

  await app.activity.filter('Provider', 'Google');
  await eventually(async () => {
    const rows = await app.activity.rows();
    assert.deepEqual(rows.map((r) => r.provider), all.filter((r) => r.provider === 'Google').map((r) => r.provider));
  });
  await app.activity.filter('Provider', 'All providers');

  await app.activity.filter('Status', 'Refused or invalid (4xx)');
  await eventually(async () => {
    const rows = await app.activity.rows();
    assert.equal(rows.length, all.filter((r) => /^4\d\d/.test(r.status)).length);
    assert.ok(rows.length > 0 && rows.every((r) => /^4\d\d/.test(r.status)), JSON.stringify(rows));
  });
  await app.activity.filter('Status', 'Succeeded (2xx)');
  await eventually(async () => {
    const rows = await app.activity.rows();
    assert.equal(rows.length, all.filter((r) => /^2\d\d/.test(r.status)).length);
    assert.ok(rows.every((r) => /^2\d\d/.test(r.status)), JSON.stringify(rows));
  });

  await app.activity.filter('Agent', 'env');
  await app.activity.filter('Provider', 'OpenAI');
  await eventually(async () => {
    const rows = await app.activity.rows();
    assert.equal(rows.length, all.filter((r) => r.agent === 'env' && r.provider === 'OpenAI' && /^2\d\d/.test(r.status)).length);
    assert.ok(rows.length > 0 && rows.every((r) => r.agent === 'env' && r.provider === 'OpenAI'));
  });
  // Every request of this run is minutes old: the last hour keeps them all.
  await app.activity.filter('Time', 'Last hour');
  await eventually(async () => assert.ok((await app.activity.rows()).length > 0));
  await captureBothSchemes(page, 'activity-filtered');
  for (const [name, option] of [['Agent', 'All agents'], ['Provider', 'All providers'], ['Status', 'Any status'], ['Time', 'Any time']] as const) await app.activity.filter(name, option);
  await eventually(async () => assert.equal((await app.activity.rows()).length, all.length));
});

test('usage counts the requests that went through the proxy, and shows no money without a price table', async () => {
  await app.openScreen('Activity');
  const rows = await app.activity.rows();
  const failed = rows.filter((r) => !/^2\d\d/.test(r.status)).length;
  await app.openScreen('Usage');
  await eventually(async () => {
    const summary = await app.usage.summary();
    assert.equal(summary.Requests, String(rows.length), 'every request of the activity list is in the history');
    assert.match(summary.Failed ?? '', new RegExp(`^${failed} `));
    assert.equal('Estimated cost' in summary, false);
  }, 15_000);
});

test('settings: a bad port is explained, good values are saved, a local key is regenerated', async () => {
  await app.openScreen('Settings');
  assert.equal(await app.settings.value('Gateway URL'), backend.gateway.gatewayUrl);
  assert.equal(await app.settings.value('Client secret'), '', 'the secret never comes back');
  assert.match(await app.settings.secretStorage(), /environment variable/);
  await captureBothSchemes(page, 'settings');

  await app.settings.fill('Proxy port', '70000');
  await eventually(async () => assert.match(await app.settings.fieldError('Proxy port'), /from 1 to 65535/));
  const port = String(await backend.freePort());
  await app.settings.fill('Proxy port', port);
  await app.settings.setTestModel('Google', 'gemini-2.5-pro');
  await app.settings.setAuthMethod('client_secret_post');
  await app.settings.save();
  await eventually(async () => assert.match(await app.settings.saveState(), /Saved/));
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
  await eventually(async () => assert.equal(await app.settings.value('Proxy port'), port));
  assert.equal(await app.settings.value('Google'), 'gemini-2.5-pro');

  assert.equal(await app.settings.regenerateKey('Codex CLI'), 'Codex CLI has a new local key.');
});

test('settings: provider options (Azure, Portkey headers) are saved and come back; a header that is not x-portkey-* is refused by name', async () => {
  await app.openScreen('Settings');
  const options = page.getByRole('group', { name: 'Provider options' });
  await options.getByLabel('Portkey headers for every provider').fill('authorization: Bearer nope');
  await app.settings.save();
  await eventually(async () => assert.match((await options.getByRole('alert').textContent()) ?? '', /"authorization" is not an x-portkey-\* header/));

  await options.getByLabel('Portkey headers for every provider').fill('x-portkey-config: pc-e2e');
  await options.getByLabel('Azure resource name').fill('contoso');
  await options.getByLabel('Azure deployment', { exact: true }).fill('dep-e2e');
  await options.getByLabel('Azure API version').fill('2024-10-21');
  await options.getByLabel('Azure deployment per model').fill('gpt-4o=dep-4o');
  await options.getByLabel('Portkey headers for Google').fill('x-portkey-virtual-key: vk-e2e');
  await app.settings.save();
  await eventually(async () => assert.match(await app.settings.saveState(), /Saved/));
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
  const reloaded = page.getByRole('group', { name: 'Provider options' });
  await eventually(async () => assert.equal(await reloaded.getByLabel('Azure resource name').inputValue(), 'contoso'));
  assert.equal(await reloaded.getByLabel('Azure deployment', { exact: true }).inputValue(), 'dep-e2e');
  assert.equal(await reloaded.getByLabel('Azure API version').inputValue(), '2024-10-21');
  assert.equal(await reloaded.getByLabel('Azure deployment per model').inputValue(), 'gpt-4o=dep-4o');
  assert.equal(await reloaded.getByLabel('Portkey headers for every provider').inputValue(), 'x-portkey-config: pc-e2e');
  // A virtual key is a credential: shown by name only, and saving the form as it is keeps the stored value.
  assert.equal(await reloaded.getByLabel('Portkey headers for Google').inputValue(), 'x-portkey-virtual-key: (hidden: stored value kept)');
  assert.ok(!(await page.content()).includes('vk-e2e'), 'the virtual key reached the page');
  await app.settings.save();
  await eventually(async () => assert.match(await app.settings.saveState(), /Saved/));
});

test('no secret on any screen or in any API answer: no client secret, no JWT, no local key', async () => {
  const screens: string[] = [];
  for (const screen of ['Token', 'Agents', 'Connectivity', 'Activity', 'Settings'] as const) {
    await app.openScreen(screen);
    screens.push(await page.content());
  }
  const seen = [...screens, ...(await Promise.all(apiAnswers))].join('\n');
  assert.ok(apiAnswers.length > 20, 'the scan saw the API traffic');
  assert.ok(!seen.includes(backend.gateway.clientSecret), 'the client secret reached the browser');
  assert.doesNotMatch(seen, /eyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]{8,}/, 'a JWT reached the browser');
  const leak = /.{0,200}agw-local-[\w-]{20,}.{0,80}/.exec(seen);
  assert.equal(leak, null, `a local key reached the browser: ${leak?.[0]}`);
});

test('no CSP violations or page errors', () => {
  assert.deepEqual(problems, []);
});
