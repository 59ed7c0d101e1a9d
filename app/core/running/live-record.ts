/**
 * Whether a running-proxy record belongs to a proxy that still runs: its pid exists and the listener on its
 * port answers a fresh challenge with the record's proof. Only a nonce is sent, nothing secret, so asking a
 * stranger on that port costs nothing. `serve` asks before it writes its own record over another's.
 */
import { request } from 'node:http';
import { CHALLENGE_HEADER, isValidProof, newNonce, processExists, type ProxyRecord } from './proxy-record.js';

/** What the listener on a record's port did when challenged. */
export type RecordLiveness = 'live' | 'gone' | 'silent';

/** Challenges the record's listener: `live` when it proves it is that proxy, `silent` when it took the connection but did not answer in time. */
export async function recordLiveness(record: ProxyRecord, timeoutMs = 2000): Promise<RecordLiveness> {
  if (!processExists(record.pid)) return 'gone';
  const nonce = newNonce();
  return new Promise((resolve) => {
    const req = request(
      { host: '127.0.0.1', port: record.port, path: '/_ai-gateway/status', method: 'GET', agent: false, timeout: timeoutMs, headers: { host: `127.0.0.1:${record.port}`, [CHALLENGE_HEADER]: nonce } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          try {
            const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { proof?: unknown; pid?: unknown };
            resolve(res.statusCode === 200 && body.pid === record.pid && isValidProof(record, nonce, body.proof) ? 'live' : 'gone');
          } catch {
            resolve('gone');
          }
        });
        res.on('error', () => resolve('gone'));
      },
    );
    req.on('timeout', () => {
      req.destroy();
      resolve('silent');
    });
    req.on('error', () => resolve('gone'));
    req.end();
  });
}
