/**
 * One GET to a port on 127.0.0.1, answered with JSON, on node:http: the commands that ask a running proxy
 * (`token` on every apiKeyHelper call, `status`) would otherwise spend longer loading undici than Node
 * takes to start.
 */
import { request } from 'node:http';

/** The parsed JSON body of a 200 answer, or null for anything else (nothing listening, another status, a bad body, a timeout). */
export function getLoopbackJson(port: number, path: string, headers: Record<string, string> = {}, timeoutMs = 2000): Promise<unknown> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', headers, agent: false, timeout: timeoutMs }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        resolve(null);
        return;
      }
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        } catch {
          resolve(null);
        }
      });
      res.on('error', () => resolve(null));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve(null));
    req.end();
  });
}
