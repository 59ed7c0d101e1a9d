// The Usage screen in a real browser against `ai-gateway serve --ui`, on a history of known records written
// through the core's store before the app starts. Every number the charts' tables, tooltips and totals show is
// checked against figures this file computes from those records itself; then the keyboard, 800x600, dark.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { UsageRecord } from '../../app/contract/usage.js';
import { startBackend } from './harness/backend.js';
import type { E2eBackend } from './harness/backend.js';
import { launchBrowser, openSession } from './harness/browser.js';
import { captureBothSchemes } from './harness/screenshots.js';
import { AppWindow } from './pages/app-window.js';
import { eventually } from './pages/eventually.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** A little in the past, so every record is inside a window the page asks for a moment later. */
const NOW = Date.now() - 5_000;

function record(patch: Partial<UsageRecord> & Pick<UsageRecord, 'at'>): UsageRecord {
  return { agent: null, provider: null, model: null, status: 200, firstByteMs: null, totalMs: 1, inputTokens: null, outputTokens: null, side: null, cause: null, demo: false, ...patch };
}

// Claude Code on Anthropic: 21 requests, 11 fast and 10 slow, so p50 and p95 are the same under any usual
// definition (nearest rank or interpolated); one of the slow ones failed at the load balancer.
const claude = Array.from({ length: 21 }, (_, i) =>
  record({
    at: NOW - i * 50 * MIN,
    agent: 'claude-code',
    provider: 'anthropic',
    model: 'claude-sonnet-4-6',
    status: i === 20 ? 502 : 200,
    firstByteMs: i < 11 ? 200 : 800,
    totalMs: i < 11 ? 1000 : 3000,
    inputTokens: 1000,
    outputTokens: 200,
    ...(i === 20 ? { side: 'gateway' as const, cause: 'load_balancer_error' } : {}),
  }),
);
// Codex on OpenAI: 5 today, 3 more earlier this week.
const codexToday = Array.from({ length: 5 }, (_, i) => record({ at: NOW - i * 3 * HOUR - 10 * MIN, agent: 'codex', provider: 'openai', model: 'gpt-4.1', firstByteMs: 450, totalMs: 2000, inputTokens: 500, outputTokens: 100 }));
const codexThisWeek = [2, 3, 5].map((days) => record({ at: NOW - days * DAY, agent: 'codex', provider: 'openai', model: 'gpt-4.1', firstByteMs: 450, totalMs: 2000, inputTokens: 500, outputTokens: 100 }));
// OpenCode on Google: two answers, two rate limited by the provider.
const opencode = Array.from({ length: 4 }, (_, i) =>
  record({
    at: NOW - 2 * HOUR - i * 5 * MIN,
    agent: 'opencode',
    provider: 'google',
    model: 'gemini-2.5-flash',
    firstByteMs: 300,
    totalMs: 600,
    ...(i < 2 ? { inputTokens: 300, outputTokens: 50 } : { status: 429, side: 'provider' as const, cause: 'provider_rate_limited' }),
  }),
);
// A script with an old key, refused three times before it had an agent: one record standing for the three,
// as the proxy folds refusals (app/core/usage/refused-fold.ts); the screen must count three.
const refused = record({ at: NOW - 20 * MIN, status: 401, side: 'local', cause: 'local_key_invalid', count: 3 });
// The demo's own sample request: hidden unless included.
const demo = record({ at: NOW - HOUR, agent: 'demo-sample', provider: 'openai', model: 'gpt-4.1-mini', firstByteMs: 50, totalMs: 100, inputTokens: 10, outputTokens: 10, demo: true });
const HISTORY = [...claude, ...codexToday, ...codexThisWeek, ...opencode, refused, demo];
const PRICES = { 'claude-*': { input: 3, output: 15 }, 'gpt-4.1': { input: 2, output: 8 } };

/** What the screen should say about the records inside a window, computed here without the app's code. */
function expected(since: number, includeDemo: boolean) {
  const shown = HISTORY.filter((r) => r.at >= since && (includeDemo || !r.demo));
  const failed = (r: UsageRecord) => r.status < 200 || r.status >= 300;
  const sum = (list: UsageRecord[], f: (r: UsageRecord) => number) => list.reduce((a, r) => a + f(r), 0);
  const requests = (list: UsageRecord[]) => sum(list, (r) => r.count ?? 1);
  const byAgent = new Map<string, UsageRecord[]>();
  for (const r of shown) byAgent.set(r.agent ?? '(unknown)', [...(byAgent.get(r.agent ?? '(unknown)') ?? []), r]);
  const hours = new Map<number, UsageRecord[]>();
  for (const r of shown) hours.set(Math.floor(r.at / HOUR) * HOUR, [...(hours.get(Math.floor(r.at / HOUR) * HOUR) ?? []), r]);
  return {
    requests: requests(shown),
    errors: requests(shown.filter(failed)),
    inputTokens: sum(shown, (r) => r.inputTokens ?? 0),
    outputTokens: sum(shown, (r) => r.outputTokens ?? 0),
    /** Agent -> [requests, tokens in + out], most requests first. */
    agents: [...byAgent].map(([agent, list]) => ({ agent, requests: requests(list), tokens: sum(list, (r) => (r.inputTokens ?? 0) + (r.outputTokens ?? 0)) })).sort((a, b) => b.requests - a.requests),
    /** Each hour with requests, oldest first: requests in it. */
    hours: [...hours].sort(([a], [b]) => a - b).map(([start, list]) => ({ start, requests: requests(list), errors: requests(list.filter(failed)), byAgent: (agent: string) => requests(list.filter((r) => (r.agent ?? '(unknown)') === agent)) })),
    causes: [...new Set(shown.filter(failed).map((r) => `${r.side}:${r.cause}`))].map((key) => ({ key, count: requests(shown.filter((r) => `${r.side}:${r.cause}` === key)) })).sort((a, b) => b.count - a.count),
  };
}

const count = (n: number) => n.toLocaleString('en-US');
/** The words the screen uses for the agent keys. */
const AGENT_WORDS: Record<string, string> = { '(unknown)': 'No agent (refused)', 'demo-sample': 'Demo samples' };
const agentWords = (agent: string) => AGENT_WORDS[agent] ?? agent;

let backend: E2eBackend;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let problems: string[];
let app: AppWindow;

before(async () => {
  backend = await startBackend({ configured: true, history: HISTORY, prices: PRICES });
  browser = await launchBrowser();
  ({ context, page, problems } = await openSession(browser, backend.url));
  app = new AppWindow(page);
  await app.openScreen('Usage');
});

after(async () => {
  await context?.close();
  await browser?.close();
  await backend?.close();
});

test('the last 24 hours: totals, requests and tokens per agent and per hour, as the history holds them', async () => {
  const want = expected(NOW - DAY + MIN, false);
  await eventually(async () => {
    const summary = await app.usage.summary();
    assert.equal(summary.Requests, count(want.requests));
    assert.equal(summary['Tokens in / out'], `${count(want.inputTokens)} / ${count(want.outputTokens)}`);
    assert.equal(summary.Failed, `${count(want.errors)} (${((want.errors / want.requests) * 100).toFixed(1)}%)`);
  }, 15_000);

  const [requests] = await app.usage.tables('Requests over time');
  assert.ok(requests);
  const header = requests[0]!;
  assert.deepEqual(header, ['Time', ...want.agents.map((a) => agentWords(a.agent)), 'Total'], 'one column per agent, most requests first');
  const body = requests.slice(1, -1);
  assert.equal(body.length, want.hours.length, 'one row per hour with requests');
  want.hours.forEach((hour, i) => {
    const row = body[i]!;
    const hh = new Date(hour.start).getHours().toString().padStart(2, '0');
    assert.match(row[0]!, new RegExp(`${hh}:00–`), `row ${i} is the hour starting ${hh}:00`);
    assert.deepEqual(row.slice(1), [...want.agents.map((a) => count(hour.byAgent(a.agent))), count(hour.requests)]);
  });
  assert.deepEqual(requests.at(-1), ['Total', ...want.agents.map((a) => count(a.requests)), count(want.requests)]);

  const [tokens] = await app.usage.tables('Tokens over time');
  const withTokens = want.agents.filter((a) => a.tokens > 0);
  assert.deepEqual(tokens?.[0], ['Time', ...withTokens.map((a) => agentWords(a.agent)), 'Total'], 'no column for the refused requests, which had no tokens');
  assert.deepEqual(tokens?.at(-1), ['Total', ...withTokens.map((a) => count(a.tokens)), count(want.inputTokens + want.outputTokens)]);
});

test('time to first token and total time by provider, p50 and p95', async () => {
  const [speed] = await app.usage.tables('Time to first token and total time by provider');
  assert.deepEqual(speed, [
    ['Provider', 'Requests', 'First token, p50', 'First token, p95', 'Total, p50', 'Total, p95'],
    ['Anthropic', '21', '200 ms', '800 ms', '1.00 s', '3.00 s'],
    ['OpenAI', '5', '450 ms', '450 ms', '2.00 s', '2.00 s'],
    ['Google', '4', '300 ms', '300 ms', '600 ms', '600 ms'],
    ['Unknown', '3', '–', '–', '1 ms', '1 ms'],
  ]);
});

test('errors: who failed and why, in words, with counts and shares of the failures', async () => {
  const want = expected(NOW - DAY + MIN, false);
  const [causes, overTime] = await app.usage.tables('Error rate and causes');
  assert.deepEqual(causes?.[0], ['Who failed', 'Cause', 'Failed requests', 'Share']);
  const rows = causes!.slice(1);
  assert.equal(rows.length, want.causes.length);
  const sides: Record<string, string> = { gateway: 'Gateway', provider: 'Provider', local: 'On this machine' };
  want.causes.forEach((cause, i) => {
    const [side, code] = cause.key.split(':') as [string, string];
    const row = rows[i]!;
    assert.equal(row[0], sides[side]);
    assert.ok(row[1]!.endsWith(code), `${row[1]} names ${code}`);
    assert.doesNotMatch(row[1]!.replace(code, ''), /_/, 'the cause is in words, the code beside it');
    assert.equal(row[2], count(cause.count));
    assert.equal(row[3], `${((cause.count / want.errors) * 100).toFixed(1)}%`);
  });
  assert.equal(rows[0]?.[1]?.startsWith('Old or wrong local key'), true, 'the three folded refusals are the most frequent cause');
  // Each hour with requests: how many failed of how many.
  const failedHours = overTime!.slice(1).map((r) => [r[1], r[2]]);
  assert.deepEqual(failedHours, want.hours.filter((h) => h.requests > 0).map((h) => [count(h.requests), count(h.errors)]));
});

test('prices: the estimated cost per model, and the models without a price named instead of a partial total', async () => {
  await app.usage.groupBy('Model');
  await eventually(async () => {
    const groups = await app.usage.groups();
    assert.equal(groups[0]?.[0], 'Model');
    const cost = (model: string) => groups.find((g) => g[0] === model)?.at(-1);
    // claude-sonnet-4-6: 21 x (1000 in, 200 out) at $3 / $15 per million; gpt-4.1: 5 x (500, 100) at $2 / $8.
    assert.equal(cost('claude-sonnet-4-6'), `$${((21 * 1000 * 3 + 21 * 200 * 15) / 1e6).toFixed(2)}`);
    assert.equal(cost('gpt-4.1'), `$${((5 * 500 * 2 + 5 * 100 * 8) / 1e6).toFixed(2)}`);
    assert.equal(cost('gemini-2.5-flash'), '–');
  });
  const summary = await app.usage.summary();
  assert.match(summary['Estimated cost'] ?? '', /^–\s*No price for gemini-2\.5-flash in prices\.json$/, 'a dash, not a partial sum');
  await app.usage.groupBy('Agent');
});

test('the demo\'s requests count only when included', async () => {
  assert.equal(await page.getByRole('columnheader', { name: 'Demo samples' }).count(), 0);
  await app.usage.includeDemo(true);
  const want = expected(NOW - DAY + MIN, true);
  await eventually(async () => assert.equal((await app.usage.summary()).Requests, count(want.requests)));
  const [requests] = await app.usage.tables('Requests over time');
  assert.ok(requests?.[0]?.includes('Demo samples'));
  await app.usage.includeDemo(false);
  await eventually(async () => assert.equal((await app.usage.summary()).Requests, count(expected(NOW - DAY + MIN, false).requests)));
});

test('the last 7 days add the older requests; by provider the groups are the providers', async () => {
  await app.usage.setSpan('Last 7 days');
  const week = expected(NOW - 7 * DAY + MIN, false);
  await eventually(async () => assert.equal((await app.usage.summary()).Requests, count(week.requests)));
  assert.ok(week.requests > expected(NOW - DAY + MIN, false).requests);
  await app.usage.groupBy('Provider');
  await eventually(async () => {
    const groups = await app.usage.groups();
    assert.deepEqual(groups.slice(1).map((g) => [g[0], g[1]]), [['Anthropic', '21'], ['OpenAI', '8'], ['Google', '4'], ['Unknown', '3']]);
  });
  await app.usage.groupBy('Agent');
  await app.usage.setSpan('Last 24 hours');
  await eventually(async () => assert.equal((await app.usage.summary()).Requests, count(expected(NOW - DAY + MIN, false).requests)));
});

test('the keyboard reaches a chart and walks its hours; the tooltip shows the numbers of the hour in focus', async () => {
  const want = expected(NOW - DAY + MIN, false);
  await page.mouse.move(0, 0);
  await page.getByLabel("Include the demo's requests").focus();
  await page.keyboard.press('Tab');
  const newest = want.hours.at(-1)!;
  let focused = await app.usage.focused();
  assert.equal(focused.chartPoint, true, 'Tab after the choices lands on the first chart');
  assert.match(focused.label ?? '', new RegExp(`Total: ${newest.requests}$`));
  let tip = await app.usage.tooltip('Requests over time');
  assert.equal(tip.at(-1), `Total: ${count(newest.requests)}`);
  await page.keyboard.press('ArrowLeft');
  const previous = want.hours.at(-2)!;
  focused = await app.usage.focused();
  assert.match(focused.label ?? '', new RegExp(`Total: ${previous.requests}$`));
  tip = await app.usage.tooltip('Requests over time');
  assert.equal(tip.at(-1), `Total: ${count(previous.requests)}`);
  for (const a of want.agents) if (previous.byAgent(a.agent) > 0) assert.ok(tip.includes(`${agentWords(a.agent)}: ${count(previous.byAgent(a.agent))}`), tip.join(' | '));
  // Visible focus: the point has a focus stroke.
  const stroke = await page.evaluate<string>('getComputedStyle(document.activeElement).stroke');
  assert.notEqual(stroke, 'none');
  await page.keyboard.press('Tab');
  assert.equal((await app.usage.focused()).chartPoint, false, 'one tab stop per chart: Tab leaves its points');
});

test('at 800x600 nothing spills sideways, and the dark scheme recolours the charts', async () => {
  await page.setViewportSize({ width: 800, height: 600 });
  await eventually(async () => {
    const overflow = await page.evaluate<{ page: number; charts: [number, number][] }>(
      "({ page: document.documentElement.scrollWidth, charts: [...document.querySelectorAll('.chart')].map((c) => [c.querySelector('svg').getBoundingClientRect().width, c.getBoundingClientRect().width]) })",
    );
    assert.ok(overflow.page <= 800, `page is ${overflow.page} px wide`);
    for (const [svg, box] of overflow.charts) assert.ok(svg <= box + 0.5, `a chart of ${svg} px in ${box} px`);
  });
  const fill = () => page.evaluate<string>("getComputedStyle(document.querySelector('.chart-bar.series-0')).fill");
  await page.emulateMedia({ colorScheme: 'light' });
  const light = await fill();
  await page.emulateMedia({ colorScheme: 'dark' });
  const dark = await fill();
  assert.equal(light, 'rgb(58, 92, 204)');
  assert.equal(dark, 'rgb(123, 151, 240)');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1120, height: 760 });
  await app.usage.closeTables();
  await captureBothSchemes(page, 'usage');
  assert.deepEqual(problems, [], 'no console error, no CSP violation');
});
