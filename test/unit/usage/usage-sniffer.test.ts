import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UsageSniffer } from '../../../app/core/proxy/activity-log.js';

function sniff(...chunks: string[]): { inputTokens: number | null; outputTokens: number | null } {
  const sniffer = new UsageSniffer();
  for (const chunk of chunks) sniffer.push(Buffer.from(chunk));
  return sniffer.usage();
}

test('usage sniffer: Gemini usageMetadata (JSON and the last of its cumulative stream chunks)', () => {
  assert.deepEqual(sniff(JSON.stringify({ candidates: [{ content: { parts: [{ text: 'hi' }] } }], usageMetadata: { promptTokenCount: 31, candidatesTokenCount: 7, totalTokenCount: 38 } })), { inputTokens: 31, outputTokens: 7 });
  const chunk = (n: number) => `data: ${JSON.stringify({ candidates: [{ content: { parts: [{ text: 'x' }] } }], usageMetadata: { promptTokenCount: 31, candidatesTokenCount: n } })}\r\n\r\n`;
  assert.deepEqual(sniff(chunk(1), chunk(4), chunk(9)), { inputTokens: 31, outputTokens: 9 });
});

test('usage sniffer: an Anthropic stream longer than the kept tail still has message_start\'s input count', () => {
  const start = `event: message_start\ndata: ${JSON.stringify({ type: 'message_start', message: { usage: { input_tokens: 1234, cache_read_input_tokens: 99999, output_tokens: 1 } } })}\n\n`;
  const filler = `event: content_block_delta\ndata: ${JSON.stringify({ type: 'content_block_delta', delta: { type: 'text_delta', text: 'y'.repeat(1000) } })}\n\n`;
  const end = `event: message_delta\ndata: ${JSON.stringify({ type: 'message_delta', usage: { output_tokens: 321 } })}\n\n`;
  assert.deepEqual(sniff(start, ...Array.from({ length: 40 }, () => filler), end), { inputTokens: 1234, outputTokens: 321 });
});

test('usage sniffer: a Responses stream reads response.completed, not the null usage of response.created', () => {
  const created = `event: response.created\ndata: {"type":"response.created","response":{"usage":null}}\n\n`;
  const completed = `event: response.completed\ndata: {"type":"response.completed","response":{"usage":{"input_tokens":50,"input_tokens_details":{"cached_tokens":0},"output_tokens":12,"output_tokens_details":{"reasoning_tokens":4}}}}\n\n`;
  assert.deepEqual(sniff(created, completed), { inputTokens: 50, outputTokens: 12 });
  assert.deepEqual(sniff('{"id":"x","choices":[]}'), { inputTokens: null, outputTokens: null });
});
