/**
 * nginx as the second reference, when it is installed: a generated config that does what our proxy
 * does for one provider (replace the credential, add the provider header, stream unbuffered, keep
 * upstream connections alive), one single-process worker like our single-threaded proxy.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { freePort } from '../helpers/stack.js';

/** A running nginx. */
export interface Nginx {
  origin: string;
  version: string;
  /** CPU time used so far (user + system, microseconds), from /proc; null where there is no /proc. */
  cpuMicros(): number | null;
  stop(): Promise<void>;
}

function findNginx(): string | null {
  for (const candidate of ['nginx', '/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/local/nginx/sbin/nginx']) {
    const probe = spawnSync(candidate, ['-v'], { encoding: 'utf8', timeout: 5_000 });
    if (probe.status === 0) return candidate;
  }
  return null;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Starts nginx in front of the upstream, or returns null (with the reason) when it is not installed or fails. */
export async function startNginx(options: { upstreamPort: number; token: string; dir: string; provider: string }): Promise<Nginx | { skipped: string }> {
  const binary = findNginx();
  if (!binary) return { skipped: 'nginx is not installed' };
  const version = (spawnSync(binary, ['-v'], { encoding: 'utf8' }).stderr ?? '').trim().replace(/^nginx version: /, '');
  const dir = join(options.dir, 'nginx');
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const config = `
daemon off;
master_process off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream gateway {
    server 127.0.0.1:${options.upstreamPort};
    keepalive 128;
    keepalive_requests 1000000;
    keepalive_timeout 60s;
  }
  server {
    listen 127.0.0.1:${port};
    keepalive_requests 1000000;
    location /${options.provider}/ {
      proxy_pass http://gateway/;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Authorization "Bearer ${options.token}";
      proxy_set_header x-api-key "";
      proxy_set_header x-portkey-provider ${options.provider};
      proxy_buffering off;
    }
  }
}
`;
  const file = join(dir, 'nginx.conf');
  writeFileSync(file, config);
  const child: ChildProcess = spawn(binary, ['-p', dir, '-c', file], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // If the bench dies (its watchdog, an exception), nginx must not outlive it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  // Bounded wait for it to listen: 3 s.
  for (let i = 0; i < 60; i++) {
    if (child.exitCode !== null) break;
    if (await canConnect(port)) {
      return {
        origin: `http://127.0.0.1:${port}`,
        version,
        cpuMicros: () => procCpuMicros(child.pid!),
        stop: async () => {
          process.off('exit', killOnExit);
          child.kill('SIGTERM');
          await Promise.race([exited, new Promise((r) => setTimeout(r, 2_000))]);
        },
      };
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  return { skipped: `nginx did not start: ${stderr.trim().slice(0, 300)}` };
}

/** A process's user + system CPU time from /proc/PID/stat (Linux), in microseconds. */
function procCpuMicros(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are the 14th and 15th fields overall.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    // USER_HZ is 100 on every Linux this runs on.
    return Number.isFinite(ticks) ? ticks * 10_000 : null;
  } catch {
    return null;
  }
}
