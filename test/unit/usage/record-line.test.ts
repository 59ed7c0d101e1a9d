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
