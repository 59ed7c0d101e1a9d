import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../../../app/core/errors.js';
import { loadPrices } from '../../../app/core/usage/prices-file.js';
import { parsePrices } from '../../../app/core/usage/prices-parse.js';
import { priceFor } from '../../../app/core/usage/price-table.js';

const FILE = '/home/me/.config/ai-gateway/prices.json';

function refusal(text: string): AppError {
  try {
    parsePrices(text, FILE);
  } catch (error) {
    assert.ok(error instanceof AppError);
    return error;
  }
  assert.fail('the table was accepted');
}

test('prices: a table with comments and a family entry parses; the exact entry wins over the longest prefix', () => {
  const table = parsePrices('{\n  // Anthropic list prices\n  "claude-sonnet-4-5": { "input": 3, "output": 15 },\n  "claude-*": { "input": 1, "output": 5 },\n  "claude-opus-*": { "input": 15, "output": 75 },\n}\n', FILE);
  assert.deepEqual(priceFor(table, 'claude-sonnet-4-5'), { input: 3, output: 15 });
  assert.deepEqual(priceFor(table, 'claude-opus-4-1'), { input: 15, output: 75 });
  assert.deepEqual(priceFor(table, 'claude-haiku-4-5'), { input: 1, output: 5 });
  assert.equal(priceFor(table, 'gpt-5'), null);
  assert.equal(priceFor(table, null), null);
});

test('prices: a file that does not parse is refused naming the file, the line and the fix', () => {
  const broken = refusal('{\n  "gpt-5": { "input": 1.25, "output": 10 }\n  "gpt-4.1": { "input": 2, "output": 8 }\n}\n');
  assert.equal(broken.code, 'config_unparseable');
  assert.match(broken.message, /prices\.json line 3, column 3: not valid JSON \(CommaExpected\)/);
  assert.match(broken.message, /remove the file to show no prices/);
  assert.match(refusal('{\n  "gpt-5": { "input": "cheap", "output": 10 }\n}').message, /line 2, column 23: "gpt-5" needs "input" as a number of dollars per million tokens/);
  assert.match(refusal('{ "gpt-5": { "output": 10 } }').message, /line 1, column 12: "gpt-5" needs "input"/);
  assert.match(refusal('{ "gpt-5": 3 }').message, /"gpt-5" should be an object with "input" and "output"/);
  assert.match(refusal('[1, 2]').message, /line 1, column 1: expected an object of model names to prices/);
  assert.match(refusal('{ "gpt-5": { "input": -1, "output": 1 } }').message, /0 or more/);
});

test('prices: no file means no table (no money shown); a file is read from disk', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'agw-prices-'));
  try {
    assert.equal(await loadPrices(join(dir, 'prices.json')), null);
    await writeFile(join(dir, 'prices.json'), '{ "gpt-5": { "input": 1.25, "output": 10 } }');
    assert.deepEqual(await loadPrices(join(dir, 'prices.json')), { 'gpt-5': { input: 1.25, output: 10 } });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
