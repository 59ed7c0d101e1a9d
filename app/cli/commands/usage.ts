/**
 * `ai-gateway usage`: the usage history from the files, with no proxy running and without loading the
 * proxy or the token client (only the settings file, for the retention, and the history itself).
 */
import type { UsageGroupBy } from '../../contract/usage.js';
import { appFiles } from '../../core/config/paths.js';
import { FileSettingsStore } from '../../core/config/settings-store.js';
import { AppError } from '../../core/errors.js';
import { usageLimits } from '../../core/usage/usage-limits.js';
import { usageReport } from '../../core/usage/usage-report.js';
import type { Command } from '../command.js';
import type { Io } from '../io.js';
import { dataDirFor, demoDataDir } from '../demo-location.js';
import { parseSince } from './since-flag.js';
import { usageCsv, usageText } from './usage-format.js';

const GROUPINGS: readonly UsageGroupBy[] = ['agent', 'provider', 'model'];

/** With nothing of yours in the span, the demo's history may be what the person looked for: name the flag that shows it. */
async function hintDemoHistory(io: Io, span: number, by: UsageGroupBy, now: number): Promise<void> {
  const files = appFiles(demoDataDir(io.env));
  const demo = await usageReport({ dir: files.usage, pricesFile: files.prices, retentionMs: Infinity }, { since: now - span, by, includeDemo: true }, now).catch(() => null);
  const requests = demo?.totals.requests ?? 0;
  if (requests > 0) io.out(`The demo's history has ${requests} request${requests === 1 ? '' : 's'} in this span: \`ai-gateway usage --demo\` shows them.`);
}

/** The usage command. */
export const usageCommand: Command = {
  name: 'usage',
  summary: 'Show what went through the proxy: requests, errors, tokens and times per agent, provider or model.',
  usage: '[--since 1d] [--by agent|provider|model] [--json|--csv] [--demo]',
  options: {
    since: { type: 'string', valueName: 'AGE', help: 'How far back: 30m, 12h, 1d, 7d, 2w (default 7d; the history keeps a week unless usageRetentionDays says otherwise).' },
    by: { type: 'string', valueName: 'GROUP', help: 'Group by agent (default), provider or model.' },
    json: { type: 'boolean', help: 'Print the whole report as JSON, for programs.' },
    csv: { type: 'boolean', help: 'Print one CSV row per group, for spreadsheets.' },
    demo: { type: 'boolean', help: "The demo's history instead of yours." },
  },
  details: [
    'Read from the history files in the app data folder (usage/), so it works with no proxy running.',
    'Cost is shown only with a price table in prices.json next to settings.json:',
    '  { "claude-sonnet-4-5": { "input": 3, "output": 15 } }   (US dollars per million tokens)',
  ].join('\n'),
  async run(args, io) {
    if (args.values.json && args.values.csv) throw new AppError('bad_request', '--json and --csv are two formats: choose one.');
    const by = (args.values.by as string | undefined) ?? 'agent';
    if (!GROUPINGS.includes(by as UsageGroupBy)) throw new AppError('bad_request', `--by takes agent, provider or model, not "${by}".`);
    const span = parseSince((args.values.since as string | undefined) ?? '7d');
    const demo = args.values.demo === true;
    const files = appFiles(dataDirFor(io.env, demo));
    const limits = usageLimits(await new FileSettingsStore(files.settings).read(), io.env);
    const now = Date.now();
    const report = await usageReport({ dir: files.usage, pricesFile: files.prices, retentionMs: limits.retentionMs }, { since: now - span, by: by as UsageGroupBy, includeDemo: demo }, now, (skipped) => io.err(`Warning: ${skipped.message}`));
    if (args.values.json) io.out(JSON.stringify(report, null, 2));
    else if (args.values.csv) io.out(usageCsv(report));
    else {
      io.out(usageText(report, demo ? "the demo's history" : files.usage));
      if (!demo && report.totals.requests === 0) await hintDemoHistory(io, span, by as UsageGroupBy, now);
    }
    return 0;
  },
};
