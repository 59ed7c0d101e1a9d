import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChatToResponsesStream } from '../../../app/core/proxy/responses/stream.js';
import type { ResponseObject, ResponsesEvent } from '../../../app/core/proxy/responses/types.js';
import { assertCodexCompatible, chunk, codexFixture, contextFor, ofType, toolChunk, types, usageChunk } from './helpers.js';

const DONE = Symbol('[DONE]');
type Input = Record<string, unknown> | typeof DONE;

/** Feeds chunks one by one (then ends the body), keeping each chunk's events apart. */
function run(inputs: Input[], body: unknown = codexFixture('text-turn.request.json').body): { perChunk: ResponsesEvent[][]; events: ResponsesEvent[] } {
  const translator = new ChatToResponsesStream(contextFor(body));
  const perChunk = [translator.start(), ...inputs.map((input) => (input === DONE ? translator.done() : translator.push(input))), translator.end()];
  return { perChunk, events: perChunk.flat() };
}

function terminal(events: ResponsesEvent[]): ResponseObject {
  return events[events.length - 1]?.response as ResponseObject;
}

const SPLIT_ARGS = ['{"cmd"', ':"echo ', 'hello-', 'from-', 'tool"', ',"yield_time_ms"', ':5000}'];

interface Case {
  name: string;
  inputs: Input[];
  body?: unknown;
  types: string[];
  check?: (events: ResponsesEvent[], perChunk: ResponsesEvent[][]) => void;
}

const TEXT_ITEM = ['response.output_item.added', 'response.content_part.added'];
const TEXT_DONE = ['response.output_text.done', 'response.content_part.done', 'response.output_item.done'];

const cases: Case[] = [
  {
    name: 'text only, with usage',
    inputs: [chunk({ role: 'assistant', content: '' }), chunk({ content: 'Hel' }), chunk({ content: 'lo' }), chunk({}, 'stop'), usageChunk(1200, 5), DONE],
    types: ['response.created', 'response.in_progress', ...TEXT_ITEM, 'response.output_text.delta', 'response.output_text.delta', ...TEXT_DONE, 'response.completed'],
    check: (events, perChunk) => {
      // The first text chunk's events go out with that chunk: nothing waits for the end of the stream.
      assert.deepEqual(types(perChunk[2]!), [...TEXT_ITEM, 'response.output_text.delta']);
      const response = terminal(events);
      assert.equal(response.status, 'completed');
      assert.equal(response.model, 'gpt-4.1-2025-04-14');
      assert.deepEqual(response.output, [{ id: 'msg_1', type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: 'Hello', annotations: [] }] }]);
      assert.deepEqual(response.usage, { input_tokens: 1200, input_tokens_details: { cached_tokens: 0 }, output_tokens: 5, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 1205 });
      assert.equal(ofType(events, 'response.output_text.done')[0]?.text, 'Hello');
      assert.equal(response.id, (events[0]?.response as ResponseObject).id);
    },
  },
  {
    name: 'text, then a tool call whose arguments are split over many chunks',
    inputs: [
      chunk({ role: 'assistant', content: 'Running it.' }),
      toolChunk(0, { id: 'call_abc', name: 'exec_command', args: '' }),
      ...SPLIT_ARGS.map((args) => toolChunk(0, { args })),
      chunk({}, 'tool_calls'),
      usageChunk(10, 20),
      DONE,
    ],
    types: [
      'response.created',
      'response.in_progress',
      ...TEXT_ITEM,
      'response.output_text.delta',
      ...TEXT_DONE,
      'response.output_item.added',
      ...SPLIT_ARGS.map(() => 'response.function_call_arguments.delta'),
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.completed',
    ],
    check: (events) => {
      const args = ofType(events, 'response.function_call_arguments.delta').map((e) => e.delta).join('');
      assert.equal(args, SPLIT_ARGS.join(''));
      const added = ofType(events, 'response.output_item.added')[1];
      assert.deepEqual(added?.item, { id: 'fc_1', type: 'function_call', status: 'in_progress', call_id: 'call_abc', name: 'exec_command', arguments: '' });
      assert.equal(added?.output_index, 1);
      const done = ofType(events, 'response.function_call_arguments.done')[0];
      assert.equal(done?.arguments, '{"cmd":"echo hello-from-tool","yield_time_ms":5000}');
      assert.deepEqual(
        terminal(events).output.map((item) => item.type),
        ['message', 'function_call'],
      );
    },
  },
  {
    name: 'two parallel tool calls, interleaved by index',
    inputs: [
      toolChunk(0, { id: 'call_a', name: 'exec_command', args: '{"cmd":' }),
      toolChunk(1, { id: 'call_b', name: 'exec_command', args: '{"cmd":' }),
      toolChunk(1, { args: '"pwd"}' }),
      toolChunk(0, { args: '"ls"}' }),
      chunk({}, 'tool_calls'),
      DONE,
    ],
    types: [
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.completed',
    ],
    check: (events) => {
      const calls = terminal(events).output.map((item) => (item.type === 'function_call' ? [item.call_id, item.arguments] : []));
      assert.deepEqual(calls, [
        ['call_a', '{"cmd":"ls"}'],
        ['call_b', '{"cmd":"pwd"}'],
      ]);
      assert.equal(terminal(events).usage, null);
    },
  },
  {
    name: 'a namespaced tool comes back with its namespace; a parameterless call gets "{}"',
    inputs: [toolChunk(0, { id: 'call_n', name: 'multi_agent_v1__wait_agent' }), chunk({}, 'tool_calls'), DONE],
    types: ['response.created', 'response.in_progress', 'response.output_item.added', 'response.function_call_arguments.done', 'response.output_item.done', 'response.completed'],
    check: (events) => {
      assert.deepEqual(ofType(events, 'response.output_item.done')[0]?.item, {
        id: 'fc_1',
        type: 'function_call',
        status: 'completed',
        call_id: 'call_n',
        name: 'wait_agent',
        namespace: 'multi_agent_v1',
        arguments: '{}',
      });
    },
  },
  {
    name: 'a custom (freeform) tool call is unwrapped from its JSON arguments',
    body: { model: 'gpt-5.1-codex', input: 'x', stream: true, tools: [{ type: 'custom', name: 'apply_patch', description: 'd' }] },
    inputs: [toolChunk(0, { id: 'call_p', name: 'apply_patch', args: '{"input":"*** Begin' }), toolChunk(0, { args: ' Patch\\n"}' }), chunk({}, 'tool_calls'), DONE],
    types: ['response.created', 'response.in_progress', 'response.output_item.added', 'response.custom_tool_call_input.done', 'response.output_item.done', 'response.completed'],
    check: (events) => {
      assert.deepEqual(ofType(events, 'response.output_item.done')[0]?.item, {
        id: 'ctc_1',
        type: 'custom_tool_call',
        status: 'completed',
        call_id: 'call_p',
        name: 'apply_patch',
        input: '*** Begin Patch\n',
      });
    },
  },
  {
    name: 'arguments before the name wait for it; a missing call id is made up',
    inputs: [toolChunk(0, { args: '{"cmd":"ls"}' }), toolChunk(0, { name: 'exec_command' }), toolChunk(0, { name: 'exec_command' }), chunk({}, 'tool_calls'), DONE],
    types: [
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.completed',
    ],
    check: (events) => {
      const item = ofType(events, 'response.output_item.done')[0]?.item as { name: string; call_id: string; arguments: string };
      assert.deepEqual([item.name, item.call_id, item.arguments], ['exec_command', 'call_1', '{"cmd":"ls"}']);
    },
  },
  {
    name: 'an error object mid-stream fails the response and ignores the rest',
    inputs: [chunk({ content: 'partial' }), { error: { message: 'Upstream overloaded', type: 'overloaded_error' } }, chunk({ content: 'more' }), DONE],
    types: ['response.created', 'response.in_progress', ...TEXT_ITEM, 'response.output_text.delta', 'response.failed'],
    check: (events) => {
      const response = terminal(events);
      assert.equal(response.status, 'failed');
      assert.deepEqual(response.error, { code: 'server_is_overloaded', message: 'Upstream overloaded' });
      // The unfinished message is not reported as output: Codex must not keep a truncated answer.
      assert.deepEqual(response.output, []);
    },
  },
  {
    name: 'a stream cut before finish_reason fails (never a truncated success)',
    inputs: [chunk({ content: 'partial' }), toolChunk(0, { id: 'c', name: 'exec_command', args: '{"cmd":"rm' })],
    types: ['response.created', 'response.in_progress', ...TEXT_ITEM, 'response.output_text.delta', ...TEXT_DONE, 'response.output_item.added', 'response.function_call_arguments.delta', 'response.failed'],
    check: (events) => {
      const response = terminal(events);
      assert.equal(response.error?.code, 'server_error');
      assert.ok(!ofType(events, 'response.output_item.done').some((e) => (e.item as { type: string }).type === 'function_call'), 'a cut call is never done');
    },
  },
  {
    name: 'finish_reason without [DONE] still completes when the body ends',
    inputs: [chunk({ content: 'ok' }), chunk({}, 'stop')],
    types: ['response.created', 'response.in_progress', ...TEXT_ITEM, 'response.output_text.delta', ...TEXT_DONE, 'response.completed'],
  },
  {
    name: 'finish_reason length makes an incomplete response',
    inputs: [chunk({ content: 'long' }), chunk({}, 'length'), DONE],
    types: ['response.created', 'response.in_progress', ...TEXT_ITEM, 'response.output_text.delta', ...TEXT_DONE, 'response.incomplete'],
    check: (events) => {
      const response = terminal(events);
      assert.equal(response.status, 'incomplete');
      assert.deepEqual(response.incomplete_details, { reason: 'max_output_tokens' });
      assert.equal(response.output[0]?.status, 'incomplete');
    },
  },
  {
    name: 'cached and reasoning token details are kept',
    inputs: [chunk({ content: 'x' }), chunk({}, 'stop'), { choices: [], usage: { prompt_tokens: 100, completion_tokens: 30, total_tokens: 130, prompt_tokens_details: { cached_tokens: 64 }, completion_tokens_details: { reasoning_tokens: 20 } } }, DONE],
    types: ['response.created', 'response.in_progress', ...TEXT_ITEM, 'response.output_text.delta', ...TEXT_DONE, 'response.completed'],
    check: (events) => {
      assert.deepEqual(terminal(events).usage, { input_tokens: 100, input_tokens_details: { cached_tokens: 64 }, output_tokens: 30, output_tokens_details: { reasoning_tokens: 20 }, total_tokens: 130 });
    },
  },
];

for (const c of cases) {
  test(`stream: ${c.name}`, () => {
    const { events, perChunk } = run(c.inputs, c.body);
    assert.deepEqual(types(events), c.types);
    assertCodexCompatible(events);
    c.check?.(events, perChunk);
  });
}

test('stream: nothing is produced after the terminal event, and start() is idempotent', () => {
  const translator = new ChatToResponsesStream(contextFor({ model: 'm', input: 'x', stream: true }));
  assert.equal(translator.start().length, 2);
  assert.equal(translator.start().length, 0);
  translator.push(chunk({}, 'stop'));
  assert.equal(translator.done().at(-1)?.type, 'response.completed');
  assert.equal(translator.finished, true);
  assert.deepEqual([...translator.push(chunk({ content: 'late' })), ...translator.done(), ...translator.end(), ...translator.fail({ code: null, message: 'x' })], []);
  assert.equal(translator.status, 'completed');
});
