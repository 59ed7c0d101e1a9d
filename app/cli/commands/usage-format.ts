/** `ai-gateway usage`'s output: a text report for people, one CSV row per group for spreadsheets. */
import type { Percentiles, UsageGroup, UsageReport } from '../../contract/usage.js';
import { table } from './format.js';

/** "412 ms", "1.9 s", "-" for none. */
export function ms(value: number | null): string {
  if (value === null) return '-';
  return value < 1000 ? `${Math.round(value)} ms` : `${(value / 1000).toFixed(1)} s`;
}

/** 1234567 as "1,234,567". */
export function count(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** Dollars with cents, and more digits below a cent so a small spend is not shown as $0.00. */
export function dollars(value: number | null): string {
  if (value === null) return '-';
  return value >= 0.01 || value === 0 ? `$${value.toFixed(2)}` : `$${value.toFixed(4)}`;
}

const pair = (p: Percentiles) => `${ms(p.p50)} / ${ms(p.p95)}`;

/** "2026-12-02 14:05" in the local time zone. */
function when(at: number): string {
  const d = new Date(at);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

function groupTable(title: string, groups: UsageGroup[], priced: boolean): string {
  const head = [title.toUpperCase(), 'REQUESTS', 'ERRORS', 'TOKENS IN', 'TOKENS OUT', 'FIRST BYTE p50 / p95', 'TOTAL p50 / p95', ...(priced ? ['COST'] : [])];
  const rows = groups.map((g) => [g.key, count(g.requests), count(g.errors), count(g.inputTokens), count(g.outputTokens), pair(g.firstByteMs), pair(g.totalMs), ...(priced ? [dollars(g.costUsd)] : [])]);
  return table([head, ...rows]);
}

/** The report as people read it: totals, the groups, times per provider, the causes of failures. */
export function usageText(report: UsageReport, source: string): string {
  const t = report.totals;
  const lines = [`Usage from ${when(report.since)} to ${when(report.until)} (${source})`];
  if (t.requests === 0) {
    lines.push('', 'No requests recorded in this window. The history fills as agents use the proxy (`ai-gateway serve` or the app).');
    return lines.join('\n');
  }
  const cost = report.priced ? `, ${t.costUsd === null ? 'cost unknown (a model has no price)' : `${dollars(t.costUsd)} estimated`}` : '';
  lines.push(`${count(t.requests)} requests, ${count(t.errors)} errors, ${count(t.inputTokens)} tokens in, ${count(t.outputTokens)} tokens out${cost}`);
  lines.push('', groupTable(report.by, report.groups, report.priced));
  if (report.by !== 'provider') lines.push('', groupTable('provider', report.byProvider, report.priced));
  if (report.causes.length > 0) {
    lines.push('', 'Failures:');
    for (const c of report.causes) lines.push(`  ${String(c.count).padStart(6)}  ${c.cause} (${c.side})`);
  }
  if (report.unpricedModels.length > 0) lines.push('', `No price for: ${report.unpricedModels.join(', ')} (add them to prices.json to see their cost).`);
  return lines.join('\n');
}

/**
 * A CSV field, quoted when it holds a comma, quote or line break (RFC 4180). A text that a spreadsheet
 * would run as a formula (starting with = + - @, tab or CR: a model or agent name is the agent's to
 * choose) gets a leading ', as OWASP's CSV injection advice says; numbers are written as they are.
 */
function field(value: string | number | null): string {
  let text = value === null ? '' : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One row per group, with a header; empty fields for unknown times and cost. */
export function usageCsv(report: UsageReport): string {
  const header = [report.by, 'requests', 'errors', 'input_tokens', 'output_tokens', 'first_byte_p50_ms', 'first_byte_p95_ms', 'total_p50_ms', 'total_p95_ms', 'cost_usd'];
  const rows = report.groups.map((g) => [g.key, g.requests, g.errors, g.inputTokens, g.outputTokens, g.firstByteMs.p50, g.firstByteMs.p95, g.totalMs.p50, g.totalMs.p95, g.costUsd]);
  return [header, ...rows].map((row) => row.map(field).join(',')).join('\n');
}
