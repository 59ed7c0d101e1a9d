/** Reads a request body up to a limit, so a huge upload is refused with a 413 rather than buffered. */
import type { IncomingMessage } from 'node:http';

/** Largest request body accepted; settings and setup requests are a few hundred bytes. */
export const MAX_BODY_BYTES = 256 * 1024;

/** Thrown when the body is (or declares itself) larger than the limit. */
export class BodyTooLarge extends Error {}

/** The body as UTF-8 text; rejects with BodyTooLarge past `limit` bytes. */
export function readBody(req: IncomingMessage, limit: number = MAX_BODY_BYTES): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      req.resume();
      reject(new BodyTooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        // Keep reading and discarding: closing mid-upload makes the client see a reset, not our 413.
        chunks.length = 0;
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** True when the content type is JSON (parameters such as charset allowed). */
export function isJson(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() === 'application/json';
}
