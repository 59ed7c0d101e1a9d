import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { UsageRecord } from '../../../app/contract/usage.js';
import { parseRecords } from '../../../app/core/usage/history-files.js';
import { decodeLine, encodeRecord } from '../../../app/core/usage/record-line.js';

const RECORD: UsageRecord = {
  at: 1_764_633_600_123,
  agent: 'claude-code',
  provider: 'anthropic',
  model: 'claude-sonnet-4-5',
  status: 502,
  firstByteMs: 412,
  totalMs: 1873,
  inputTokens: 1200,
  outputTokens: 345,
  side: 'provider',
  cause: 'provider_unreachable',
  demo: true,
};

test('record line: a record survives the round trip, on one compact line', () => {
  const line = encodeRecord(RECORD);
  assert.equal(line.includes('\n'), false);
  assert.ok(line.length < 120, `${line.length} bytes`);
  assert.deepEqual(decodeLine(line), RECORD);
  const bare: UsageRecord = { ...RECORD, agent: null, provider: null, model: null, status: 200, firstByteMs: null, inputTokens: null, outputTokens: null, side: null, cause: null, demo: false };
  assert.deepEqual(decodeLine(encodeRecord(bare)), bare);
});

test('record line: no prefix of a line (a write torn by a crash) decodes, nor does a foreign line', () => {
  const line = encodeRecord(RECORD);
  for (let n = 0; n < line.length; n++) assert.equal(decodeLine(line.slice(0, n)), null, line.slice(0, n));
  for (const foreign of ['{"at":1}', '[1,2,3]', 'garbage', line.replace('"anthropic"', '"not-a-provider"'), line.replace('"provider_unreachable"', '7'), line.replace('"provider",', '"moon",')]) {
    assert.equal(decodeLine(foreign), null, foreign);
  }
});

test('parseRecords: a torn line inside a file is skipped and the records around it are kept', () => {
  const line = encodeRecord(RECORD);
  const text = `\n${line}\n${line.slice(0, 30)}\n${encodeRecord({ ...RECORD, at: RECORD.at + 1 })}\n\n${line.slice(0, 10)}`;
  assert.deepEqual(parseRecords(text, 0, Infinity).map((r) => r.at), [RECORD.at, RECORD.at + 1]);
  assert.deepEqual(parseRecords(text, RECORD.at + 1, Infinity).map((r) => r.at), [RECORD.at + 1]);
});

test('record line: a folded record keeps its count on a 13th element; every other line and old lines stay 12', () => {
  const refused: UsageRecord = { ...RECORD, agent: null, model: null, status: 401, firstByteMs: null, inputTokens: null, outputTokens: null, side: 'local', cause: 'local_key_invalid', demo: false, count: 500 };
  const line = encodeRecord(refused);
  assert.equal((JSON.parse(line) as unknown[]).length, 13);
  assert.deepEqual(decodeLine(line), refused);
  // A count of one is no count: the line is the plain 12-element one and reads back without the field.
  const single = encodeRecord({ ...refused, count: 1 });
  assert.equal((JSON.parse(single) as unknown[]).length, 12);
  assert.equal('count' in decodeLine(single)!, false);
  // A line as the history wrote it before folding existed.
  assert.deepEqual(decodeLine('[1764633600123,null,"openai",null,401,null,2,null,null,"local","local_key_missing",0]'), {
    at: 1_764_633_600_123, agent: null, provider: 'openai', model: null, status: 401, firstByteMs: null, totalMs: 2, inputTokens: null, outputTokens: null, side: 'local', cause: 'local_key_missing', demo: false,
  });
  for (const bad of [0, -3, 2.5, '7', null]) assert.equal(decodeLine(line.replace(/,500\]$/, `,${JSON.stringify(bad)}]`)), null, String(bad));
});
