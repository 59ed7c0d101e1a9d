import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chatCompletionToResponse } from '../../../app/core/proxy/responses/response.js';
import { toResponsesErrorBody } from '../../../app/core/proxy/responses/errors.js';
import { codexFixture, contextFor } from './helpers.js';

const completion = (message: Record<string, unknown>, finish = 'stop'): Record<string, unknown> => ({
  id: 'chatcmpl-9',
  object: 'chat.completion',
  model: 'gpt-4.1-2025-04-14',
  choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason: finish }],
  usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 },
});

test('a text completion becomes a completed response with one message', () => {
  const response = chatCompletionToResponse(completion({ content: 'Hi!' }), contextFor({ model: 'gpt-4.1', input: 'hi' }));
  assert.equal(response.object, 'response');
  assert.equal(response.id, 'resp_1');
  assert.equal(response.created_at, 1_700_000_000);
  assert.equal(response.status, 'completed');
  assert.deepEqual(response.output, [{ id: 'msg_1', type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: 'Hi!', annotations: [] }] }]);
  assert.deepEqual(response.usage, { input_tokens: 12, input_tokens_details: { cached_tokens: 0 }, output_tokens: 3, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 15 });
});

test('tool calls become function_call items, names mapped back to their namespace', () => {
  const ctx = contextFor(codexFixture('text-turn.request.json').body);
  const response = chatCompletionToResponse(
    completion(
      {
        content: null,
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'exec_command', arguments: '{"cmd":"ls"}' } },
          { id: 'call_2', type: 'function', function: { name: 'multi_agent_v1__spawn_agent', arguments: '{"message":"go"}' } },
        ],
      },
      'tool_calls',
    ),
    ctx,
  );
  assert.deepEqual(response.output, [
    { id: 'fc_1', type: 'function_call', status: 'completed', call_id: 'call_1', name: 'exec_command', arguments: '{"cmd":"ls"}' },
    { id: 'fc_2', type: 'function_call', status: 'completed', call_id: 'call_2', name: 'spawn_agent', namespace: 'multi_agent_v1', arguments: '{"message":"go"}' },
  ]);
});

test('content parts, refusals, truncation and error bodies', () => {
  const parts = chatCompletionToResponse(completion({ content: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }] }, 'length'), contextFor({ model: 'm', input: 'x' }));
  assert.equal(parts.status, 'incomplete');
  assert.deepEqual(parts.incomplete_details, { reason: 'max_output_tokens' });
  assert.equal(parts.output[0]?.type === 'message' && parts.output[0].content[0]?.text, 'ab');

  const refusal = chatCompletionToResponse(completion({ content: null, refusal: 'I cannot.' }), contextFor({ model: 'm', input: 'x' }));
  assert.equal(refusal.output[0]?.type === 'message' && refusal.output[0].content[0]?.text, 'I cannot.');

  const failed = chatCompletionToResponse({ error: { message: 'boom', code: 'server_error' } }, contextFor({ model: 'm', input: 'x' }));
  assert.equal(failed.status, 'failed');
  assert.deepEqual(failed.error, { code: 'server_error', message: 'boom' });
});

const errorCases: { name: string; status: number; body: string; expected: ReturnType<typeof toResponsesErrorBody>['error'] }[] = [
  {
    name: 'OpenAI shape is kept',
    status: 400,
    body: JSON.stringify({ error: { message: 'Invalid value for temperature', type: 'invalid_request_error', param: 'temperature', code: 'invalid_value' } }),
    expected: { message: 'Invalid value for temperature', type: 'invalid_request_error', param: 'temperature', code: 'invalid_value' },
  },
  {
    name: 'Anthropic shape, context overflow gets the code Codex acts on',
    status: 400,
    body: JSON.stringify({ type: 'error', error: { type: 'invalid_request_error', message: 'prompt is too long: 210000 tokens > 200000 maximum' } }),
    expected: { message: 'prompt is too long: 210000 tokens > 200000 maximum', type: 'invalid_request_error', param: null, code: 'context_length_exceeded' },
  },
  {
    name: 'Portkey own error, rate limited',
    status: 429,
    body: JSON.stringify({ status: 'failure', message: 'Rate limit exceeded' }),
    expected: { message: 'Rate limit exceeded', type: 'rate_limit_error', param: null, code: 'rate_limit_exceeded' },
  },
  {
    name: 'load balancer HTML page',
    status: 502,
    body: '<html><body>502 Bad Gateway</body></html>',
    expected: { message: 'The gateway answered HTTP 502 without an error message.', type: 'server_error', param: null, code: null },
  },
  {
    name: 'plain text',
    status: 503,
    body: 'upstream connect error',
    expected: { message: 'The gateway answered HTTP 503: upstream connect error', type: 'server_error', param: null, code: null },
  },
  {
    name: 'numeric code and string error',
    status: 401,
    body: JSON.stringify({ error: { message: 'Invalid token', code: 401 } }),
    expected: { message: 'Invalid token', type: 'authentication_error', param: null, code: '401' },
  },
];

for (const c of errorCases) {
  test(`error body: ${c.name}`, () => {
    assert.deepEqual(toResponsesErrorBody(c.status, Buffer.from(c.body)), { error: c.expected });
  });
}
