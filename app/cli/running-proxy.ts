/** Talks to an `ai-gateway serve` (or the desktop app) already running on this machine. */
import type { TokenStatus } from '../contract/api.js';
import { getLoopbackJson } from './loopback-json.js';

/** What a running proxy says about itself. */
export interface RunningStatus {
  service: 'ai-gateway';
  version: string;
  demo: boolean;
  token: TokenStatus;
}

/** The running proxy's status on `port`, or null when nothing (or something else) listens there. */
export async function runningProxyStatus(port: number): Promise<RunningStatus | null> {
  const body = (await getLoopbackJson(port, '/_ai-gateway/status')) as Partial<RunningStatus> | null;
  return body?.service === 'ai-gateway' ? (body as RunningStatus) : null;
}

/** A token from the running proxy, using the CLI's own local key; null if none runs. */
export async function tokenFromRunningProxy(port: number, cliKey: string): Promise<string | null> {
  const body = (await getLoopbackJson(port, '/_ai-gateway/token', { authorization: `Bearer ${cliKey}` }, 20_000)) as { accessToken?: unknown } | null;
  return typeof body?.accessToken === 'string' ? body.accessToken : null;
}
