/**
 * Finds the `ai-gateway serve` (or desktop app, or demo) running for this user and proves it is that
 * proxy before anything secret is sent to it. The proxy's 0600 record in the 0700 app data folder names
 * its port and a per-run proof secret; the listener on that port must answer a fresh challenge with
 * HMAC(secret, port, nonce). Another local user can bind the port once the proxy is gone, but cannot
 * read the record, so cannot answer: the CLI then refuses instead of handing over its local key.
 * Every exchange with it runs on one connection (LoopbackExchange, a small HTTP/1.1 client on node:net, not
 * node:http or undici: `token` runs on every apiKeyHelper call, and node:http alone costs ~2 ms of start-up):
 * the secret can only travel on the connection the proof came on.
 */
import type { ProbeResult, TokenStatus } from '../contract/api.js';
import type { Provider } from '../contract/providers.js';
import { appFiles } from '../core/config/paths.js';
import { AppError } from '../core/errors.js';
import { LoopbackExchange } from '../core/net/loopback-exchange.js';
import { CLI_KEY_OWNER, LocalKeyStore } from '../core/keys/local-keys.js';
import { CHALLENGE_HEADER, isValidProof, newNonce, processExists, readProxyRecord, type ProxyRecord } from '../core/running/proxy-record.js';

/** A proxy that proved it is this user's own, with the connection it proved itself on. */
export interface RunningProxy {
  port: number;
  pid: number;
  demo: boolean;
  version: string;
  token: TokenStatus;
  url: string;
  /** The app data folder whose record named it (its local keys live there). */
  dataDir: string;
  /** A token from it, with the CLI's own local key, sent over the connection that was proven. */
  fetchToken(cliKey: string): Promise<string>;
  /** Runs the connectivity test inside the proxy, with its token and settings. */
  testConnectivity(cliKey: string, providers: readonly Provider[]): Promise<ProbeResult[]>;
  /** A new one-time link to the app window this proxy's process serves (`serve --ui`), or null when it serves none. */
  uiLink(cliKey: string): Promise<string | null>;
  close(): Promise<void>;
}

/** What looking for the running proxy found. */
export type ProxyDiscovery =
  | { state: 'running'; proxy: RunningProxy }
  /** No proxy runs (no record, or the one that wrote it is gone and nothing listens on its port). */
  | { state: 'none'; dataDir: string }
  /** Something listens where the proxy should be and cannot prove it is this user's proxy. */
  | { state: 'unproven'; dataDir: string; port: number | null; reason: string };

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/** One request on the connection; the answer's body parsed as a JSON object ({} when it is not one). */
async function send(connection: LoopbackExchange, path: string, method: 'GET' | 'POST', headers: Record<string, string>, body: string | null, timeoutMs: number): Promise<Answer> {
  const answer = await connection.request(method, path, headers, body, timeoutMs);
  let parsed: Record<string, unknown> = {};
  try {
    const value: unknown = JSON.parse(answer.body.toString('utf8'));
    if (value && typeof value === 'object') parsed = value as Record<string, unknown>;
  } catch {
    // Not JSON: not our proxy, or a failure; the status says enough.
  }
  return { status: answer.status, body: parsed };
}

/** How long the listener has to answer the challenge. */
const CHALLENGE_TIMEOUT_MS = 2000;

/**
 * Looks for this user's running proxy in `dataDir` (the demo's with `demo`) and proves it; never sends a
 * secret before the proof. A record whose demo flag is not the one asked for is not that proxy: a demo's
 * token and port belong to the demo gateway, so a running demo is never taken for the real proxy.
 */
export async function findRunningProxy(dataDir: string, options: { demo?: boolean } = {}): Promise<ProxyDiscovery> {
  let record: ProxyRecord | null;
  try {
    record = readProxyRecord(appFiles(dataDir).proxyRecord);
  } catch (error) {
    return { state: 'unproven', dataDir, port: null, reason: `The running-proxy record cannot be trusted: ${(error as Error).message}` };
  }
  if (!record || record.demo !== (options.demo === true)) return { state: 'none', dataDir };
  // Nothing but this one connection is ever used with this proxy (see the file's comment).
  const connection = new LoopbackExchange(record.port);
  const nonce = newNonce();
  let answer: Answer;
  try {
    answer = await send(connection, '/_ai-gateway/status', 'GET', { [CHALLENGE_HEADER]: nonce }, null, CHALLENGE_TIMEOUT_MS);
  } catch (error) {
    connection.close();
    const code = (error as NodeJS.ErrnoException).code;
    // Nothing listens: the proxy that wrote the record is gone (killed, or the machine rebooted).
    if (code === 'ECONNREFUSED' || !processExists(record.pid)) return { state: 'none', dataDir };
    // Our own proxy may be busy (a long connectivity test, a paused process): no accusation, but no key either.
    if (code === 'ETIMEDOUT') return { state: 'unproven', dataDir, port: record.port, reason: await silentReason(record) };
    answer = { status: 0, body: {} };
  }
  if (answer.status !== 200 || !isValidProof(record, nonce, answer.body.proof) || answer.body.pid !== record.pid) {
    connection.close();
    return { state: 'unproven', dataDir, port: record.port, reason: await unprovenReason(record.port) };
  }
  const port = record.port;
  const proven = async (path: string, method: 'GET' | 'POST', cliKey: string, body: unknown, timeoutMs: number): Promise<Record<string, unknown>> => {
    let reply: Answer;
    try {
      reply = await send(connection, path, method, { authorization: `Bearer ${cliKey}` }, body === undefined ? null : JSON.stringify(body), timeoutMs);
    } catch (error) {
      throw lostConnectionError(port, error);
    }
    if (reply.status !== 200) {
      const error = reply.body.error as { message?: unknown } | undefined;
      throw new AppError('proxy_not_running', `The running proxy on port ${port} refused: ${typeof error?.message === 'string' ? error.message : `HTTP ${reply.status}`}`, { side: 'local' });
    }
    return reply.body;
  };
  return {
    state: 'running',
    proxy: {
      port,
      pid: record.pid,
      demo: record.demo,
      version: record.version,
      token: answer.body.token as TokenStatus,
      url: `http://127.0.0.1:${port}`,
      dataDir,
      async fetchToken(cliKey) {
        const body = await proven('/_ai-gateway/token', 'GET', cliKey, undefined, 20_000);
        if (typeof body.accessToken !== 'string') throw new AppError('token_response_invalid', 'The running proxy sent no token.', { side: 'local' });
        return body.accessToken;
      },
      async testConnectivity(cliKey, providers) {
        return (await proven('/_ai-gateway/test', 'POST', cliKey, { providers }, 120_000)).results as ProbeResult[];
      },
      async uiLink(cliKey) {
        const { url } = await proven('/_ai-gateway/ui-link', 'POST', cliKey, undefined, 5_000);
        if (url === null) return null;
        // Only a loopback http URL is ever printed: a proven proxy sends nothing else, and a terminal is no place to find out.
        if (typeof url !== 'string' || !url.startsWith(`http://127.0.0.1:`)) throw new AppError('proxy_not_running', 'The running proxy sent no usable link to the app window.', { side: 'local' });
        return url;
      },
      close: async () => connection.close(),
    },
  };
}

/**
 * The error for an exchange with a proven proxy that failed. The connection the proof came on is the only
 * one a secret may travel on, so a closed one is never replaced: the command fails and says to try again.
 */
function lostConnectionError(port: number, error: unknown): AppError {
  const code = (error as { code?: unknown }).code;
  const what =
    code === 'ETIMEDOUT'
      ? 'did not answer in time'
      : code === 'EPROTO' || code === 'EMSGSIZE'
        ? `sent an answer the command cannot read (${(error as Error).message})`
        : 'closed the connection it proved itself on';
  return new AppError('proxy_not_running', `The running proxy on port ${port} ${what}; no other connection was tried. Try again; if it keeps happening, restart \`ai-gateway serve\` (or the app).`, { side: 'local', cause: error });
}

/** Why a listener was not trusted, naming who holds the port as far as this system tells. */
async function unprovenReason(port: number): Promise<string> {
  // Loaded only on this (rare) path: it reads /proc and /etc/passwd.
  const { describePortOwner, portOwner } = await import('../core/net/port-owner.js');
  return notYoursReason(port, describePortOwner(await portOwner(port)));
}

function notYoursReason(port: number, who: string): string {
  return `The listener on 127.0.0.1:${port} is not your ai-gateway proxy: it could not answer the proof only your proxy can give (it is ${who}). Nothing secret was sent to it. Stop it, or start \`ai-gateway serve\` on another port (--port N).`;
}

/**
 * Why a listener that took the connection but did not answer the challenge in time was not used. Only one
 * the system shows to be another user's is called "not your proxy": a busy or paused proxy of ours is not
 * accused of being someone else.
 */
async function silentReason(record: ProxyRecord): Promise<string> {
  const { describePortOwner, portOwner } = await import('../core/net/port-owner.js');
  const owner = await portOwner(record.port);
  if (owner.mine === false) return notYoursReason(record.port, describePortOwner(owner));
  return `The proxy on 127.0.0.1:${record.port} (pid ${record.pid}) did not answer in time (${CHALLENGE_TIMEOUT_MS / 1000} s): it may be busy or paused. Nothing secret was sent to it. Try again; if it keeps happening, restart \`ai-gateway serve\` (or the app).`;
}

/** The error a command raises when the listener cannot prove itself: loud, naming who and what to do. */
export function unprovenError(found: Extract<ProxyDiscovery, { state: 'unproven' }>): AppError {
  return new AppError('proxy_unproven', found.reason, { side: 'local' });
}

/** The CLI's own local key in `dataDir` (the real app's or the demo's); read only when a proven proxy asks for it. */
export function cliKeyIn(dataDir: string): () => Promise<string> {
  return () => new LocalKeyStore(appFiles(dataDir).localKeys).keyFor(CLI_KEY_OWNER);
}

/**
 * A token from this user's proxy running with data folder `dataDir` (a demo's with `demo`), or null when
 * none runs; sent for the CLI's local key there unless `cliKey` says otherwise. Throws (`proxy_unproven`)
 * when a listener is there but cannot prove itself: nothing is sent to it then.
 */
export async function tokenFromRunningProxy(dataDir: string, options: { demo?: boolean; cliKey?: () => Promise<string> } = {}): Promise<string | null> {
  const found = await findRunningProxy(dataDir, { demo: options.demo === true });
  if (found.state === 'unproven') throw unprovenError(found);
  if (found.state === 'none') return null;
  try {
    return await found.proxy.fetchToken(await (options.cliKey ?? cliKeyIn(dataDir))());
  } finally {
    await found.proxy.close();
  }
}
