import { test } from 'node:test';
import assert from 'node:assert/strict';
import { responsesToChatRequest } from '../../../app/core/proxy/responses/request.js';
import { AppError } from '../../../app/core/errors.js';
import type { ChatMessage } from '../../../app/core/proxy/responses/types.js';
import { codexFixture } from './helpers.js';

/** Roles and tool-call ids of a message list, the shape that matters to Chat providers. */
function shape(messages: ChatMessage[]): string[] {
  return messages.map((m) => {
    if (m.role === 'assistant') return `assistant${m.tool_calls ? `[${m.tool_calls.map((c) => c.id).join(',')}]` : ''}`;
    if (m.role === 'tool') return `tool(${m.tool_call_id})`;
    return m.role;
  });
}

const recorded = [
  { fixture: 'text-turn.request.json', shape: ['system', 'system', 'user', 'user'] },
  { fixture: 'tool-result-turn.request.json', shape: ['system', 'system', 'user', 'user', 'assistant[call_r0]', 'tool(call_r0)'] },
  { fixture: 'multi-turn.request.json', shape: ['system', 'system', 'user', 'user', 'assistant[call_r0]', 'tool(call_r0)', 'assistant', 'user'] },
  { fixture: 'reasoning-effort.request.json', shape: ['system', 'system', 'user', 'user'] },
];

for (const { fixture, shape: expected } of recorded) {
  test(`recorded Codex request ${fixture} becomes a valid Chat request`, () => {
    const { body } = codexFixture(fixture);
    const { chat, tools, notes } = responsesToChatRequest(body);
    assert.deepEqual(shape(chat.messages), expected);
    assert.equal(chat.model, body.model);
    assert.equal(chat.stream, true);
    assert.deepEqual(chat.stream_options, { include_usage: true });
    assert.equal(chat.tool_choice, 'auto');
    assert.equal(chat.parallel_tool_calls, true);
    // Codex 0.171 sends 7 functions, a namespace of 5 more, and web_search (dropped, with a note).
    assert.equal(chat.tools?.length, 12);
    assert.ok(chat.tools?.every((t) => t.type === 'function' && /^[A-Za-z0-9_-]{1,64}$/.test(t.function.name)));
    assert.deepEqual(tools.get('multi_agent_v1__spawn_agent'), { kind: 'function', name: 'spawn_agent', namespace: 'multi_agent_v1' });
    assert.ok(notes.some((n) => n.includes('web_search')));
    // Nothing Codex-specific or OpenAI-backend-specific leaks through.
    for (const key of ['include', 'store', 'prompt_cache_key', 'client_metadata', 'reasoning', 'input']) assert.equal(key in chat, false, key);
  });
}

test('developer messages become system messages, their parts joined', () => {
  const { chat } = responsesToChatRequest(codexFixture('text-turn.request.json').body);
  const second = chat.messages[1];
  assert.equal(second?.role, 'system');
  assert.match(String(second?.content), /skills_instructions[\s\S]*\n/);
  assert.deepEqual(chat.messages[3], { role: 'user', content: 'Say hi' });
});

test('function_call and function_call_output keep their call id and arguments', () => {
  const { chat } = responsesToChatRequest(codexFixture('tool-result-turn.request.json').body);
  const assistant = chat.messages[4];
  assert.ok(assistant?.role === 'assistant');
  assert.equal(assistant.content, null);
  assert.deepEqual(assistant.tool_calls, [
    { id: 'call_r0', type: 'function', function: { name: 'exec_command', arguments: '{"cmd":"echo hello-from-tool","yield_time_ms":5000}' } },
  ]);
  const tool = chat.messages[5];
  assert.ok(tool?.role === 'tool');
  assert.match(tool.content, /hello-from-tool/);
});

test('reasoning effort is forwarded only when Codex sets one', () => {
  assert.equal(responsesToChatRequest(codexFixture('text-turn.request.json').body).chat.reasoning_effort, undefined);
  assert.equal(responsesToChatRequest(codexFixture('reasoning-effort.request.json').body).chat.reasoning_effort, 'high');
});

test('string input, instructions, sampling and the token limit', () => {
  const { chat, echo } = responsesToChatRequest({ model: 'gpt-4.1', instructions: 'Be brief.', input: 'Hello', temperature: 0.2, top_p: 0.9, max_output_tokens: 100 });
  assert.deepEqual(chat, {
    model: 'gpt-4.1',
    stream: false,
    messages: [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hello' },
    ],
    max_tokens: 100,
    temperature: 0.2,
    top_p: 0.9,
  });
  assert.equal(echo.max_output_tokens, 100);
  // OpenAI reasoning models only accept max_completion_tokens.
  const reasoning = responsesToChatRequest({ model: 'gpt-5.1-codex', input: 'x', max_output_tokens: 50 }).chat;
  assert.equal(reasoning.max_completion_tokens, 50);
  assert.equal(reasoning.max_tokens, undefined);
});

test('images, refusals, reasoning items and unknown items', () => {
  const { chat, notes } = responsesToChatRequest({
    model: 'm',
    input: [
      { role: 'user', content: [{ type: 'input_text', text: 'What is this?' }, { type: 'input_image', image_url: 'data:image/png;base64,AAAA', detail: 'high' }] },
      { type: 'reasoning', id: 'rs_1', summary: [], encrypted_content: 'opaque' },
      { type: 'message', role: 'assistant', content: [{ type: 'refusal', refusal: 'No.' }] },
      { type: 'web_search_call', id: 'ws_1', status: 'completed', action: { type: 'search' } },
    ],
  });
  assert.deepEqual(chat.messages, [
    {
      role: 'user',
      content: [
        { type: 'text', text: 'What is this?' },
        { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA', detail: 'high' } },
      ],
    },
    { role: 'assistant', content: 'No.' },
  ]);
  assert.ok(notes.some((n) => n.includes('web_search_call')));
});

test('parallel calls share one assistant message; images from tools follow the tool messages', () => {
  const { chat } = responsesToChatRequest({
    model: 'm',
    input: [
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'look' }] },
      { type: 'function_call', call_id: 'a', name: 'view_image', arguments: '{"path":"x.png"}' },
      { type: 'function_call', call_id: 'b', name: 'spawn_agent', namespace: 'multi_agent_v1', arguments: '{}' },
      { type: 'function_call_output', call_id: 'a', output: [{ type: 'input_image', image_url: 'data:image/png;base64,BBBB' }] },
      { type: 'function_call_output', call_id: 'b', output: { content: 'spawned', success: true } },
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'and?' }] },
    ],
  });
  assert.deepEqual(shape(chat.messages), ['user', 'assistant[a,b]', 'tool(a)', 'tool(b)', 'user', 'user']);
  const assistant = chat.messages[1];
  assert.ok(assistant?.role === 'assistant');
  assert.equal(assistant.tool_calls?.[1]?.function.name, 'multi_agent_v1__spawn_agent');
  assert.deepEqual(chat.messages[3], { role: 'tool', tool_call_id: 'b', content: 'spawned' });
  const images = chat.messages[4];
  assert.ok(images?.role === 'user' && Array.isArray(images.content));
  assert.deepEqual(images.content[1], { type: 'image_url', image_url: { url: 'data:image/png;base64,BBBB' } });
});

test('tools: custom tools become one-string functions; tool_choice follows names; no tools, no tool settings', () => {
  const { chat, tools } = responsesToChatRequest({
    model: 'm',
    input: 'x',
    tools: [
      { type: 'custom', name: 'apply_patch', description: 'Edit files.', format: { type: 'grammar', syntax: 'lark', definition: 'start: "*** Begin Patch"' } },
      { type: 'local_shell' },
    ],
    tool_choice: { type: 'custom', name: 'apply_patch' },
    parallel_tool_calls: false,
  });
  assert.equal(chat.tools?.length, 1);
  assert.deepEqual(chat.tools?.[0]?.function.parameters, { type: 'object', properties: { input: { type: 'string' } }, required: ['input'], additionalProperties: false });
  assert.match(chat.tools?.[0]?.function.description ?? '', /lark grammar:\nstart/);
  assert.deepEqual(chat.tool_choice, { type: 'function', function: { name: 'apply_patch' } });
  assert.equal(chat.parallel_tool_calls, false);
  assert.deepEqual(tools.get('apply_patch'), { kind: 'custom', name: 'apply_patch' });

  const none = responsesToChatRequest({ model: 'm', input: 'x', tools: [{ type: 'web_search' }], tool_choice: 'auto', parallel_tool_calls: true }).chat;
  assert.equal('tools' in none || 'tool_choice' in none || 'parallel_tool_calls' in none, false);
});

test('a custom tool call in history is replayed as JSON arguments', () => {
  const { chat } = responsesToChatRequest({
    model: 'm',
    input: [
      { type: 'custom_tool_call', call_id: 'c1', name: 'apply_patch', input: '*** Begin Patch\n*** End Patch' },
      { type: 'custom_tool_call_output', call_id: 'c1', output: 'Done' },
    ],
  });
  assert.deepEqual(chat.messages, [
    { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'apply_patch', arguments: '{"input":"*** Begin Patch\\n*** End Patch"}' } }] },
    { role: 'tool', tool_call_id: 'c1', content: 'Done' },
  ]);
});

test('structured output (text.format) becomes response_format', () => {
  const { chat } = responsesToChatRequest({ model: 'm', input: 'x', text: { format: { type: 'json_schema', name: 'out', schema: { type: 'object' }, strict: true } } });
  assert.deepEqual((chat as unknown as Record<string, unknown>).response_format, { type: 'json_schema', json_schema: { name: 'out', schema: { type: 'object' }, strict: true } });
});

test('requests that cannot be served over Chat are rejected as bad_request', () => {
  for (const body of [null, [], { input: 'x' }, { model: 'm', input: 'x', previous_response_id: 'resp_1' }]) {
    assert.throws(() => responsesToChatRequest(body), (e: unknown) => e instanceof AppError && e.code === 'bad_request');
  }
});
