import { test } from 'node:test';
import assert from 'node:assert/strict';
import { modelOf } from '../../../app/core/proxy/activity-log.js';

const body = (value: unknown, indent?: number) => Buffer.from(JSON.stringify(value, null, indent));
const SECRET_MODEL = 'postgres://admin:pw@db/x';
const toolTurn = { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'query', input: { model: SECRET_MODEL, sql: 'select "model" from t -- \\"' } }] };

test('modelOf reads only the top-level model: a prompt or tool input holding one before it (the Anthropic SDK\'s key order) is not it', () => {
  // The Anthropic SDK sends max_tokens, messages, then model.
  assert.equal(modelOf(body({ max_tokens: 1024, messages: [toolTurn], model: 'claude-sonnet-4-5', stream: true })), 'claude-sonnet-4-5');
  assert.equal(modelOf(body({ max_tokens: 1024, messages: [toolTurn], model: 'claude-sonnet-4-5' }, 2)), 'claude-sonnet-4-5');
  assert.equal(modelOf(body({ model: 'gpt-5', messages: [{ role: 'user', content: '{"model":"evil"}' }] })), 'gpt-5');
  assert.equal(modelOf(body({ messages: [toolTurn], model: 'gemini-2.5-pro', tools: [{ name: 'x', input_schema: { model: 'nested' } }] })), 'gemini-2.5-pro');
  // No top-level model: nothing, never the nested one.
  assert.equal(modelOf(body({ messages: [toolTurn] })), null);
  assert.equal(modelOf(body({ contents: [{ parts: [{ text: '"model": "x"' }] }] })), null);
  assert.equal(modelOf(body([{ model: 'in-an-array' }])), null);
  // A string value "model" is not the key.
  assert.equal(modelOf(body({ role: 'model', messages: [], note: 'model' })), null);
});

test('modelOf keeps only plain model names: a URL with a password, control characters, escapes and long values are not kept', () => {
  for (const model of ['claude-sonnet-4-5@20250929', 'us.anthropic.claude-3-7-sonnet-20250219-v1:0', 'accounts/fireworks/models/llama-v3p1-8b', 'gpt-4o+tools', 'a'.repeat(200)]) {
    assert.equal(modelOf(body({ messages: [], model })), model, model);
    assert.equal(modelOf(body({ model, messages: [] })), model, model);
  }
  for (const model of [SECRET_MODEL, 'evil\u001b[31m', 'tab\there', 'quote"inside', 'back\\slash', 'ünï', 'with space', '', 'a'.repeat(201), 42, null, { name: 'x' }]) {
    assert.equal(modelOf(body({ messages: [], model })), null, JSON.stringify(model));
    assert.equal(modelOf(body({ model, messages: [] })), null, JSON.stringify(model));
  }
  // A raw ESC byte (not valid JSON, but a body is whatever the agent sent).
  assert.equal(modelOf(Buffer.from('{"messages":[],"model":"x\u001b]0;pwned\u0007"}')), null);
  assert.equal(modelOf(Buffer.from('')), null);
  assert.equal(modelOf(Buffer.from('{"model":')), null);
  assert.equal(modelOf(Buffer.from('{"messages":"unterminated')), null);
});

/** A small seeded generator, so a failure names the body it failed on. */
function random(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
}

test('modelOf agrees with JSON.parse on 2,000 generated bodies: nested models, quotes, backslashes and any key order', () => {
  const next = random(7);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const strings = ['model', '"model"', '\\', '\\"', '"model":"x"', 'plain', '{', '}]', '\u001b', 'gpt-5', SECRET_MODEL, ''];
  const value = (depth: number): unknown => {
    const kind = next();
    if (depth > 3 || kind < 0.4) return pick([pick(strings), 42, true, null]);
    if (kind < 0.7) return Array.from({ length: Math.floor(next() * 4) }, () => value(depth + 1));
    return Object.fromEntries(Array.from({ length: Math.floor(next() * 4) }, () => [pick(['model', 'content', 'input', '"model"', 'x\\']), value(depth + 1)]));
  };
  for (let i = 0; i < 2000; i++) {
    const entries: [string, unknown][] = Array.from({ length: Math.floor(next() * 4) }, () => [pick(['messages', 'tools', 'stream', 'max_tokens']), value(1)]);
    const model = pick(['claude-sonnet-4-5', 'gpt-5', SECRET_MODEL, 'x\u001b', undefined, 7]);
    if (model !== undefined) entries.splice(Math.floor(next() * (entries.length + 1)), 0, ['model', model]);
    const text = JSON.stringify(Object.fromEntries(entries), null, pick([undefined, 1, 2]));
    const parsed = (JSON.parse(text) as { model?: unknown }).model;
    const expected = typeof parsed === 'string' && /^[A-Za-z0-9._\-:/@+]{1,200}$/.test(parsed) && !parsed.includes('://') ? parsed : null;
    assert.equal(modelOf(Buffer.from(text)), expected, text);
  }
});
