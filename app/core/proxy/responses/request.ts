/**
 * Responses request -> Chat Completions request. Pure: the proxy sends the result to the gateway's
 * `/v1/chat/completions` and keeps `tools` (the name map) to translate the answer back.
 */
import { AppError } from '../../errors.js';
import type { ChatContentPart, ChatMessage, ChatRequest, ChatToolCall, JsonObject } from './types.js';
import { convertToolChoice, convertTools, flatToolName, argumentsFromCustomInput, type ToolNames } from './tools.js';
import { isObject, num, str } from './json.js';

/** What the response side echoes from the request (the Responses object repeats these fields). */
export interface RequestEcho {
  model: string;
  stream: boolean;
  tools: unknown[];
  tool_choice: unknown;
  parallel_tool_calls: boolean;
  temperature: number | null;
  top_p: number | null;
  max_output_tokens: number | null;
}

/** A translated request: the Chat body, the tool name map, the echo, and notes on what was dropped. */
export interface TranslatedRequest {
  chat: ChatRequest;
  tools: ToolNames;
  echo: RequestEcho;
  notes: string[];
}

/**
 * OpenAI's reasoning models reject `max_tokens` and want `max_completion_tokens`; every other model
 * behind the gateway (and Portkey's own provider adapters) understands `max_tokens`.
 */
const REASONING_MODEL = /^(?:@[^/]+\/)?(?:openai\/)?(?:o\d|gpt-5)/i;

/** Translates a parsed Responses request body; throws `bad_request` when it cannot be served over Chat. */
export function responsesToChatRequest(body: unknown): TranslatedRequest {
  if (!isObject(body)) throw new AppError('bad_request', 'The request body must be a JSON object.');
  const model = str(body.model);
  if (!model) throw new AppError('bad_request', 'The request has no `model`.', { field: 'model' });
  if (body.previous_response_id != null) {
    throw new AppError(
      'bad_request',
      'This gateway serves the Responses API through Chat Completions, which keeps no server-side state: `previous_response_id` is not supported. Send the whole conversation in `input` (Codex does when `store` is false).',
      { field: 'previous_response_id' },
    );
  }

  const notes: string[] = [];
  const converted = convertTools(body.tools);
  notes.push(...converted.notes);
  const messages = convertInput(body.instructions, body.input, notes);
  const stream = body.stream === true;

  const chat: ChatRequest = { model, messages, stream };
  if (stream) chat.stream_options = { include_usage: true };
  if (converted.tools.length > 0) {
    chat.tools = converted.tools;
    const choice = convertToolChoice(body.tool_choice, converted.names);
    if (choice !== undefined) chat.tool_choice = choice;
    // Chat rejects `parallel_tool_calls` without `tools`, hence inside this branch.
    if (typeof body.parallel_tool_calls === 'boolean') chat.parallel_tool_calls = body.parallel_tool_calls;
  }
  const effort = isObject(body.reasoning) ? str(body.reasoning.effort) : undefined;
  // Codex sends `reasoning: {summary: "auto"}` even for gpt-4.1: only an explicit effort is forwarded.
  if (effort) chat.reasoning_effort = effort;
  const maxOutput = num(body.max_output_tokens);
  if (maxOutput !== undefined) {
    if (REASONING_MODEL.test(model)) chat.max_completion_tokens = maxOutput;
    else chat.max_tokens = maxOutput;
  }
  const temperature = num(body.temperature);
  if (temperature !== undefined) chat.temperature = temperature;
  const topP = num(body.top_p);
  if (topP !== undefined) chat.top_p = topP;
  const format = responseFormat(body.text);
  if (format) Object.assign(chat, { response_format: format });

  const echo: RequestEcho = {
    model,
    stream,
    tools: Array.isArray(body.tools) ? body.tools : [],
    tool_choice: body.tool_choice ?? 'auto',
    parallel_tool_calls: body.parallel_tool_calls !== false,
    temperature: temperature ?? null,
    top_p: topP ?? null,
    max_output_tokens: maxOutput ?? null,
  };
  return { chat, tools: converted.names, echo, notes };
}

/** `text.format` (structured output, `codex exec --output-schema`) -> Chat `response_format`. */
function responseFormat(text: unknown): JsonObject | undefined {
  if (!isObject(text) || !isObject(text.format)) return undefined;
  const format = text.format;
  if (format.type === 'json_schema') {
    const schema: JsonObject = { name: str(format.name) ?? 'output', schema: format.schema ?? {} };
    if (typeof format.strict === 'boolean') schema.strict = format.strict;
    if (typeof format.description === 'string') schema.description = format.description;
    return { type: 'json_schema', json_schema: schema };
  }
  if (format.type === 'json_object') return { type: 'json_object' };
  return undefined;
}

/** Builds the Chat message list from `instructions` and `input`, keeping tool calls next to their results. */
function convertInput(instructions: unknown, input: unknown, notes: string[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  // Chat tool messages hold text only: images a tool returned (view_image) follow the tool results
  // as one user message, flushed before the next non-tool message.
  let pendingImages: ChatContentPart[] = [];
  const flushImages = (): void => {
    if (pendingImages.length === 0) return;
    out.push({ role: 'user', content: [{ type: 'text', text: 'Images returned by the tool calls above:' }, ...pendingImages] });
    pendingImages = [];
  };
  const push = (message: ChatMessage): void => {
    if (message.role !== 'tool') flushImages();
    out.push(message);
  };

  const system = str(instructions);
  if (system) push({ role: 'system', content: system });
  if (typeof input === 'string') {
    push({ role: 'user', content: input });
    return out;
  }
  if (!Array.isArray(input)) return out;

  let dropped = 0;
  const droppedKinds = new Set<string>();
  for (const item of input) {
    if (!isObject(item)) continue;
    const type = str(item.type) ?? (typeof item.role === 'string' ? 'message' : '');
    switch (type) {
      case 'message': {
        const message = convertMessage(item, notes);
        if (message) push(message);
        break;
      }
      case 'function_call':
        pushToolCall(out, push, {
          id: str(item.call_id) ?? '',
          type: 'function',
          function: { name: flatToolName(str(item.name) ?? '', str(item.namespace)), arguments: str(item.arguments) ?? '' },
        });
        break;
      case 'custom_tool_call':
        pushToolCall(out, push, {
          id: str(item.call_id) ?? '',
          type: 'function',
          function: { name: str(item.name) ?? '', arguments: argumentsFromCustomInput(str(item.input) ?? '') },
        });
        break;
      case 'function_call_output':
      case 'custom_tool_call_output': {
        const { text, images } = toolOutput(item.output);
        out.push({ role: 'tool', tool_call_id: str(item.call_id) ?? '', content: text });
        pendingImages.push(...images);
        break;
      }
      case 'reasoning':
        // Encrypted reasoning belongs to OpenAI's own Responses backend; Chat models cannot read it.
        break;
      default:
        dropped++;
        droppedKinds.add(type || 'untyped');
    }
  }
  flushImages();
  if (dropped > 0) notes.push(`${dropped} input item(s) of kind ${[...droppedKinds].join(', ')} dropped`);
  return out;
}

/** Appends a tool call to the assistant message just before it, or opens one: Chat wants them together. */
function pushToolCall(out: ChatMessage[], push: (m: ChatMessage) => void, call: ChatToolCall): void {
  const last = out[out.length - 1];
  if (last && last.role === 'assistant') {
    // Empty text next to tool calls is `null` in Chat; some providers reject an empty text block.
    if (last.content === '') last.content = null;
    last.tool_calls = [...(last.tool_calls ?? []), call];
    return;
  }
  push({ role: 'assistant', content: null, tool_calls: [call] });
}

function convertMessage(item: JsonObject, notes: string[]): ChatMessage | null {
  const role = str(item.role) ?? 'user';
  const parts = contentParts(item.content, notes);
  const text = parts.filter((p): p is Extract<ChatContentPart, { type: 'text' }> => p.type === 'text').map((p) => p.text).join('\n');
  if (role === 'system' || role === 'developer') return { role: 'system', content: text };
  if (role === 'assistant') return { role: 'assistant', content: text };
  // Plain strings are what every provider behind the gateway accepts; parts only when an image needs them.
  return { role: 'user', content: parts.some((p) => p.type !== 'text') ? parts : text };
}

function contentParts(content: unknown, notes: string[]): ChatContentPart[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  if (!Array.isArray(content)) return [];
  const parts: ChatContentPart[] = [];
  for (const part of content) {
    if (!isObject(part)) continue;
    const text = str(part.text) ?? str(part.refusal);
    if ((part.type === 'input_text' || part.type === 'output_text' || part.type === 'text' || part.type === 'refusal') && text !== undefined) {
      parts.push({ type: 'text', text });
    } else if (part.type === 'input_image' && typeof part.image_url === 'string') {
      const detail = str(part.detail);
      parts.push({ type: 'image_url', image_url: detail ? { url: part.image_url, detail } : { url: part.image_url } });
    } else {
      notes.push(`content part of type ${String(part.type)} dropped`);
    }
  }
  return parts;
}

/** A tool output (a string, or content items since Codex sends images from view_image) as text + images. */
function toolOutput(output: unknown): { text: string; images: ChatContentPart[] } {
  if (typeof output === 'string') return { text: output, images: [] };
  if (isObject(output) && typeof output.content === 'string') return { text: output.content, images: [] };
  if (!Array.isArray(output)) return { text: output === undefined ? '' : JSON.stringify(output), images: [] };
  const texts: string[] = [];
  const images: ChatContentPart[] = [];
  for (const part of output) {
    if (!isObject(part)) continue;
    if (typeof part.text === 'string') texts.push(part.text);
    else if (part.type === 'input_image' && typeof part.image_url === 'string') {
      images.push({ type: 'image_url', image_url: { url: part.image_url } });
      texts.push('[image attached below]');
    }
  }
  return { text: texts.join('\n'), images };
}
