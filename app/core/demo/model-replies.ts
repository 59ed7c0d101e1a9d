/**
 * The answers a Portkey-shaped gateway gives, in the Anthropic Messages and OpenAI Chat Completions
 * formats, whole or as SSE events: text, or one tool call with its arguments split into pieces.
 */
import { randomUUID } from 'node:crypto';

/** What the double should answer: text, or a tool call. */
export type ScriptedReply = { text: string } | { toolCall: { name: string; arguments: string } };

/** Usage figures reported with every answer. */
export interface Usage {
  input: number;
  output: number;
}

/** Splits text into word-sized deltas, the way models stream. */
export function deltas(text: string): string[] {
  return text.match(/\s*\S+/g) ?? [text];
}

/** Splits a tool call's JSON arguments into small pieces, as providers stream them. */
export function argumentPieces(args: string, size = 7): string[] {
  const pieces: string[] = [];
  for (let i = 0; i < args.length; i += size) pieces.push(args.slice(i, i + size));
  return pieces.length > 0 ? pieces : [''];
}

/** A whole Anthropic Messages answer. */
export function anthropicMessage(model: string, reply: ScriptedReply, usage: Usage): object {
  const content =
    'text' in reply
      ? [{ type: 'text', text: reply.text }]
      : [{ type: 'tool_use', id: `toolu_${randomUUID().replace(/-/g, '').slice(0, 24)}`, name: reply.toolCall.name, input: JSON.parse(reply.toolCall.arguments || '{}') as unknown }];
  return {
    id: `msg_${randomUUID().replace(/-/g, '').slice(0, 24)}`,
    type: 'message',
    role: 'assistant',
    model,
    content,
    stop_reason: 'text' in reply ? 'end_turn' : 'tool_use',
    stop_sequence: null,
    usage: { input_tokens: usage.input, output_tokens: usage.output },
  };
}

/** The SSE events of an Anthropic Messages stream, as [event, data] pairs. */
export function anthropicStream(model: string, reply: ScriptedReply, usage: Usage): [string, object][] {
  const id = `msg_${randomUUID().replace(/-/g, '').slice(0, 24)}`;
  const events: [string, object][] = [
    ['message_start', { type: 'message_start', message: { id, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: usage.input, output_tokens: 1 } } }],
  ];
  if ('text' in reply) {
    events.push(['content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }]);
    for (const piece of deltas(reply.text)) events.push(['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: piece } }]);
  } else {
    const toolId = `toolu_${randomUUID().replace(/-/g, '').slice(0, 24)}`;
    events.push(['content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: toolId, name: reply.toolCall.name, input: {} } }]);
    for (const piece of argumentPieces(reply.toolCall.arguments)) events.push(['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: piece } }]);
  }
  events.push(['content_block_stop', { type: 'content_block_stop', index: 0 }]);
  events.push(['message_delta', { type: 'message_delta', delta: { stop_reason: 'text' in reply ? 'end_turn' : 'tool_use', stop_sequence: null }, usage: { output_tokens: usage.output } }]);
  events.push(['message_stop', { type: 'message_stop' }]);
  return events;
}

/** A whole Chat Completions answer. */
export function chatCompletion(model: string, reply: ScriptedReply, usage: Usage): object {
  const message =
    'text' in reply
      ? { role: 'assistant', content: reply.text }
      : { role: 'assistant', content: null, tool_calls: [{ id: `call_${randomUUID().slice(0, 8)}`, type: 'function', function: { name: reply.toolCall.name, arguments: reply.toolCall.arguments } }] };
  return {
    id: `chatcmpl-${randomUUID()}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message, finish_reason: 'text' in reply ? 'stop' : 'tool_calls', logprobs: null }],
    usage: { prompt_tokens: usage.input, completion_tokens: usage.output, total_tokens: usage.input + usage.output },
  };
}

/** The `data:` payloads of a Chat Completions stream (the caller adds `[DONE]`). */
export function chatStream(model: string, reply: ScriptedReply, usage: Usage, includeUsage: boolean): object[] {
  const id = `chatcmpl-${randomUUID()}`;
  const created = Math.floor(Date.now() / 1000);
  const chunk = (delta: object, finish: string | null) => ({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }] });
  const chunks: object[] = [chunk({ role: 'assistant', content: '' }, null)];
  if ('text' in reply) {
    for (const piece of deltas(reply.text)) chunks.push(chunk({ content: piece }, null));
    chunks.push(chunk({}, 'stop'));
  } else {
    const callId = `call_${randomUUID().slice(0, 8)}`;
    chunks.push(chunk({ tool_calls: [{ index: 0, id: callId, type: 'function', function: { name: reply.toolCall.name, arguments: '' } }] }, null));
    for (const piece of argumentPieces(reply.toolCall.arguments)) chunks.push(chunk({ tool_calls: [{ index: 0, function: { arguments: piece } }] }, null));
    chunks.push(chunk({}, 'tool_calls'));
  }
  if (includeUsage) chunks.push({ id, object: 'chat.completion.chunk', created, model, choices: [], usage: { prompt_tokens: usage.input, completion_tokens: usage.output, total_tokens: usage.input + usage.output } });
  return chunks;
}

/** A whole Responses API answer (`object: "response"`): one message, or one function call. */
export function responsesObject(model: string, reply: ScriptedReply, usage: Usage, id = `resp_${randomUUID().replace(/-/g, '')}`): Record<string, unknown> {
  const output =
    'text' in reply
      ? [{ type: 'message', id: `msg_${id.slice(5)}`, role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: reply.text, annotations: [] }] }]
      : [{ type: 'function_call', id: `fc_${id.slice(5)}`, call_id: `call_${id.slice(5, 13)}`, name: reply.toolCall.name, arguments: reply.toolCall.arguments, status: 'completed' }];
  return {
    id,
    object: 'response',
    created_at: Math.floor(Date.now() / 1000),
    status: 'completed',
    model,
    output,
    usage: { input_tokens: usage.input, output_tokens: usage.output, total_tokens: usage.input + usage.output },
  };
}

/** The SSE frames of a Responses API stream, as OpenAI sends them: created, the item's deltas, completed. */
export function responsesStream(model: string, reply: ScriptedReply, usage: Usage): string[] {
  const response = responsesObject(model, reply, usage);
  const item = (response.output as Record<string, unknown>[])[0]!;
  let n = 0;
  const event = (type: string, data: object) => `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: n++, ...data })}\n\n`;
  const frames = [event('response.created', { response: { ...response, status: 'in_progress', output: [], usage: null } })];
  if ('text' in reply) {
    const itemId = item.id as string;
    frames.push(event('response.output_item.added', { output_index: 0, item: { ...item, status: 'in_progress', content: [] } }));
    frames.push(event('response.content_part.added', { item_id: itemId, output_index: 0, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } }));
    for (const piece of deltas(reply.text)) frames.push(event('response.output_text.delta', { item_id: itemId, output_index: 0, content_index: 0, delta: piece }));
    frames.push(event('response.output_text.done', { item_id: itemId, output_index: 0, content_index: 0, text: reply.text }));
    frames.push(event('response.content_part.done', { item_id: itemId, output_index: 0, content_index: 0, part: { type: 'output_text', text: reply.text, annotations: [] } }));
  } else {
    frames.push(event('response.output_item.added', { output_index: 0, item: { ...item, status: 'in_progress', arguments: '' } }));
    for (const piece of argumentPieces(reply.toolCall.arguments)) frames.push(event('response.function_call_arguments.delta', { item_id: item.id, output_index: 0, delta: piece }));
    frames.push(event('response.function_call_arguments.done', { item_id: item.id, output_index: 0, arguments: reply.toolCall.arguments }));
  }
  frames.push(event('response.output_item.done', { output_index: 0, item }));
  frames.push(event('response.completed', { response }));
  return frames;
}

/** A whole Gemini `generateContent` answer (also one element of a `streamGenerateContent` array). */
export function geminiResponse(model: string, reply: ScriptedReply | { text: string; final: boolean }, usage: Usage): object {
  const part = 'text' in reply ? { text: reply.text } : { functionCall: { name: reply.toolCall.name, args: JSON.parse(reply.toolCall.arguments || '{}') as unknown } };
  const final = !('final' in reply) || reply.final;
  return {
    candidates: [{ content: { parts: [part], role: 'model' }, ...(final ? { finishReason: 'STOP' } : {}), index: 0 }],
    usageMetadata: { promptTokenCount: usage.input, candidatesTokenCount: usage.output, totalTokenCount: usage.input + usage.output },
    modelVersion: model,
    responseId: randomUUID().replace(/-/g, '').slice(0, 22),
  };
}

/**
 * The body of a Gemini `streamGenerateContent` answer without `alt=sse`: a JSON array written piece by piece,
 * elements separated by `,\r\n` (Portkey splits the stream on `\r\n`).
 */
export function geminiStream(model: string, reply: ScriptedReply, usage: Usage): string[] {
  const pieces = 'text' in reply ? deltas(reply.text) : [null];
  return pieces.map((piece, i) => {
    const last = i === pieces.length - 1;
    const element = JSON.stringify(geminiResponse(model, piece === null ? reply : { text: piece, final: last }, usage));
    return `${i === 0 ? '[' : ',\r\n'}${element}\n${last ? ']' : ''}`;
  });
}
