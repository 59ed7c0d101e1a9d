/**
 * Streaming translation: Chat Completions chunks in, Responses stream events out, chunk by chunk.
 * Codex builds its history from `response.output_item.done` items and ends a turn only on a
 * `response.completed` carrying `response.id`; a stream that closes without one is an error to it
 * (and so is `response.failed`, which it retries unless the code says the request itself is at fault).
 */
import type { CallTarget } from './tools.js';
import { callTarget, customInputFromArguments } from './tools.js';
import { convertUsage, finishOutcome, responseObject, type ResponseContext } from './context.js';
import { interruptedError, streamError } from './errors.js';
import { isObject, num, str } from './json.js';
import type { OutputItem, ResponseObject, ResponsesError, ResponsesEvent, ResponsesUsage } from './types.js';

type ItemStatus = 'completed' | 'incomplete';

interface TextState {
  id: string;
  outputIndex: number;
  text: string;
}

interface CallState {
  id: string;
  outputIndex: number | null;
  callId: string;
  chatName: string;
  args: string;
  target: CallTarget | null;
  closed: boolean;
}

/** Stateful translator for one response; each method returns the events to send now, in order. */
export class ChatToResponsesStream {
  private sequence = 0;
  private started = false;
  private terminal = false;
  private readonly output: (OutputItem | null)[] = [];
  private text: TextState | null = null;
  private readonly calls = new Map<number, CallState>();
  private finishReason: string | null = null;
  private usageValue: ResponsesUsage | null = null;
  private modelValue: string;
  private statusValue: ResponseObject['status'] = 'in_progress';

  constructor(private readonly ctx: ResponseContext) {
    this.modelValue = ctx.echo.model;
  }

  /** Token usage, once the upstream reported it. */
  get usage(): ResponsesUsage | null {
    return this.usageValue;
  }

  /** The model name, as the upstream reported it (else as requested). */
  get model(): string {
    return this.modelValue;
  }

  /** `in_progress` until a terminal event was produced, then that event's status. */
  get status(): ResponseObject['status'] {
    return this.statusValue;
  }

  /** True once `response.completed`, `.incomplete` or `.failed` was produced; later input is ignored. */
  get finished(): boolean {
    return this.terminal;
  }

  /** `response.created` and `response.in_progress`; sent as soon as the gateway accepted the request. */
  start(): ResponsesEvent[] {
    if (this.started) return [];
    this.started = true;
    const response = this.snapshot({ status: 'in_progress' });
    return [this.event('response.created', { response }), this.event('response.in_progress', { response: this.snapshot({ status: 'in_progress' }) })];
  }

  /** Translates one parsed Chat Completions chunk (or an error object sent in its place). */
  push(chunk: unknown): ResponsesEvent[] {
    const out = this.start();
    if (this.terminal || !isObject(chunk)) return out;
    if (chunk.error != null) {
      out.push(...this.fail(streamError(chunk)));
      return out;
    }
    const model = str(chunk.model);
    if (model) this.modelValue = model;
    const usage = convertUsage(chunk.usage);
    if (usage) this.usageValue = usage;
    const choices = Array.isArray(chunk.choices) ? chunk.choices : [];
    const choice = choices.find((c) => isObject(c) && (num(c.index) ?? 0) === 0);
    if (!isObject(choice)) return out;
    const delta = isObject(choice.delta) ? choice.delta : {};
    const text = (str(delta.content) ?? '') + (str(delta.refusal) ?? '');
    if (text !== '') out.push(...this.appendText(text));
    if (Array.isArray(delta.tool_calls)) {
      delta.tool_calls.forEach((call, position) => out.push(...this.appendToolCall(call, position)));
    }
    const finish = str(choice.finish_reason);
    if (finish) {
      this.finishReason = finish;
      out.push(...this.closeAll(finishOutcome(finish).status === 'completed' ? 'completed' : 'incomplete'));
    }
    return out;
  }

  /** The upstream's `[DONE]`: closes what is open and completes the response, with usage. */
  done(): ResponsesEvent[] {
    const out = this.start();
    if (this.terminal) return out;
    const { status, reason } = finishOutcome(this.finishReason);
    out.push(...this.closeAll(status === 'completed' ? 'completed' : 'incomplete'));
    this.terminal = true;
    this.statusValue = status;
    const response = this.snapshot({ status, incomplete_details: reason ? { reason } : null });
    out.push(this.event(status === 'completed' ? 'response.completed' : 'response.incomplete', { response }));
    return out;
  }

  /**
   * The upstream body ended. After a `finish_reason` that is a normal end (some upstreams omit
   * `[DONE]`); before one, the stream was cut, and the agent must see a failure, not a short answer.
   */
  end(): ResponsesEvent[] {
    if (this.terminal) return [];
    return this.finishReason !== null ? this.done() : this.fail(interruptedError());
  }

  /** Fails the response. Open items are left unfinished: a "done" call would be executed by Codex. */
  fail(error: ResponsesError): ResponsesEvent[] {
    const out = this.start();
    if (this.terminal) return out;
    this.terminal = true;
    this.statusValue = 'failed';
    out.push(this.event('response.failed', { response: this.snapshot({ status: 'failed', error }) }));
    return out;
  }

  private event(type: string, fields: Record<string, unknown>): ResponsesEvent {
    return { type, sequence_number: this.sequence++, ...fields };
  }

  private snapshot(state: Partial<ResponseObject> & Pick<ResponseObject, 'status'>): ResponseObject {
    const output = this.output.filter((item): item is OutputItem => item !== null);
    return responseObject(this.ctx, { model: this.modelValue, output, usage: this.usageValue, ...state });
  }

  private appendText(text: string): ResponsesEvent[] {
    const out: ResponsesEvent[] = [];
    if (!this.text) {
      const state: TextState = { id: this.ctx.newId('msg'), outputIndex: this.output.length, text: '' };
      this.output.push(null);
      this.text = state;
      out.push(
        this.event('response.output_item.added', {
          output_index: state.outputIndex,
          item: { id: state.id, type: 'message', status: 'in_progress', role: 'assistant', content: [] },
        }),
        this.event('response.content_part.added', {
          item_id: state.id,
          output_index: state.outputIndex,
          content_index: 0,
          part: { type: 'output_text', text: '', annotations: [] },
        }),
      );
    }
    const state = this.text;
    state.text += text;
    out.push(this.event('response.output_text.delta', { item_id: state.id, output_index: state.outputIndex, content_index: 0, delta: text, logprobs: [] }));
    return out;
  }

  private closeText(status: ItemStatus): ResponsesEvent[] {
    const state = this.text;
    if (!state) return [];
    this.text = null;
    const part = { type: 'output_text' as const, text: state.text, annotations: [] };
    const item: OutputItem = { id: state.id, type: 'message', status, role: 'assistant', content: [part] };
    this.output[state.outputIndex] = item;
    const where = { item_id: state.id, output_index: state.outputIndex, content_index: 0 };
    return [
      this.event('response.output_text.done', { ...where, text: state.text, logprobs: [] }),
      this.event('response.content_part.done', { ...where, part: { ...part } }),
      this.event('response.output_item.done', { output_index: state.outputIndex, item }),
    ];
  }

  private appendToolCall(call: unknown, position: number): ResponsesEvent[] {
    if (!isObject(call)) return [];
    const index = num(call.index) ?? position;
    let state = this.calls.get(index);
    if (!state) {
      state = { id: '', outputIndex: null, callId: '', chatName: '', args: '', target: null, closed: false };
      this.calls.set(index, state);
    }
    if (state.closed) return [];
    const fn = isObject(call.function) ? call.function : {};
    const callId = str(call.id);
    if (callId && !state.callId) state.callId = callId;
    // Some upstreams repeat the name in every chunk: the first one wins, nothing is appended.
    const name = str(fn.name);
    if (name && !state.chatName) state.chatName = name;
    const args = str(fn.arguments) ?? '';
    if (state.outputIndex === null) {
      // The item can only be announced once its name is known; arguments wait until then.
      state.args += args;
      return state.chatName ? this.openToolCall(state) : [];
    }
    if (args === '') return [];
    state.args += args;
    if (state.target?.type !== 'function_call') return []; // custom input is unwrapped from JSON at the end
    return [this.event('response.function_call_arguments.delta', { item_id: state.id, output_index: state.outputIndex, delta: args })];
  }

  private openToolCall(state: CallState): ResponsesEvent[] {
    // Text before a tool call is finished: Codex can show it while the call streams.
    const out = this.closeText('completed');
    const target = callTarget(state.chatName, this.ctx.tools);
    state.target = target;
    state.callId ||= this.ctx.newId('call');
    state.outputIndex = this.output.length;
    this.output.push(null);
    if (target.type === 'function_call') {
      state.id = this.ctx.newId('fc');
      out.push(this.event('response.output_item.added', { output_index: state.outputIndex, item: this.callItem(state, 'in_progress', '') }));
      if (state.args !== '') {
        out.push(this.event('response.function_call_arguments.delta', { item_id: state.id, output_index: state.outputIndex, delta: state.args }));
      }
    } else {
      state.id = this.ctx.newId('ctc');
      out.push(this.event('response.output_item.added', { output_index: state.outputIndex, item: this.callItem(state, 'in_progress', '') }));
    }
    return out;
  }

  private callItem(state: CallState, status: OutputItem['status'], payload: string): OutputItem {
    const target = state.target ?? callTarget(state.chatName, this.ctx.tools);
    if (target.type === 'custom_tool_call') {
      return { id: state.id, type: 'custom_tool_call', status, call_id: state.callId, name: target.name, input: payload };
    }
    return target.namespace
      ? { id: state.id, type: 'function_call', status, call_id: state.callId, name: target.name, namespace: target.namespace, arguments: payload }
      : { id: state.id, type: 'function_call', status, call_id: state.callId, name: target.name, arguments: payload };
  }

  private closeToolCall(state: CallState, status: ItemStatus): ResponsesEvent[] {
    if (state.closed) return [];
    const out: ResponsesEvent[] = [];
    if (state.outputIndex === null) {
      if (state.args === '') {
        state.closed = true; // an empty fragment without a name: nothing was called
        return out;
      }
      out.push(...this.openToolCall(state));
    }
    state.closed = true;
    const outputIndex = state.outputIndex ?? 0;
    let item: OutputItem;
    if (state.target?.type === 'custom_tool_call') {
      const input = customInputFromArguments(state.args);
      out.push(this.event('response.custom_tool_call_input.done', { item_id: state.id, output_index: outputIndex, input }));
      item = this.callItem(state, status, input);
    } else {
      // Tools without parameters come back with empty arguments from some providers; Codex parses JSON.
      const args = state.args.trim() === '' ? '{}' : state.args;
      const name = state.target?.name ?? state.chatName;
      out.push(this.event('response.function_call_arguments.done', { item_id: state.id, output_index: outputIndex, name, arguments: args }));
      item = this.callItem(state, status, args);
    }
    this.output[outputIndex] = item;
    out.push(this.event('response.output_item.done', { output_index: outputIndex, item }));
    return out;
  }

  private closeAll(status: ItemStatus): ResponsesEvent[] {
    const open: { index: number; close: () => ResponsesEvent[] }[] = [];
    const text = this.text;
    if (text) open.push({ index: text.outputIndex, close: () => this.closeText(status) });
    for (const state of this.calls.values()) {
      if (!state.closed) open.push({ index: state.outputIndex ?? Number.MAX_SAFE_INTEGER, close: () => this.closeToolCall(state, status) });
    }
    open.sort((a, b) => a.index - b.index);
    return open.flatMap((entry) => entry.close());
  }
}
