/**
 * The slices of the OpenAI Responses and Chat Completions wire formats this translation reads and writes.
 * Inputs are typed loosely (everything optional) because they come off the wire; outputs exactly.
 */

/** A JSON object as parsed from the wire. */
export type JsonObject = Record<string, unknown>;

// ---------------------------------------------------------------- Chat Completions (what the gateway speaks)

/** One content part of a Chat Completions user/system message. */
export type ChatContentPart = { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string; detail?: string } };

/** A tool call an assistant message carries. */
export interface ChatToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/** One Chat Completions message. */
export type ChatMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string | ChatContentPart[] }
  | { role: 'assistant'; content: string | null; tool_calls?: ChatToolCall[] }
  | { role: 'tool'; tool_call_id: string; content: string };

/** A function tool as Chat Completions declares it. */
export interface ChatTool {
  type: 'function';
  function: { name: string; description?: string; parameters?: unknown; strict?: boolean };
}

/** Chat Completions `tool_choice`. */
export type ChatToolChoice = 'auto' | 'none' | 'required' | { type: 'function'; function: { name: string } };

/** The Chat Completions request the translation produces. */
export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  stream: boolean;
  stream_options?: { include_usage: boolean };
  tools?: ChatTool[];
  tool_choice?: ChatToolChoice;
  parallel_tool_calls?: boolean;
  reasoning_effort?: string;
  max_tokens?: number;
  max_completion_tokens?: number;
  temperature?: number;
  top_p?: number;
  user?: string;
}

/** Chat Completions token usage (both the final stream chunk and the whole completion carry it). */
export interface ChatUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
  total_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number } | null;
  completion_tokens_details?: { reasoning_tokens?: number } | null;
}

// ---------------------------------------------------------------- Responses (what Codex speaks)

/** Responses token usage, with the detail objects Codex reads (both optional there, always sent here). */
export interface ResponsesUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

/** An `output_text` content part. */
export interface OutputTextPart {
  type: 'output_text';
  text: string;
  annotations: unknown[];
}

/** An assistant message output item. */
export interface MessageItem {
  id: string;
  type: 'message';
  status: 'in_progress' | 'completed' | 'incomplete';
  role: 'assistant';
  content: OutputTextPart[];
}

/** A function call output item; `namespace` only for tools declared inside a `namespace` tool. */
export interface FunctionCallItem {
  id: string;
  type: 'function_call';
  status: 'in_progress' | 'completed' | 'incomplete';
  call_id: string;
  name: string;
  namespace?: string;
  arguments: string;
}

/** A call of a freeform (`custom`) tool; its input is raw text, not JSON. */
export interface CustomToolCallItem {
  id: string;
  type: 'custom_tool_call';
  status: 'in_progress' | 'completed' | 'incomplete';
  call_id: string;
  name: string;
  input: string;
}

/** Any output item this translation produces. */
export type OutputItem = MessageItem | FunctionCallItem | CustomToolCallItem;

/** The error object of a failed response and of error replies. */
export interface ResponsesError {
  code: string | null;
  message: string;
}

/** A Responses `response` object. */
export interface ResponseObject {
  id: string;
  object: 'response';
  created_at: number;
  status: 'in_progress' | 'completed' | 'incomplete' | 'failed';
  model: string;
  output: OutputItem[];
  usage: ResponsesUsage | null;
  error: ResponsesError | null;
  incomplete_details: { reason: string } | null;
  parallel_tool_calls: boolean;
  tool_choice: unknown;
  tools: unknown[];
  temperature: number | null;
  top_p: number | null;
  max_output_tokens: number | null;
  previous_response_id: null;
  store: false;
  text: { format: { type: 'text' } };
  metadata: Record<string, string>;
}

/** One Responses stream event: its `type` plus its fields, `sequence_number` included. */
export interface ResponsesEvent {
  type: string;
  sequence_number: number;
  [field: string]: unknown;
}

/** The error body of a non-2xx Responses reply. */
export interface ResponsesErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}
