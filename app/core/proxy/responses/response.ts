/**
 * A whole Chat completion -> a Responses object (non-streaming requests). The completion is replayed
 * through the streaming translator as one chunk, so both paths build identical items.
 */
import type { ResponseContext } from './context.js';
import { ChatToResponsesStream } from './stream.js';
import { isObject, str } from './json.js';
import type { JsonObject, ResponseObject, ResponsesEvent } from './types.js';

/** The one chunk a complete Chat completion is equivalent to. */
export function completionAsChunk(completion: unknown): JsonObject {
  if (!isObject(completion)) return {};
  if (completion.error != null) return { error: completion.error };
  const choices = Array.isArray(completion.choices) ? completion.choices : [];
  const choice = choices.find((c) => isObject(c) && (c.index ?? 0) === 0);
  const message = isObject(choice) && isObject(choice.message) ? choice.message : {};
  const calls = Array.isArray(message.tool_calls) ? message.tool_calls : [];
  const delta: JsonObject = {
    content: messageText(message.content),
    tool_calls: calls.map((call, index) => (isObject(call) ? { index, id: call.id, function: call.function } : {})),
  };
  if (typeof message.refusal === 'string') delta.refusal = message.refusal;
  const finish = isObject(choice) ? (str(choice.finish_reason) ?? 'stop') : 'stop';
  return { model: completion.model, usage: completion.usage, choices: [{ index: 0, delta, finish_reason: finish }] };
}

/** Some providers answer with content parts instead of a string; only their text matters here. */
function messageText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part) => (isObject(part) && typeof part.text === 'string' ? part.text : '')).join('');
}

/** The terminal response object of an event sequence. */
function terminalResponse(events: ResponsesEvent[]): ResponseObject {
  const last = events[events.length - 1];
  return last?.response as ResponseObject;
}

/** Converts a complete Chat completion; an error body sent with 200 yields a `failed` response. */
export function chatCompletionToResponse(completion: unknown, ctx: ResponseContext): ResponseObject {
  const translator = new ChatToResponsesStream(ctx);
  const events = translator.push(completionAsChunk(completion));
  events.push(...translator.done());
  return terminalResponse(events);
}

/** The whole event sequence for a complete completion (an upstream that ignored `stream: true`). */
export function chatCompletionToEvents(completion: unknown, translator: ChatToResponsesStream): ResponsesEvent[] {
  const events = translator.push(completionAsChunk(completion));
  events.push(...translator.done());
  return events;
}
