/** Reading a gateway error body for its explanation: at most MAX_ERROR_BODY bytes, then the upstream is let go. */
import type { Readable } from 'node:stream';
import { MAX_ERROR_BODY } from './failure-answer.js';

/**
 * The first `limit` bytes of `body`. Past the cap it stops reading and destroys the body (undici then
 * drops the connection), so an endless error body cannot hold the request open; a body cut short by
 * the gateway is returned as far as it came, which still says enough to explain it. `onFirstChunk` is
 * told when the first byte arrives.
 */
export async function readCapped(body: Readable, limit = MAX_ERROR_BODY, onFirstChunk?: () => void): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  let first = onFirstChunk;
  try {
    for await (const chunk of body as AsyncIterable<Buffer | string>) {
      // The history's time to first byte counts an error body's first byte like an answer's.
      first?.();
      first = undefined;
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      chunks.push(buffer.subarray(0, limit - size));
      size += buffer.length;
      if (size >= limit) break; // Leaving the loop destroys the stream.
    }
  } catch {
    // Cut short: what came is the body.
  }
  if (!body.destroyed) body.destroy();
  return Buffer.concat(chunks);
}
