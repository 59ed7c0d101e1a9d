/**
 * Server-sent events, both ways: an incremental parser for upstream streams and an encoder for ours.
 * Follows the WHATWG event-stream rules (LF, CRLF or CR line ends; `:` comments; multi-line `data`)
 * so chunk boundaries may fall anywhere, even inside a UTF-8 character or between CR and LF.
 */
import { StringDecoder } from 'node:string_decoder';

/** One dispatched event: its `event:` name when set, its `data:` lines joined with LF. */
export interface SseMessage {
  event?: string;
  data: string;
  id?: string;
}

/** Incremental SSE parser: push chunks as they arrive, take the complete events out. */
export class SseParser {
  private readonly decoder = new StringDecoder('utf8');
  private buffer = '';
  private sawFirstChunk = false;
  private event: string | undefined;
  private data: string[] = [];
  private id: string | undefined;

  /** Parses a chunk and returns the events it completed, in order. */
  push(chunk: Buffer | string): SseMessage[] {
    let text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    if (!this.sawFirstChunk && text.length > 0) {
      this.sawFirstChunk = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    this.buffer += text;
    return this.drainLines(false);
  }

  /**
   * Flushes at end of stream. Lenient on purpose: a last line without its newline is still read, and
   * an event missing only its blank line is dispatched, because some upstreams end that way. A
   * truncated JSON payload still fails to parse downstream, so a cut stream is not mistaken for a whole one.
   */
  end(): SseMessage[] {
    this.buffer += this.decoder.end();
    const out = this.drainLines(true);
    const last = this.dispatch();
    if (last) out.push(last);
    return out;
  }

  private drainLines(atEnd: boolean): SseMessage[] {
    const out: SseMessage[] = [];
    let start = 0;
    for (let i = 0; i < this.buffer.length; i++) {
      const c = this.buffer.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      // A CR as the very last character may be the first half of CRLF: wait for the next chunk.
      if (c === 13 && i === this.buffer.length - 1 && !atEnd) break;
      const line = this.buffer.slice(start, i);
      if (c === 13 && this.buffer.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
      const message = this.line(line);
      if (message) out.push(message);
    }
    this.buffer = this.buffer.slice(start);
    if (atEnd && this.buffer.length > 0) {
      const message = this.line(this.buffer);
      this.buffer = '';
      if (message) out.push(message);
    }
    return out;
  }

  private line(line: string): SseMessage | null {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return null;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
    else if (field === 'id' && !value.includes('\0')) this.id = value;
    // `retry` and unknown fields matter only to browsers reconnecting; ignored.
    return null;
  }

  private dispatch(): SseMessage | null {
    const hadData = this.data.length > 0;
    const message: SseMessage = { data: this.data.join('\n') };
    if (this.event !== undefined && this.event !== '') message.event = this.event;
    if (this.id !== undefined) message.id = this.id;
    this.event = undefined;
    this.data = [];
    // Per the spec an event without data is not dispatched (the last id is kept, like a browser does).
    return hadData ? message : null;
  }
}

/** Encodes one event; multi-line data becomes several `data:` lines, so any string round-trips. */
export function encodeSse(message: SseMessage): string {
  let out = '';
  if (message.event !== undefined) out += `event: ${message.event}\n`;
  if (message.id !== undefined) out += `id: ${message.id}\n`;
  for (const line of message.data.split(/\r\n|\r|\n/)) out += `data: ${line}\n`;
  return out + '\n';
}
