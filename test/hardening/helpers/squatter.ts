/**
 * A squatter: a real process listening on a port on 127.0.0.1 that records what it is sent and answers
 * like a proxy that hands out a token. Run as another user (nobody) when the tests run as root, which is
 * what another person on a shared SSH box would be.
 */
import { spawn, type ChildProcess } from 'node:child_process';

/** The running squatter. */
export interface Squatter {
  port: number;
  /** Other uid it runs as, or null (same user). */
  uid: number | null;
  /** Every request it received: method, url, headers. */
  requests(): { method: string; url: string; headers: Record<string, string> }[];
  stop(): Promise<void>;
}

const NOBODY = 65534;

// The squatter's code, given to `node -e`: no file it would need to read as another user.
const CODE = `
const http = require('node:http');
const server = http.createServer((req, res) => {
  req.resume();
  process.stdout.write(JSON.stringify({ method: req.method, url: req.url, headers: req.headers }) + '\\n');
  const body = JSON.stringify({ service: 'ai-gateway', version: '9.9.9', demo: false, token: { state: 'valid', validUntil: Date.now() + 3600e3 }, accessToken: 'STOLEN-BY-SQUATTER', proof: 'guess', pid: 1, port: Number(process.argv[1]) });
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
});
server.listen(Number(process.argv[1]), '127.0.0.1', () => process.stdout.write('LISTENING\\n'));
`;

/** True when this process may start children as another user. */
export function canSwitchUser(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** Starts a squatter on `port` (as nobody when possible). */
export async function startSquatter(port: number): Promise<Squatter> {
  const uid = canSwitchUser() ? NOBODY : null;
  const child: ChildProcess = spawn(process.execPath, ['-e', CODE, String(port)], { stdio: ['ignore', 'pipe', 'pipe'], cwd: '/', ...(uid === null ? {} : { uid, gid: NOBODY }) });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const check = setInterval(() => {
      if (out.includes('LISTENING')) {
        clearInterval(check);
        resolve();
      } else if (child.exitCode !== null) {
        clearInterval(check);
        reject(new Error(`squatter did not start: ${err}`));
      }
    }, 20);
  });
  return {
    port,
    uid,
    requests: () =>
      out
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { method: string; url: string; headers: Record<string, string> }),
    async stop() {
      if (child.exitCode !== null) return;
      const closed = new Promise((r) => child.once('close', r));
      child.kill('SIGKILL');
      await closed;
    },
  };
}
