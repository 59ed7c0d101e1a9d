/**
 * `npm run bench`, request model part: what reading a request's top-level `model` costs per request, for
 * the depth-tracking scan the proxy uses (modelOf) next to JSON.parse of the whole body and the first
 * `"model"` anywhere (the scan it replaced, which a prompt could steer). Bodies as agents send them: a
 * small chat, and Anthropic SDK requests (model after messages) of 200 KB with many tool blocks and of
 * 2 MB of long text. Medians of interleaved rounds, as ratios to JSON.parse in the same run.
 *
 * Usage: node out/test/bench/model-scan.js [--json]
 */
import { modelOf } from '../../app/core/proxy/activity-log.js';
import { fmt, percentile, table } from './stats.js';

const asJson = process.argv.includes('--json');

/** The first `"model"` anywhere: cheap, and fooled by a prompt holding one (kept only to compare). */
function firstModelAnywhere(body: Buffer): string | null {
  const at = body.indexOf('"model"');
  if (at === -1) return null;
  const match = /^\s*:\s*"([^"\\]{1,200})"/.exec(body.subarray(at + 7, at + 307).toString('utf8'));
  return match ? match[1]! : null;
}

function parseModel(body: Buffer): string | null {
  const model = (JSON.parse(body.toString('utf8')) as { model?: unknown }).model;
  return typeof model === 'string' ? model : null;
}

const text = (n: number) => 'Refactor the parser so the "tokens" keep their spans. '.repeat(Math.ceil(n / 55)).slice(0, n);
const toolTurn = (i: number) => [
  { role: 'assistant', content: [{ type: 'tool_use', id: `toolu_${i}`, name: 'read_file', input: { path: `src/file${i}.ts`, model: 'postgres://admin:pw@db/x' } }] },
  { role: 'user', content: [{ type: 'tool_result', tool_use_id: `toolu_${i}`, content: text(400) }] },
];
const BODIES: [string, Buffer][] = [
  ['chat 1 KB, model first', Buffer.from(JSON.stringify({ model: 'gpt-5', messages: [{ role: 'user', content: text(900) }], stream: true }))],
  ['anthropic 200 KB, 400 tool blocks', Buffer.from(JSON.stringify({ max_tokens: 8192, messages: Array.from({ length: 200 }, (_, i) => toolTurn(i)).flat(), model: 'claude-sonnet-4-5', stream: true }))],
  ['200 KB, model between messages and tools', Buffer.from(JSON.stringify({ messages: Array.from({ length: 200 }, (_, i) => toolTurn(i)).flat(), model: 'claude-sonnet-4-5', tools: [{ name: 'read_file', input_schema: { type: 'object' } }] }))],
  ['anthropic 2 MB of text', Buffer.from(JSON.stringify({ max_tokens: 8192, messages: Array.from({ length: 20 }, () => ({ role: 'user', content: text(100_000) })), model: 'claude-sonnet-4-5', stream: true }))],
];
const WAYS: [string, (body: Buffer) => string | null][] = [
  ['JSON.parse', parseModel],
  ['modelOf (scan)', modelOf],
  ['first "model" anywhere', firstModelAnywhere],
];

/** Microseconds per call: enough calls per sample to take about 5 ms. */
function sample(fn: (body: Buffer) => string | null, body: Buffer): number {
  let calls = 1;
  for (;;) {
    const start = performance.now();
    for (let i = 0; i < calls; i++) fn(body);
    const elapsed = performance.now() - start;
    if (elapsed >= 5) return (elapsed * 1000) / calls;
    calls *= 2;
  }
}

const results = BODIES.map(([name, body]) => {
  for (const [, fn] of WAYS) for (let i = 0; i < 20; i++) fn(body); // warm up
  const samples = WAYS.map(() => [] as number[]);
  for (let round = 0; round < 15; round++) WAYS.forEach(([, fn], i) => samples[i]!.push(sample(fn, body)));
  const medians = samples.map((s) => percentile(s, 50));
  return { body: name, bytes: body.length, found: WAYS.map(([, fn]) => fn(body)), us: Object.fromEntries(WAYS.map(([way], i) => [way, medians[i]!])), ratioToParse: Object.fromEntries(WAYS.map(([way], i) => [way, medians[i]! / medians[0]!])) };
});

if (asJson) console.log(JSON.stringify(results, null, 2));
else {
  console.log('\nRequest model: microseconds per request (median), and as a ratio to JSON.parse in the same run');
  console.log(table(['body', ...WAYS.map(([way]) => way), 'scan / parse', 'found by scan'], results.map((r) => [r.body, ...WAYS.map(([way]) => fmt(r.us[way], 1)), fmt(r.ratioToParse['modelOf (scan)'], 2), String(r.found[1])])));
}
