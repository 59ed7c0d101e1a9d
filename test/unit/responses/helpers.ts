/** Shared test helpers: recorded Codex fixtures, Chat chunk builders, and event summaries. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { counterIds, createResponseContext, type ResponseContext } from '../../../app/core/proxy/responses/context.js';
import { responsesToChatRequest } from '../../../app/core/proxy/responses/request.js';
import type { ResponsesEvent } from '../../../app/core/proxy/responses/types.js';

// Compiled tests live in out/test/unit/responses; fixtures stay in the source tree.
const root = fileURLToPath(new URL('../../../../', import.meta.url));

/** A recorded Codex request (see test/fixtures/codex/README.md). */
export interface CodexFixture {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Record<string, unknown> & { input: Record<string, unknown>[]; tools: Record<string, unknown>[] };
}

/** Loads a recorded Codex request by file name. */
export function codexFixture(name: string): CodexFixture {
  return JSON.parse(readFileSync(`${root}test/fixtures/codex/${name}`, 'utf8')) as CodexFixture;
}

/** A context with deterministic ids and time, from a Responses request body. */
export function contextFor(body: unknown): ResponseContext {
  const translated = responsesToChatRequest(body);
  return createResponseContext(translated.echo, translated.tools, { newId: counterIds(), now: 1_700_000_000_000 });
}

/** A Chat Completions stream chunk with one choice. */
export function chunk(delta: Record<string, unknown>, finish: string | null = null): Record<string, unknown> {
  return { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'gpt-4.1-2025-04-14', choices: [{ index: 0, delta, finish_reason: finish }] };
}

/** A tool-call delta chunk. */
export function toolChunk(index: number, fields: { id?: string; name?: string; args?: string }): Record<string, unknown> {
  const fn: Record<string, string> = {};
  if (fields.name !== undefined) fn.name = fields.name;
  if (fields.args !== undefined) fn.arguments = fields.args;
  const call: Record<string, unknown> = { index, function: fn };
  if (fields.id !== undefined) Object.assign(call, { id: fields.id, type: 'function' });
  return chunk({ tool_calls: [call] });
}

/** The final usage chunk OpenAI sends with `stream_options.include_usage`. */
export function usageChunk(prompt: number, completion: number): Record<string, unknown> {
  return { id: 'chatcmpl-1', object: 'chat.completion.chunk', choices: [], usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion } };
}

/** Event types in order, for compact assertions. */
export function types(events: ResponsesEvent[]): string[] {
  return events.map((e) => e.type);
}

/** The events of one type. */
export function ofType(events: ResponsesEvent[], type: string): ResponsesEvent[] {
  return events.filter((e) => e.type === type);
}

/**
 * Checks an event sequence against what Codex 0.171's stream reader needs (codex-rs `sse/responses.rs`):
 * gap-free `sequence_number`s; `response.created` with a `response`; deltas naming an announced item;
 * `output_item.done` items that parse as its ResponseItem; one terminal event, last, and a completed
 * response with an `id` and integer usage.
 */
export function assertCodexCompatible(events: ResponsesEvent[]): void {
  events.forEach((e, i) => {
    if (e.sequence_number !== i) throw new Error(`event ${i} (${e.type}) has sequence_number ${e.sequence_number}`);
  });
  const first = events[0];
  if (first?.type !== 'response.created' || typeof first.response !== 'object') throw new Error('first event must be response.created with a response');
  const announced = new Set<string>();
  const terminal = ['response.completed', 'response.incomplete', 'response.failed'];
  events.forEach((e, i) => {
    if (e.type === 'response.output_item.added') announced.add(String((e.item as { id: string }).id));
    if (typeof e.item_id === 'string' && !announced.has(e.item_id)) throw new Error(`${e.type} names unannounced item ${e.item_id}`);
    if (e.type === 'response.output_item.done') {
      const item = e.item as Record<string, unknown>;
      if (item.type === 'message') {
        const content = item.content as { type: string; text: unknown }[];
        if (item.role !== 'assistant' || !content.every((c) => c.type === 'output_text' && typeof c.text === 'string')) throw new Error('bad message item');
      } else if (item.type === 'function_call') {
        if (typeof item.name !== 'string' || typeof item.arguments !== 'string' || typeof item.call_id !== 'string') throw new Error('bad function_call item');
        JSON.parse(item.arguments);
      } else if (item.type === 'custom_tool_call') {
        if (typeof item.input !== 'string' || typeof item.call_id !== 'string') throw new Error('bad custom_tool_call item');
      } else throw new Error(`unexpected item type ${String(item.type)}`);
    }
    if (terminal.includes(e.type) && i !== events.length - 1) throw new Error(`${e.type} is not last`);
  });
  const last = events[events.length - 1];
  if (!last || !terminal.includes(last.type)) throw new Error('no terminal event');
  const response = last.response as { id?: unknown; usage?: Record<string, unknown> | null };
  if (typeof response.id !== 'string') throw new Error('terminal response has no id');
  if (response.usage) {
    for (const field of ['input_tokens', 'output_tokens', 'total_tokens']) {
      if (!Number.isInteger(response.usage[field])) throw new Error(`usage.${field} is not an integer`);
    }
  }
}
