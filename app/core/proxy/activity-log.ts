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

/** The request's top-level `model`, found without parsing a possibly large body. */
export function modelOf(body: Buffer): string | null {
  const at = body.indexOf('"model"');
  if (at === -1) return null;
  const window = body.subarray(at + 7, at + 7 + 300).toString('utf8');
  const match = /^\s*:\s*"([^"\\]{1,200})"/.exec(window);
  return match ? match[1]! : null;
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
