import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SseParser, encodeSse, type SseMessage } from '../../../app/core/proxy/sse.js';

function parseAll(chunks: (string | Buffer)[]): SseMessage[] {
  const parser = new SseParser();
  const out = chunks.flatMap((c) => parser.push(c));
  return [...out, ...parser.end()];
}

test('parses events, names and multi-line data; skips comments', () => {
  const messages = parseAll([': keep-alive\n\nevent: a\ndata: one\ndata: two\n\ndata: {"x":1}\n\n']);
  assert.deepEqual(messages, [{ event: 'a', data: 'one\ntwo' }, { data: '{"x":1}' }]);
});

test('CRLF and CR line ends, also when CR and LF arrive in different chunks', () => {
  assert.deepEqual(parseAll(['data: a\r\n\r\ndata: b\r\rdata: c\r', '\n\r', '\n']), [{ data: 'a' }, { data: 'b' }, { data: 'c' }]);
});

test('every split point of a stream gives the same events', () => {
  const stream = 'event: response.created\r\ndata: {"type":"x","text":"héllo ✓"}\r\n\r\n: ping\n\ndata: [DONE]\n\n';
  const bytes = Buffer.from(stream, 'utf8');
  const expected = parseAll([bytes]);
  assert.equal(expected.length, 2);
  for (let i = 1; i < bytes.length; i++) {
    assert.deepEqual(parseAll([bytes.subarray(0, i), bytes.subarray(i)]), expected, `split at byte ${i}`);
  }
  // One byte at a time, splitting every multi-byte character.
  assert.deepEqual(parseAll([...bytes].map((b) => Buffer.from([b]))), expected);
});

test('field rules: no space after colon, a leading BOM, data-less events are not dispatched, id kept', () => {
  assert.deepEqual(parseAll(['\uFEFFdata:x\n\n']), [{ data: 'x' }]);
  assert.deepEqual(parseAll(['event: only-a-name\n\n']), []);
  assert.deepEqual(parseAll(['id: 7\ndata: a\n\ndata\n\n']), [{ id: '7', data: 'a' }, { id: '7', data: '' }]);
});

test('end() reads a last event that lacks its blank line, or even its newline', () => {
  assert.deepEqual(parseAll(['data: [DONE]']), [{ data: '[DONE]' }]);
  assert.deepEqual(parseAll(['data: a\n']), [{ data: 'a' }]);
});

test('encodeSse round-trips through the parser, multi-line data included', () => {
  const messages: SseMessage[] = [{ event: 'response.completed', data: '{"a":1}' }, { data: 'line1\nline2' }];
  const text = messages.map(encodeSse).join('');
  assert.equal(encodeSse(messages[0]!), 'event: response.completed\ndata: {"a":1}\n\n');
  assert.deepEqual(parseAll([text]), messages);
});
