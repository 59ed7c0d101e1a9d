/** The last requests through the proxy, for the UI's activity list: metadata only, no bodies, no keys. */
import { EventEmitter } from 'node:events';
import type { ActivityEntry } from '../../contract/api.js';
import type { GatewayErrorReport } from './errors/failure-answer.js';

/** A bounded, in-memory list of recent requests; also tells the log what a failing gateway sent (`gatewayError`). */
export class ActivityLog extends EventEmitter<{ entry: [ActivityEntry]; gatewayError: [GatewayErrorReport] }> {
  private readonly entries: ActivityEntry[] = [];
  private nextId = 1;

  constructor(private readonly capacity = 200) {
    super();
  }

  /** Records one finished request. */
  add(entry: Omit<ActivityEntry, 'id'>): ActivityEntry {
    const full = { id: this.nextId++, ...entry };
    this.entries.push(full);
    if (this.entries.length > this.capacity) this.entries.shift();
    this.emit('entry', full);
    return full;
  }

  /** Newest first. */
  list(): ActivityEntry[] {
    return this.entries.slice().reverse();
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const MODEL_KEY = Buffer.from('model');
/** What a model name is made of (Bedrock ARNs and Fireworks paths included): anything else (an escape sequence, a space) is not kept. */
const MODEL_NAME = /^[A-Za-z0-9._\-:/@+]{1,200}$/;
/** A URL is never a model name, and one with a password must not sit in the history for a week. */
const isModelName = (name: string) => MODEL_NAME.test(name) && !name.includes('://');

/** Whether the quote at `at` ends or starts a string: not when an odd run of backslashes escapes it. */
function unescaped(body: Buffer, at: number): boolean {
  let slashes = 0;
  while (body[at - 1 - slashes] === BACKSLASH) slashes++;
  return slashes % 2 === 0;
}

/** The index of the quote that closes the string opening at `open`, or -1 when the body ends first. */
function closingQuote(body: Buffer, open: number): number {
  let at = body.indexOf(QUOTE, open + 1);
  while (at !== -1 && !unescaped(body, at)) at = body.indexOf(QUOTE, at + 1);
  return at;
}

/** The index of the quote that opens the string closing at `close`, or -1. */
function openingQuote(body: Buffer, close: number): number {
  let at = close > 0 ? body.lastIndexOf(QUOTE, close - 1) : -1;
  while (at > 0 && !unescaped(body, at)) at = body.lastIndexOf(QUOTE, at - 1);
  return at;
}

const isSpace = (byte: number | undefined) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;

function skipSpace(body: Buffer, at: number): number {
  while (isSpace(body[at])) at++;
  return at;
}

/** The model name when the string between `open` and `close` is a key `"model"`, undefined when it is not that key. */
function modelAt(body: Buffer, open: number, close: number): string | null | undefined {
  if (close - open - 1 !== MODEL_KEY.length || body.compare(MODEL_KEY, 0, MODEL_KEY.length, open + 1, close) !== 0) return undefined;
  const colon = skipSpace(body, close + 1);
  return body[colon] === COLON ? modelValue(body, skipSpace(body, colon + 1)) : undefined;
}

/**
 * The request's top-level `model` when it is a plain model name, else null. Only the top level counts: a
 * prompt or tool input holding `{"model": ...}` comes first in the Anthropic SDK's key order, and what is
 * found here goes to the history for a week and to the Activity list. Not JSON.parse, which costs a
 * whole parse of a body that may be megabytes on every request: the keys after the last nested value
 * are read backwards from the end (the Anthropic SDK puts `model` there), then a depth-tracking scan
 * runs from the start (model first, as the OpenAI SDK sends it, ends it at once); strings are skipped
 * with Buffer.indexOf. Per request, see test/bench/model-scan.ts (`npm run bench`). The body is the
 * buffered request, at most maxBodyBytes.
 */
export function modelOf(body: Buffer): string | null {
  const fromEnd = modelInTail(body);
  if (fromEnd !== undefined) return fromEnd;
  let depth = 0;
  for (let at = 0; at < body.length; at++) {
    const byte = body[at]!;
    if (byte === QUOTE) {
      const close = closingQuote(body, at);
      if (close === -1) return null;
      if (depth === 1) {
        const model = modelAt(body, at, close);
        if (model !== undefined) return model;
      }
      at = close;
    } else if (byte === 0x7b || byte === 0x5b) depth++;
    else if (byte === 0x7d || byte === 0x5d) depth--;
  }
  return null;
}

/** The top-level `model` among the keys after the body's last nested value, read from its end; undefined when not there. */
function modelInTail(body: Buffer): string | null | undefined {
  let at = body.length - 1;
  while (isSpace(body[at])) at--;
  if (body[at] !== 0x7d) return undefined;
  for (at--; at > 0; at--) {
    const byte = body[at]!;
    if (byte === QUOTE) {
      const open = openingQuote(body, at);
      if (open === -1) return undefined;
      const model = modelAt(body, open, at);
      if (model !== undefined) return model;
      at = open;
    } else if (byte === 0x7d || byte === 0x5d || byte === 0x7b) return undefined; // a nested value (or the start): the forward scan decides
  }
  return undefined;
}

/** The string value starting at `at` when it is a model name (no escapes, allowed characters, bounded). */
function modelValue(body: Buffer, at: number): string | null {
  if (body[at] !== QUOTE) return null;
  const close = body.indexOf(QUOTE, at + 1);
  if (close === -1 || close - at - 1 > 200) return null;
  const name = body.toString('latin1', at + 1, close);
  return isModelName(name) ? name : null;
}

const USAGE_PATTERNS: [RegExp, 'input' | 'output'][] = [
  [/"(?:input_tokens|prompt_tokens|promptTokenCount)"\s*:\s*(\d+)/g, 'input'],
  [/"(?:output_tokens|completion_tokens|candidatesTokenCount)"\s*:\s*(\d+)/g, 'output'],
];

/**
 * Keeps the last few KB of a response as it streams past, and reads token usage from it at the end.
 * Anthropic (`input_tokens`, `output_tokens`), OpenAI Chat (`prompt_tokens`, `completion_tokens`),
 * Responses (`input_tokens`, `output_tokens` in `response.completed`) and Gemini (`usageMetadata`'s
 * `promptTokenCount`, `candidatesTokenCount`) report usage in the last event or in the body, so the
 * tail is enough; Anthropic streams put the input count in the first event, so the head is kept too.
 */
export class UsageSniffer {
  private tail: Buffer[] = [];
  private tailBytes = 0;
  private head: Buffer | null = null;

  constructor(private readonly keepBytes = 16 * 1024) {}

  /** Sees one chunk; cheap: it only keeps references. */
  push(chunk: Buffer): void {
    // Anthropic streams put input_tokens in the first event, so the first chunk is kept too.
    if (this.head === null) this.head = chunk.subarray(0, 4096);
    this.tail.push(chunk);
    this.tailBytes += chunk.length;
    while (this.tailBytes - this.tail[0]!.length > this.keepBytes) this.tailBytes -= this.tail.shift()!.length;
  }

  /** The usage found, largest values seen (streams repeat cumulative counts). */
  usage(): { inputTokens: number | null; outputTokens: number | null } {
    // While the first chunk is still in the tail (every small answer), the head is a copy of it: read it once.
    const headInTail = this.head !== null && this.tail.length > 0 && this.head.buffer === this.tail[0]!.buffer && this.head.byteOffset === this.tail[0]!.byteOffset;
    const tail = this.tail.length === 1 ? this.tail[0]!.toString('utf8') : Buffer.concat(this.tail).toString('utf8');
    const text = headInTail || !this.head ? tail : this.head.toString('utf8') + '\n' + tail;
    const found = { input: null as number | null, output: null as number | null };
    for (const [pattern, kind] of USAGE_PATTERNS) {
      for (const match of text.matchAll(pattern)) {
        const n = Number(match[1]);
        if (found[kind] === null || n > found[kind]!) found[kind] = n;
      }
    }
    return { inputTokens: found.input, outputTokens: found.output };
  }
}
