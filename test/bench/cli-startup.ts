/**
 * `npm run bench`, CLI part: how long `ai-gateway` takes to start, next to bare `node -e 0` in the same
 * run. `token` runs on every Claude Code apiKeyHelper call, so it is measured with a real `serve`
 * running (the way an agent meets it). Runs are interleaved (node, --help, status, token, rotating) so
 * machine noise lands on each alike; the figures are medians and ratios to bare Node.
 *
 * Usage: node out/test/bench/cli-startup.js [--json] [--runs N]
 */
import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { TokenEndpoint } from '../../app/core/demo/token-endpoint.js';
import { CLI_BIN, cliEnv, startCli, writeSettings } from '../helpers/cli.js';
import { freePort, tempDir, TEST_CLIENT_ID, TEST_CLIENT_SECRET } from '../helpers/stack.js';
import { fmt, percentile, table } from './stats.js';

const args = process.argv.slice(2);
const asJson = args.includes('--json');
const runsArg = args.indexOf('--runs');
const RUNS = Math.min(Math.max(runsArg === -1 ? 25 : Number(args[runsArg + 1]) || 25, 3), 200);

/** The goals from the issue: a command's median start-up over bare Node's. */
const GOALS: Record<string, number> = { '--help': 1.2, status: 1.5, 'token (proxy running)': 1.5 };

/** Runs `argv` with node to the end; resolves with the wall time in ms, or rejects on a non-zero exit. */
function timed(argv: string[], env: Record<string, string | undefined>): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, argv, { env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (code === 0) resolve(ms);
      else reject(new Error(`node ${argv.join(' ')} exited ${code}: ${stderr}`));
    });
  });
}

async function main(): Promise<void> {
  const home = await tempDir('agw-cli-bench-');
  const tokens = await new TokenEndpoint({ clientId: TEST_CLIENT_ID, clientSecret: TEST_CLIENT_SECRET }).start();
  const port = await freePort();
  const env = cliEnv(home, {
    GATEWAY_URL: 'http://127.0.0.1:9',
    GATEWAY_CLIENT_ID: TEST_CLIENT_ID,
    GATEWAY_CLIENT_SECRET: TEST_CLIENT_SECRET,
    GATEWAY_TOKEN_ENDPOINT: tokens.url,
  });
  await writeSettings(env, { port });
  const serve = startCli(['serve'], { env, timeoutMs: 10 * 60_000 });
  try {
    await serve.waitFor(/proxy listening on/, { timeoutMs: 20_000 });
    const cases: [string, string[]][] = [
      ['node -e 0', ['-e', '0']],
      ['--help', [CLI_BIN, '--help']],
      ['status', [CLI_BIN, 'status']],
      ['token (proxy running)', [CLI_BIN, 'token']],
    ];
    // One warm-up round: the first spawn of each pays for the disk cache, not for the code.
    for (const [, argv] of cases) await timed(argv, env);
    const samples = new Map<string, number[]>(cases.map(([name]) => [name, []]));
    for (let i = 0; i < RUNS; i++) for (const [name, argv] of cases) samples.get(name)!.push(await timed(argv, env));

    const node = percentile(samples.get('node -e 0')!, 50);
    const rows = cases.map(([name]) => {
      const s = samples.get(name)!;
      const p50 = percentile(s, 50);
      const ratio = p50 / node;
      const goal = GOALS[name];
      return { name, p50, p90: percentile(s, 90), ratio, goal: goal ?? null, pass: goal === undefined ? null : ratio <= goal };
    });
    if (asJson) {
      console.log(JSON.stringify({ runs: RUNS, commands: rows }, null, 2));
      return;
    }
    console.log(`\nCLI start-up: ${RUNS} interleaved runs each, \`node bin/ai-gateway.cjs ...\` with a real \`serve\` running\n`);
    console.log(
      table(
        ['command', 'p50 ms', 'p90 ms', '× node -e 0', 'goal', ''],
        rows.map((r) => [r.name, fmt(r.p50, 1), fmt(r.p90, 1), fmt(r.ratio, 2), r.goal === null ? '' : `≤ ${r.goal}×`, r.pass === null ? '' : r.pass ? 'pass' : 'miss']),
      ),
    );
  } finally {
    await serve.stop();
    await tokens.close();
    await rm(home, { recursive: true, force: true });
  }
}

await main();
