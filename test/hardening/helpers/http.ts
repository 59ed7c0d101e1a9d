/** Clients for the hardening tests: a plain HTTP client that tells a complete answer from a cut one, and raw sockets for malformed requests. */
import { request as httpRequest, type Agent, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';

/** What came back, and whether the answer ended cleanly. */
export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** True only when the whole message arrived (final chunk or full Content-Length). */
  complete: boolean;
  /** The error that cut the answer short, if any. */
  error: string | null;
  /** Milliseconds from sending to the end (or the cut). */
  ms: number;
}

/** Every body the proxy answered, for the leak scan. */
export const seenBodies: string[] = [];

/** Sends one request to the proxy. Never rejects on a cut stream: look at `complete` and `error`. */
export function call(
  base: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer; signal?: AbortSignal; onData?: (chunk: string) => void; agent?: Agent; record?: boolean } = {},
): Promise<Answer> {
  const started = performance.now();
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, path: url.pathname + url.search, method: options.method ?? (options.body ? 'POST' : 'GET'), headers: options.headers, agent: options.agent ?? false, ...(options.signal ? { signal: options.signal } : {}) },
      (res) => {
        let body = '';
        let error: string | null = null;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
          options.onData?.(chunk);
        });
        res.on('error', (e) => (error = (e as NodeJS.ErrnoException).code ?? e.message));
        res.on('close', () => {
          if (options.record !== false) seenBodies.push(body);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, complete: res.complete, error: res.complete ? null : (error ?? 'aborted'), ms: performance.now() - started });
        });
      },
    );
    req.on('error', (e) => reject(e));
    req.end(options.body);
  });
}

/** A JSON POST with a local key in x-api-key. */
export function post(base: string, path: string, key: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  return call(base, path, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key, ...headers }, body: JSON.stringify(body) });
}

/** A small Anthropic Messages body. */
export function messages(stream = false, text = 'hello'): Record<string, unknown> {
  return { model: 'claude-sonnet-4-5', max_tokens: 16, stream, messages: [{ role: 'user', content: text }] };
}

/** Writes `text` on a raw socket and returns everything read until the server closes or `waitMs` passes. */
export function raw(port: number, text: string | Buffer, options: { waitMs?: number; chunks?: { text: string; delayMs: number }[] } = {}): Promise<{ text: string; closed: boolean; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let out = '';
    let closed = false;
    const timer = setTimeout(() => finish(), options.waitMs ?? 2000);
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      seenBodies.push(out);
      resolve({ text: out, closed, ms: performance.now() - started });
    };
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => (out += d));
    socket.on('end', () => {
      closed = true;
      finish();
    });
    socket.on('close', () => {
      closed = true;
      finish();
    });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ECONNRESET' || e.code === 'EPIPE') return;
      reject(e);
    });
    socket.on('connect', () => {
      socket.write(text);
      let delay = 0;
      for (const chunk of options.chunks ?? []) {
        delay += chunk.delayMs;
        setTimeout(() => {
          if (!socket.destroyed) socket.write(chunk.text);
        }, delay);
      }
    });
  });
}

/** The status code of a raw HTTP answer (0 when there was none). */
export function statusOf(rawText: string): number {
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(rawText);
  return m ? Number(m[1]) : 0;
}
