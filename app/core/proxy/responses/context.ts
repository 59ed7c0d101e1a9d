/**
 * What one translated response needs to know about itself: its id, creation time, the request echo,
 * the tool name map and an id source; plus the builders both the streaming and the whole-body paths share.
 */
import { randomBytes } from 'node:crypto';
import type { RequestEcho } from './request.js';
import type { ToolNames } from './tools.js';
import type { ChatUsage, ResponseObject, ResponsesUsage } from './types.js';
import { isObject, num } from './json.js';

/** Makes a fresh id with the given prefix (`resp`, `msg`, `fc`, `ctc`, `call`). */
export type IdSource = (prefix: string) => string;

/** Random ids shaped like OpenAI's (`resp_` + 48 hex digits). */
export const randomId: IdSource = (prefix) => `${prefix}_${randomBytes(24).toString('hex')}`;

/** Ids `prefix_1`, `prefix_2`, ... per prefix: deterministic, for tests and fixtures. */
export function counterIds(): IdSource {
  const counts = new Map<string, number>();
  return (prefix) => {
    const n = (counts.get(prefix) ?? 0) + 1;
    counts.set(prefix, n);
    return `${prefix}_${n}`;
  };
}

/** Per-response state shared by the translators. */
export interface ResponseContext {
  id: string;
  createdAt: number;
  echo: RequestEcho;
  tools: ToolNames;
  newId: IdSource;
}

/** Builds a context; `now` in epoch milliseconds. */
export function createResponseContext(echo: RequestEcho, tools: ToolNames, options: { newId?: IdSource; now?: number } = {}): ResponseContext {
  const newId = options.newId ?? randomId;
  return { id: newId('resp'), createdAt: Math.floor((options.now ?? Date.now()) / 1000), echo, tools, newId };
}

/** A Responses object with the context's fixed fields and the given state. */
export function responseObject(ctx: ResponseContext, state: Partial<ResponseObject> & Pick<ResponseObject, 'status'>): ResponseObject {
  return {
    id: ctx.id,
    object: 'response',
    created_at: ctx.createdAt,
    model: ctx.echo.model,
    output: [],
    usage: null,
    error: null,
    incomplete_details: null,
    parallel_tool_calls: ctx.echo.parallel_tool_calls,
    tool_choice: ctx.echo.tool_choice,
    tools: ctx.echo.tools,
    temperature: ctx.echo.temperature,
    top_p: ctx.echo.top_p,
    max_output_tokens: ctx.echo.max_output_tokens,
    previous_response_id: null,
    store: false,
    text: { format: { type: 'text' } },
    metadata: {},
    ...state,
  };
}

/** Chat usage -> Responses usage; null when the upstream sent none. */
export function convertUsage(usage: unknown): ResponsesUsage | null {
  if (!isObject(usage)) return null;
  const u = usage as ChatUsage;
  const input = num(u.prompt_tokens) ?? 0;
  const output = num(u.completion_tokens) ?? 0;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: num(u.prompt_tokens_details?.cached_tokens) ?? 0 },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: num(u.completion_tokens_details?.reasoning_tokens) ?? 0 },
    total_tokens: num(u.total_tokens) ?? input + output,
  };
}

/** How a Chat `finish_reason` ends a response: completed, or incomplete with the Responses reason. */
export function finishOutcome(finishReason: string | null): { status: 'completed' | 'incomplete'; reason: string | null } {
  if (finishReason === 'length') return { status: 'incomplete', reason: 'max_output_tokens' };
  if (finishReason === 'content_filter') return { status: 'incomplete', reason: 'content_filter' };
  return { status: 'completed', reason: null };
}
