/**
 * The load client: undici Client/Pool (not fetch, whose own cost would hide the proxy's), one set of
 * keep-alive connections per target, reused across rounds as an agent's SDK would.
 */
import { Client, Pool } from 'undici';

/** Where to send: straight to the upstream, through our proxy, or through nginx. */
export interface Target {
  name: string;
  origin: string;
  /** The chat-completions path as this target expects it. */
  path: string;
  headers: Record<string, string>;
}

// A short but realistic agent request: the proxy reads `model` from it.
const REQUEST_BODY = Buffer.from(JSON.stringify({ model: 'gpt-4.1-mini', max_tokens: 64, messages: [{ role: 'user', content: 'Say hello in five words.' }] }));
const STREAM_BODY = Buffer.from(JSON.stringify({ model: 'gpt-4.1-mini', max_tokens: 64, stream: true, messages: [{ role: 'user', content: 'Say hello in five words.' }] }));

/** A target with its connections. */
export class Loader {
  /** One connection for the concurrency-1 latency runs. */
  private readonly single: Client;
  /** 32 connections for the throughput runs. */
  private readonly pool: Pool;
  /** Its own connection for SSE, so streams never queue behind other requests. */
  private readonly streams: Client;

  constructor(readonly target: Target) {
    this.single = new Client(target.origin, { pipelining: 1, keepAliveTimeout: 60_000 });
    this.pool = new Pool(target.origin, { connections: 32, pipelining: 1, keepAliveTimeout: 60_000 });
    this.streams = new Client(target.origin, { pipelining: 1, keepAliveTimeout: 60_000 });
  }

  /** Sequential requests (concurrency 1): each one's latency in ms, until `count` or `deadline`. */
  async latency(count: number, deadline: number): Promise<number[]> {
    const samples: number[] = [];
    for (let i = 0; i < count && performance.now() < deadline; i++) {
      const started = performance.now();
      await this.once(this.single);
      samples.push(performance.now() - started);
    }
    return samples;
  }

  /** `concurrency` workers for `ms` milliseconds: requests completed and the time they took. */
  async throughput(concurrency: number, ms: number): Promise<{ requests: number; seconds: number }> {
    const started = performance.now();
    const stopAt = started + ms;
    let requests = 0;
    const worker = async () => {
      // Bounded in count as well as time.
      for (let i = 0; i < 1_000_000 && performance.now() < stopAt; i++) {
        await this.once(this.pool);
        requests++;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    return { requests, seconds: (performance.now() - started) / 1000 };
  }

  /**
   * One SSE stream of `events` events `gapMs` apart: time to the first event (from sending the request)
   * and each event's one-way delay (arrival minus the upstream's write time, same monotonic clock).
   */
  async stream(events: number, gapMs: number, client: Client | Pool = this.streams, signal?: AbortSignal, onFirst?: () => void): Promise<{ firstMs: number; delaysMs: number[] }> {
    const started = process.hrtime.bigint();
    const { statusCode, body } = await client.request({
      path: `${this.target.path}?events=${events}&gap=${gapMs}`,
      method: 'POST',
      headers: this.target.headers,
      body: STREAM_BODY,
      ...(signal ? { signal } : {}),
    });
    if (statusCode !== 200) throw new Error(`${this.target.name}: stream answered ${statusCode}: ${(await body.text()).slice(0, 200)}`);
    let firstMs = NaN;
    const delaysMs: number[] = [];
    let pending = '';
    for await (const chunk of body as AsyncIterable<Buffer>) {
      const now = process.hrtime.bigint();
      pending += chunk.toString('latin1');
      let end: number;
      while ((end = pending.indexOf('\n\n')) !== -1) {
        const event = pending.slice(0, end);
        pending = pending.slice(end + 2);
        const sent = /"t":"(\d+)"/.exec(event);
        if (!sent) continue; // [DONE]
        if (Number.isNaN(firstMs)) {
          firstMs = Number(now - started) / 1e6;
          onFirst?.();
        }
        delaysMs.push(Number(now - BigInt(sent[1]!)) / 1e6);
      }
    }
    return { firstMs, delaysMs };
  }

  /** A pool of `connections` connections for holding many streams open at once. */
  widePool(connections: number): Pool {
    return new Pool(this.target.origin, { connections, pipelining: 1 });
  }

  async close(): Promise<void> {
    await Promise.all([this.single.close(), this.pool.close(), this.streams.close()]);
  }

  private async once(client: Client | Pool): Promise<void> {
    const { statusCode, body } = await client.request({ path: this.target.path, method: 'POST', headers: this.target.headers, body: REQUEST_BODY });
    if (statusCode !== 200) throw new Error(`${this.target.name}: answered ${statusCode}: ${(await body.text()).slice(0, 200)}`);
    await body.dump();
  }
}
