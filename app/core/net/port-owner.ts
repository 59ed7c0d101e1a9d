/**
 * Who holds a TCP port on 127.0.0.1: used when the proxy cannot bind its port, and when the CLI finds a
 * listener that cannot prove it is this user's proxy. Linux names the owning user from /proc/net/tcp;
 * elsewhere only whether the listener says it is an ai-gateway is known.
 */
import { readdir, readFile, readlink } from 'node:fs/promises';
import { request } from 'node:http';

/** What is known about a port's listener. */
export interface PortOwner {
  /** Owning uid (Linux only), or null when unknown. */
  uid: number | null;
  /** The owner's user name when known. */
  user: string | null;
  /** True when it is this user. */
  mine: boolean | null;
  /** True when it answers `GET /` like an ai-gateway proxy. */
  aiGateway: boolean;
  /** The listening process (Linux, when /proc lets this user see its sockets), or null. */
  pid: number | null;
}

/** The listening socket as /proc/net/tcp shows it. */
interface Listener {
  uid: number;
  inode: string;
}

/** The uid and socket inode listening on 127.0.0.1 (or any address) at `port`, from /proc/net/tcp{,6}; null where unknown. */
async function listener(port: number): Promise<Listener | null> {
  if (process.platform !== 'linux') return null;
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = await readFile(file, 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      // sl local_address rem_address st tx:rx tr:when retrnsmt uid ...
      const fields = line.trim().split(/\s+/);
      if (fields.length < 8 || fields[3] !== '0A') continue;
      const [address, portPart] = fields[1]!.split(':');
      if (portPart !== hexPort) continue;
      if (!['0100007F', '00000000', '00000000000000000000000000000000', '00000000000000000000000001000000', '0000000000000000FFFF00000100007F'].includes(address!)) continue;
      return { uid: Number(fields[7]), inode: fields[9] ?? '0' };
    }
  }
  return null;
}

/**
 * The process holding the socket `inode`: the one whose /proc/PID/fd links to `socket:[inode]`. Only
 * processes this user may inspect are seen (its own, or all for root), so another user's pid stays unknown.
 */
async function socketPid(inode: string): Promise<number | null> {
  if (inode === '0') return null;
  const wanted = `socket:[${inode}]`;
  const pids = (await readdir('/proc').catch(() => [] as string[])).filter((name) => /^\d+$/.test(name));
  for (const pid of pids) {
    const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
    for (const fd of fds) {
      if ((await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '')) === wanted) return Number(pid);
    }
  }
  return null;
}

async function userName(uid: number): Promise<string | null> {
  const passwd = await readFile('/etc/passwd', 'utf8').catch(() => '');
  for (const line of passwd.split('\n')) {
    const [name, , id] = line.split(':');
    if (id !== undefined && Number(id) === uid) return name ?? null;
  }
  return null;
}

function myUid(): number | null {
  return typeof process.getuid === 'function' ? process.getuid() : null;
}

/** True when the listener answers `GET /` the way our proxy does. */
function answersAsAiGateway(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/', method: 'GET', headers: { host: `127.0.0.1:${port}` }, timeout: 1500 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (body.length < 4096) body += chunk;
      });
      res.on('end', () => resolve(/"service"\s*:\s*"ai-gateway"/.test(body)));
      res.on('error', () => resolve(false));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

/** What is known about whoever listens on `port`. */
export async function portOwner(port: number): Promise<PortOwner> {
  const [found, aiGateway] = await Promise.all([listener(port), answersAsAiGateway(port)]);
  const uid = found?.uid ?? null;
  const me = myUid();
  const [user, pid] = await Promise.all([uid === null ? null : userName(uid), found ? socketPid(found.inode) : null]);
  return { uid, user, mine: uid === null || me === null ? null : uid === me, aiGateway, pid };
}

/** A phrase naming the listener, e.g. "a program of yours (alice (uid 1000), pid 4242)", "an ai-gateway of another user, bob (uid 1001)" or "a program whose owner this system does not reveal". */
export function describePortOwner(owner: PortOwner): string {
  const what = owner.aiGateway ? 'an ai-gateway' : 'a program';
  if (owner.uid === null) return `${what} whose owner this system does not reveal`;
  const who = `${owner.user ?? 'uid ' + owner.uid}${owner.user ? ` (uid ${owner.uid})` : ''}`;
  const pid = owner.pid === null ? '' : `, pid ${owner.pid}`;
  if (owner.mine) return `${what} of yours (${who}${pid}${owner.aiGateway ? ', perhaps the desktop app or another `ai-gateway serve`' : ''})`;
  return `${what} of another user, ${who}${pid}`;
}
