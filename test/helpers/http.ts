/**
 * A raw HTTP client for the proxy tests, on node:http: fetch refuses to set Host, Origin and the
 * hop-by-hop headers these tests send on purpose.
 */
import { request, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';

/** What to send. */
export interface SendOptions {
  method?: string;
  /** Host defaults to the URL's host; pass one to override it (or null to omit it). */
  headers?: Record<string, string | string[]>;
  body?: string | Buffer | object;
  /** Fails the request after this long (default 10 s). */
  timeoutMs?: number;
}

/** A whole answer. */
export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  text: string;
  /** The body parsed as JSON, or undefined if it is not JSON. */
  json: unknown;
}

function open(url: string, options: SendOptions, onResponse: (res: IncomingMessage) => void, onError: (error: Error) => void) {
  const target = new URL(url);
  // The path as written: URL parsing would resolve `..` and hide the path tricks the tests send on purpose.
  const pathAt = url.indexOf('/', url.indexOf('//') + 2);
  const rawPath = pathAt === -1 ? '/' : url.slice(pathAt);
  const body = options.body === undefined ? undefined : typeof options.body === 'string' || Buffer.isBuffer(options.body) ? options.body : JSON.stringify(options.body);
  const headers: Record<string, string | string[]> = { host: target.host, ...options.headers };
  if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
  const req = request({ host: target.hostname, port: target.port, path: rawPath, method: options.method ?? (body === undefined ? 'GET' : 'POST'), headers, agent: false }, onResponse);
  req.setTimeout(options.timeoutMs ?? 10_000, () => req.destroy(new Error(`no answer from ${url} within ${options.timeoutMs ?? 10_000} ms`)));
  req.on('error', onError);
  req.end(body);
  return req;
}

/** Sends one request and reads the whole answer. */
export function send(url: string, options: SendOptions = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    open(
      url,
      options,
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          const text = body.toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text, json });
        });
      },
      reject,
    );
  });
}

/** One chunk of a streamed answer and when it arrived (ms since the request was sent). */
export interface TimedChunk {
  at: number;
  data: string;
}

/** A streamed answer with chunk arrival times. */
export interface StreamAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  chunks: TimedChunk[];
  text: string;
  /** ms from sending the request to the end of the body. */
  endedAt: number;
}

/** Sends one request and records when each body chunk arrives. */
export function sendTimed(url: string, options: SendOptions = {}): Promise<StreamAnswer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    open(
      url,
      options,
      (res) => {
        const chunks: TimedChunk[] = [];
        res.setEncoding('utf8');
        res.on('data', (data: string) => chunks.push({ at: performance.now() - started, data }));
        res.on('error', reject);
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, chunks, text: chunks.map((c) => c.data).join(''), endedAt: performance.now() - started }));
      },
      reject,
    );
  });
}

/** Sends a request, waits for the first body chunk, then cuts the connection (an agent pressing Esc). */
export function abortAfterFirstChunk(url: string, options: SendOptions = {}): Promise<{ status: number; first: string }> {
  return new Promise((resolve, reject) => {
    const req = open(
      url,
      options,
      (res) => {
        res.once('data', (chunk: Buffer) => {
          req.destroy();
          resolve({ status: res.statusCode ?? 0, first: chunk.toString('utf8') });
        });
        res.on('error', () => undefined);
      },
      (error) => {
        if (!req.destroyed) reject(error);
      },
    );
  });
}

/** Polls `condition` every few ms until it holds, or fails after `timeoutMs` with `what`. */
export async function waitUntil(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Sends a request and hangs up as soon as `marker` has arrived, before the chunked body ends (as Codex does after `response.completed`). */
export function hangUpAfter(url: string, marker: string, options: SendOptions = {}): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    let text = '';
    const req = open(
      url,
      options,
      (res) => {
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
          if (text.includes(marker) && !req.destroyed) {
            req.destroy();
            resolve({ status: res.statusCode ?? 0, text });
          }
        });
        res.on('error', () => undefined);
        res.on('end', () => reject(new Error(`the answer ended before the client hung up: ${text.slice(-200)}`)));
      },
      (error) => {
        if (!req.destroyed) reject(error);
      },
    );
  });
}
