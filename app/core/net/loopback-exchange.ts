/**
 * A strict, minimal HTTP/1.1 client on one node:net socket to a port on 127.0.0.1: one request at a time,
 * answers read by Content-Length only, at most 1 MiB. It exists for the CLI's talks with its own running
 * proxy (app/cli/running-proxy.ts), where two properties matter:
 *
 * - Start-up: `ai-gateway token` runs on every Claude Code apiKeyHelper call. Requiring node:http costs
 *   ~2 ms more than node:net alone (measured with Node 20, on top of a ~15 ms bare start), and undici far
 *   more; this file costs next to nothing beyond node:net.
 * - One connection by construction: the secret may only travel on the connection the proof came on. There
 *   is no agent and no reconnect: once this socket is gone, every later request fails before a byte is
 *   written, so a listener that took the port over after the proof never sees the secret.
 *
 * Anything but a plain `HTTP/1.1 NNN` answer with one Content-Length (chunked, no length, too large, extra
 * bytes, cut short) is not what our proxy sends: the request fails with EPROTO / EMSGSIZE and the socket
 * is closed.
 */
import { connect, type Socket } from 'node:net';

/** The largest answer body read; more is not our proxy talking. */
export const MAX_ANSWER_BYTES = 1024 * 1024;
/** The largest header block read. Node's own server default is 16 KiB. */
const MAX_HEAD_BYTES = 16 * 1024;
const HEAD_END = Buffer.from('\r\n\r\n');

/** One answer: the status code, the lower-cased headers and the body bytes. */
export interface ExchangeAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * Why a request failed: ECONNREFUSED and the socket's other errors as Node names them, ETIMEDOUT (no whole
 * answer in time), ECONNRESET (the connection closed, before or during the answer), EPROTO (not a strict
 * HTTP/1.1 answer with a Content-Length) and EMSGSIZE (over the size limits).
 */
export class ExchangeError extends Error {
  override readonly name = 'ExchangeError';
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

interface Pending {
  resolve(answer: ExchangeAnswer): void;
  reject(error: ExchangeError): void;
  timer: NodeJS.Timeout;
}

/** Why the socket became unusable; an ExchangeError is made of it only when a request is failed with it. */
interface Failure {
  code: string;
  message: string;
  cause?: unknown;
}

const failureError = (failure: Failure) => new ExchangeError(failure.code, failure.message, failure.cause === undefined ? undefined : { cause: failure.cause });

/** One connection to 127.0.0.1:`port`, opened at once; close it when done. */
export class LoopbackExchange {
  private readonly socket: Socket;
  private pending: Pending | null = null;
  private chunks: Buffer[] = [];
  /** Set once the socket is unusable; every later request fails with it, before anything is written. */
  private gone: Failure | null = null;

  constructor(readonly port: number) {
    this.socket = connect({ host: '127.0.0.1', port, noDelay: true });
    this.socket.on('data', (chunk: Buffer) => this.onData(chunk));
    this.socket.on('error', (error: NodeJS.ErrnoException) => this.fail({ code: error.code ?? 'ECONNRESET', message: `127.0.0.1:${port}: ${error.message}`, cause: error }));
    this.socket.on('close', () => this.fail({ code: 'ECONNRESET', message: `127.0.0.1:${port} closed the connection.` }));
  }

  /**
   * Sends one request (written at once, even while the socket still connects) and resolves with the whole
   * answer. `headers` must not hold CR or LF; Host and, with a body, Content-Length are added here.
   */
  request(method: 'GET' | 'POST', path: string, headers: Record<string, string>, body: string | null, timeoutMs: number): Promise<ExchangeAnswer> {
    if (this.gone) return Promise.reject(failureError(this.gone));
    if (this.pending) return Promise.reject(new ExchangeError('EBUSY', 'One request at a time on a loopback exchange.'));
    let head = `${method} ${path} HTTP/1.1\r\nhost: 127.0.0.1:${this.port}\r\n`;
    for (const [name, value] of Object.entries(headers)) {
      // A line break in a value would let it write headers (or a request) of its own.
      if (/[\r\n\0]/.test(name + value)) return Promise.reject(new ExchangeError('EINVAL', `The ${name} header holds a line break; nothing was sent.`));
      head += `${name}: ${value}\r\n`;
    }
    if (body !== null) head += `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.fail({ code: 'ETIMEDOUT', message: `127.0.0.1:${this.port} sent no whole answer within ${timeoutMs} ms.` }), timeoutMs);
      this.pending = { resolve, reject, timer };
      this.socket.write(body === null ? `${head}\r\n` : `${head}\r\n${body}`);
    });
  }

  /** Closes the connection; a request still waiting fails with ECONNRESET. */
  close(): void {
    if (this.gone) return;
    this.fail({ code: 'ECONNRESET', message: `The connection to 127.0.0.1:${this.port} was closed.` }, false);
    // Destroyed on the next turn of the event loop, which the socket no longer keeps alive: a CLI that is
    // done (`token`, after its one line) exits without destroy()'s ~0.3 ms, and the kernel closes the
    // descriptor then. A process that lives on (the desktop app, `test`) destroys it a moment later.
    this.socket.unref();
    setImmediate(() => this.socket.destroy()).unref();
  }

  /** Marks the socket unusable and fails the waiting request with `failure`; destroys the socket unless told not to. Only the first reason counts. */
  private fail(failure: Failure, destroy = true): void {
    this.gone ??= failure;
    const pending = this.pending;
    this.pending = null;
    this.chunks = [];
    if (pending) {
      clearTimeout(pending.timer);
      pending.reject(failureError(failure));
    }
    if (destroy) this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    if (!this.pending) return this.fail({ code: 'EPROTO', message: `127.0.0.1:${this.port} sent data nobody asked for.` });
    this.chunks.push(chunk);
    const data = this.chunks.length === 1 ? chunk : Buffer.concat(this.chunks);
    this.chunks = [data];
    const end = data.indexOf(HEAD_END);
    if (end === -1) {
      if (data.length > MAX_HEAD_BYTES) this.fail({ code: 'EMSGSIZE', message: `127.0.0.1:${this.port} sent headers over ${MAX_HEAD_BYTES} bytes.` });
      return;
    }
    const head = parseHead(data.subarray(0, end).toString('latin1'));
    if (typeof head === 'string') return this.fail({ code: 'EPROTO', message: `127.0.0.1:${this.port} ${head}` });
    if (head.length > MAX_ANSWER_BYTES) return this.fail({ code: 'EMSGSIZE', message: `127.0.0.1:${this.port} announced an answer of ${head.length} bytes, over the ${MAX_ANSWER_BYTES} read.` });
    const have = data.length - end - HEAD_END.length;
    if (have < head.length) return;
    if (have > head.length) return this.fail({ code: 'EPROTO', message: `127.0.0.1:${this.port} sent more than its Content-Length.` });
    const pending = this.pending;
    this.pending = null;
    this.chunks = [];
    clearTimeout(pending.timer);
    // An answer that says the connection ends: later requests fail before anything is written.
    if (head.headers.connection?.toLowerCase() === 'close') this.fail({ code: 'ECONNRESET', message: `127.0.0.1:${this.port} closed the connection after its answer.` });
    pending.resolve({ status: head.status, headers: head.headers, body: data.subarray(end + HEAD_END.length) });
  }
}

/** The status, headers and body length of an answer's head, or what is wrong with it. */
function parseHead(text: string): { status: number; headers: Record<string, string>; length: number } | string {
  const lines = text.split('\r\n');
  const statusLine = /^HTTP\/1\.1 ([2-5]\d\d)(?: [^\r\n]*)?$/.exec(lines[0]!);
  if (!statusLine) return `did not answer with an HTTP/1.1 status line (${JSON.stringify(lines[0]!.slice(0, 40))}).`;
  const headers: Record<string, string> = {};
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const colon = line.indexOf(':');
    if (colon <= 0) return 'sent a malformed header line.';
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    // Two lengths (or a repeated header of any kind) is how request smuggling starts: not our proxy.
    if (name in headers) return `sent the ${name} header twice.`;
    headers[name] = value;
  }
  if ('transfer-encoding' in headers) return `sent a ${headers['transfer-encoding']} answer, not one with a Content-Length.`;
  const length = headers['content-length'];
  if (length === undefined || !/^\d{1,10}$/.test(length)) return 'sent an answer without a valid Content-Length.';
  return { status: Number(statusLine[1]), headers, length: Number(length) };
}
