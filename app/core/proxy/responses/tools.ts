/**
 * Tool declarations, Responses -> Chat Completions, and the name map that turns the model's calls back
 * into the item kinds Codex declared. Codex 0.171 sends plain `function` tools, a `namespace` tool
 * grouping more functions (multi_agent_v1), and `web_search`; other models get freeform `custom` tools.
 */
import type { ChatTool, ChatToolChoice, JsonObject } from './types.js';
import { isObject } from './json.js';

/** What a Chat tool name stands for on the Responses side. */
export interface ToolOrigin {
  kind: 'function' | 'custom';
  name: string;
  namespace?: string;
}

/** Chat tool name -> the Responses tool it was made from. */
export type ToolNames = Map<string, ToolOrigin>;

/** The result of converting a request's `tools`. */
export interface ConvertedTools {
  tools: ChatTool[];
  names: ToolNames;
  notes: string[];
}

/**
 * The Chat name of a namespaced function: `namespace__name`, the spelling Codex itself uses for MCP
 * tools, and within Chat's `[A-Za-z0-9_-]{1,64}` for every namespace Codex sends.
 */
export function flatToolName(name: string, namespace?: string): string {
  return namespace ? `${namespace}__${name}` : name;
}

const CUSTOM_INPUT_NOTE = 'Put the whole raw input in the `input` string.';

/** Converts Responses `tools` to Chat tools; tools Chat cannot express are dropped with a note. */
export function convertTools(tools: unknown): ConvertedTools {
  const out: ConvertedTools = { tools: [], names: new Map(), notes: [] };
  if (!Array.isArray(tools)) return out;
  for (const tool of tools) addTool(out, tool, undefined);
  return out;
}

function addTool(out: ConvertedTools, tool: unknown, namespace: string | undefined): void {
  if (!isObject(tool) || typeof tool.type !== 'string') return;
  const name = typeof tool.name === 'string' ? tool.name : '';
  if (tool.type === 'namespace' && name && Array.isArray(tool.tools) && namespace === undefined) {
    for (const inner of tool.tools) addTool(out, inner, name);
    return;
  }
  if (tool.type === 'function' && name) {
    const flat = flatToolName(name, namespace);
    const fn: ChatTool['function'] = { name: flat };
    if (typeof tool.description === 'string' && tool.description !== '') fn.description = tool.description;
    fn.parameters = isObject(tool.parameters) ? tool.parameters : { type: 'object', properties: {} };
    if (typeof tool.strict === 'boolean') fn.strict = tool.strict;
    out.tools.push({ type: 'function', function: fn });
    out.names.set(flat, namespace ? { kind: 'function', name, namespace } : { kind: 'function', name });
    return;
  }
  if (tool.type === 'custom' && name) {
    // A freeform tool takes raw text (apply_patch takes a patch); Chat only has JSON arguments, so the
    // text travels as one string property and is unwrapped again on the way back.
    const parts = [typeof tool.description === 'string' ? tool.description : '', CUSTOM_INPUT_NOTE];
    const format = isObject(tool.format) ? tool.format : undefined;
    if (format && typeof format.definition === 'string') {
      parts.push(`The input must match this ${typeof format.syntax === 'string' ? format.syntax : ''} grammar:\n${format.definition}`);
    }
    out.tools.push({
      type: 'function',
      function: {
        name,
        description: parts.filter(Boolean).join('\n\n'),
        parameters: { type: 'object', properties: { input: { type: 'string' } }, required: ['input'], additionalProperties: false },
      },
    });
    out.names.set(name, { kind: 'custom', name });
    return;
  }
  out.notes.push(`tool "${name || tool.type}" of type ${tool.type} dropped: Chat Completions has no equivalent`);
}

/** Converts Responses `tool_choice`; choices naming a dropped tool kind fall back to `auto`. */
export function convertToolChoice(choice: unknown, names: ToolNames): ChatToolChoice | undefined {
  if (choice === 'auto' || choice === 'none' || choice === 'required') return choice;
  if (!isObject(choice)) return undefined;
  if ((choice.type === 'function' || choice.type === 'custom') && typeof choice.name === 'string') {
    const flat = flatToolName(choice.name, typeof choice.namespace === 'string' ? choice.namespace : undefined);
    return names.has(flat) ? { type: 'function', function: { name: flat } } : 'auto';
  }
  if (choice.type === 'allowed_tools' && (choice.mode === 'auto' || choice.mode === 'required')) return choice.mode;
  return 'auto';
}

/** A model's tool call, turned back into the Responses item fields for the tool it names. */
export type CallTarget =
  | { type: 'function_call'; name: string; namespace?: string }
  | { type: 'custom_tool_call'; name: string };

/** Resolves a Chat tool name; unknown names stay plain function calls so Codex can answer "unknown tool". */
export function callTarget(chatName: string, names: ToolNames): CallTarget {
  const origin = names.get(chatName);
  if (!origin) return { type: 'function_call', name: chatName };
  if (origin.kind === 'custom') return { type: 'custom_tool_call', name: origin.name };
  return origin.namespace ? { type: 'function_call', name: origin.name, namespace: origin.namespace } : { type: 'function_call', name: origin.name };
}

/** The raw input of a custom tool call from its JSON arguments; unparseable arguments pass through as-is. */
export function customInputFromArguments(args: string): string {
  try {
    const parsed: unknown = JSON.parse(args);
    if (isObject(parsed) && typeof parsed.input === 'string') return parsed.input;
  } catch {
    // The model wrote raw text instead of JSON: that raw text is the best guess at the input.
  }
  return args;
}

/** JSON arguments carrying a custom tool's raw input, for replaying a `custom_tool_call` to Chat. */
export function argumentsFromCustomInput(input: string): string {
  return JSON.stringify({ input } satisfies JsonObject);
}
