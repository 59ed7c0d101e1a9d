/** Talks to an `ai-gateway serve` (or the desktop app) already running on this machine. */
import { request } from 'undici';
import type { TokenStatus } from '../contract/api.js';

/** What a running proxy says about itself. */
export interface RunningStatus {
  service: 'ai-gateway';
  version: string;
  demo: boolean;
  token: TokenStatus;
}

/** The running proxy's status on `port`, or null when nothing (or something else) listens there. */
export async function runningProxyStatus(port: number): Promise<RunningStatus | null> {
  try {
    const reply = await request(`http://127.0.0.1:${port}/_ai-gateway/status`, { headersTimeout: 2000, bodyTimeout: 2000 });
    if (reply.statusCode !== 200) {
      await reply.body.dump();
      return null;
    }
    const body = (await reply.body.json()) as Partial<RunningStatus>;
    return body.service === 'ai-gateway' ? (body as RunningStatus) : null;
  } catch {
    return null;
  }
}

/** A token from the running proxy, using the CLI's own local key; null if none runs. */
export async function tokenFromRunningProxy(port: number, cliKey: string): Promise<string | null> {
  try {
    const reply = await request(`http://127.0.0.1:${port}/_ai-gateway/token`, { headers: { authorization: `Bearer ${cliKey}` }, headersTimeout: 20_000, bodyTimeout: 5000 });
    if (reply.statusCode !== 200) {
      await reply.body.dump();
      return null;
    }
    const body = (await reply.body.json()) as { accessToken?: unknown };
    return typeof body.accessToken === 'string' ? body.accessToken : null;
  } catch {
    return null;
  }
}
