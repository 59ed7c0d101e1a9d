/**
 * `npm run bench`, usage history part: a heavy week (20,000 requests in the history files) loaded and
 * aggregated in-process, as the window's getUsage does, and by `ai-gateway usage --json` end to end
 * (Node's own start-up included, next to bare `node -e 0` in the same run). Medians of interleaved runs.
 *
 * Usage: node out/test/bench/usage-load.js [--json] [--runs N]
 */
import { spawn } from 'node:child_process';
import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { UsageRecord } from '../../app/contract/usage.js';
import { aggregateUsage } from '../../app/core/usage/aggregate.js';
import { listDayFiles } from '../../app/core/usage/day-files.js';
import { appendRecords, readRecords } from '../../app/core/usage/history-files.js';
import { CLI_BIN, cliEnv, writeSettings } from '../helpers/cli.js';
import { tempDir } from '../helpers/stack.js';
import { fmt, percentile, table } from './stats.js';

const args = process.argv.slice(2);
const asJson = args.includes('--json');
const runsArg = args.indexOf('--runs');
const RUNS = Math.min(Math.max(runsArg === -1 ? 15 : Number(args[runsArg + 1]) || 15, 3), 100);
const RECORDS = 20_000;
const WEEK = 7 * 86_400_000;
/** The figure: a heavy week loads in under 200 ms. */
const GOAL_MS = 200;

const AGENTS = ['claude-code', 'codex', 'opencode', 'continue', 'langchain'];
const MODELS: [UsageRecord['provider'], string][] = [['anthropic', 'claude-sonnet-4-5-20250929'], ['openai', 'gpt-5-codex'], ['google', 'gemini-2.5-pro'], ['azure-openai', 'gpt-4.1']];

/** A plausible week: requests every ~30 s, a few per cent failing with a cause, real-looking token counts. */
function week(now: number): UsageRecord[] {
  return Array.from({ length: RECORDS }, (_, i) => {
    const [provider, model] = MODELS[i % MODELS.length]!;
    const failed = i % 37 === 0;
    return {
      at: now - WEEK + Math.floor((i * WEEK) / RECORDS),
      agent: AGENTS[i % AGENTS.length]!,
      provider,
      model,
      status: failed ? 502 : 200,
      firstByteMs: failed ? null : 300 + ((i * 7919) % 2500),
      totalMs: 800 + ((i * 104_729) % 60_000),
      inputTokens: failed ? null : 2_000 + ((i * 31) % 90_000),
      outputTokens: failed ? null : 50 + ((i * 17) % 4_000),
      side: failed ? 'provider' : null,
      cause: failed ? 'provider_unreachable' : null,
      demo: false,
    };
  });
}

function timed(argv: string[], env: Record<string, string | undefined>): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, argv, { env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(Number(process.hrtime.bigint() - start) / 1e6) : reject(new Error(`node ${argv.join(' ')} exited ${code}: ${stderr}`))));
  });
}

async function main(): Promise<void> {
  const home = await tempDir('agw-bench-usage-');
  try {
    const env = cliEnv(home);
    await writeSettings(env, {});
    const dir = join(env.AI_GATEWAY_HOME!, 'usage');
    const now = Date.now();
    // Written as the proxy writes it: batches of a few dozen records.
    const records = week(now);
    for (let i = 0; i < records.length; i += 50) await appendRecords(dir, records.slice(i, i + 50));
    let bytes = 0;
    const files = await listDayFiles(dir);
    for (const file of files) bytes += (await stat(file.path)).size;

    const inProcess: number[] = [];
    const cli: number[] = [];
    const node: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const start = performance.now();
      const loaded = await readRecords(dir, now - WEEK, now);
      const report = aggregateUsage(loaded, { since: now - WEEK, until: now, by: 'agent' }, { now, prices: null });
      inProcess.push(performance.now() - start);
      if (report.totals.requests !== RECORDS) throw new Error(`loaded ${report.totals.requests} of ${RECORDS} records`);
      cli.push(await timed([CLI_BIN, 'usage', '--json', '--since', '7d'], env));
      node.push(await timed(['-e', '0'], env));
    }
    const median = (xs: number[]) => percentile(xs, 50);
    const result = {
      records: RECORDS,
      files: files.length,
      bytes,
      bytesPerRecord: bytes / RECORDS,
      loadAndAggregateMs: { p50: median(inProcess), max: Math.max(...inProcess) },
      cliUsageJsonMs: { p50: median(cli), max: Math.max(...cli) },
      bareNodeMs: { p50: median(node) },
      goals: [
        { goal: `load + aggregate ${RECORDS} records < ${GOAL_MS} ms`, value: `${fmt(median(inProcess), 1)} ms`, pass: median(inProcess) < GOAL_MS },
        { goal: `\`usage --json\` beyond Node's start-up < ${GOAL_MS} ms`, value: `${fmt(median(cli) - median(node), 1)} ms`, pass: median(cli) - median(node) < GOAL_MS },
        { goal: 'history on disk < 3 MB', value: `${fmt(bytes / 1024 / 1024, 2)} MB`, pass: bytes < 3 * 1024 * 1024 },
      ],
      runs: RUNS,
    };
    if (asJson) {
      process.stdout.write(JSON.stringify(result, null, 2) + '\n');
      return;
    }
    process.stdout.write(
      [
        `Usage history bench: ${RECORDS} records over 7 days, ${files.length} day files, ${fmt(bytes / 1024 / 1024, 2)} MB (${fmt(bytes / RECORDS, 0)} bytes per record), medians of ${RUNS} runs`,
        '',
        table(
          ['', 'p50 (ms)', 'max (ms)'],
          [
            ['load + aggregate, in process', fmt(median(inProcess), 1), fmt(Math.max(...inProcess), 1)],
            ['`ai-gateway usage --json --since 7d`', fmt(median(cli), 1), fmt(Math.max(...cli), 1)],
            ['bare `node -e 0`', fmt(median(node), 1), fmt(Math.max(...node), 1)],
          ],
        ),
        '',
        table(['goal (usage history)', 'measured', 'result'], result.goals.map((g) => [g.goal, g.value, g.pass ? 'PASS' : 'MISS'])),
        '',
      ].join('\n'),
    );
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`usage bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
