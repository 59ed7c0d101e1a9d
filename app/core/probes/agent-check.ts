/** The doctor's live check: real requests with the agent's own key and base URL through the running proxy, plain, then streamed. */
import { request } from 'undici';
import type { AgentId, DoctorCheck } from '../../contract/api.js';
import { isProvider, type Provider } from '../../contract/providers.js';

/** The endpoint an agent's config uses (from AgentService.configuredEndpoint). */
export interface AgentEndpoint {
  baseUrl: string;
  key: string | null;
  format: 'anthropic-messages' | 'chat-completions' | 'responses';
}

/** Builds the tiny request each format needs, whole or streamed. */
function probeRequest(endpoint: AgentEndpoint, model: string, stream = false): { url: string; headers: Record<string, string>; body: string } {
  const base = endpoint.baseUrl.replace(/\/+$/, '');
  const auth: Record<string, string> = endpoint.key ? { authorization: `Bearer ${endpoint.key}` } : {};
  if (endpoint.format === 'anthropic-messages') {
    return { url: `${base}/v1/messages`, headers: { ...auth, 'anthropic-version': '2023-06-01' }, body: JSON.stringify({ model, max_tokens: 5, messages: [{ role: 'user', content: 'Reply with: pong' }], stream }) };
  }
  if (endpoint.format === 'responses') {
    return { url: `${base}/responses`, headers: auth, body: JSON.stringify({ model, input: 'Reply with: pong', max_output_tokens: 16, stream }) };
  }
  return { url: `${base}/chat/completions`, headers: auth, body: JSON.stringify({ model, max_tokens: 5, messages: [{ role: 'user', content: 'Reply with: pong' }], stream }) };
}

/** The event that ends a healthy stream in each format. */
const STREAM_END: Record<AgentEndpoint['format'], RegExp> = {
  'anthropic-messages': /event: message_stop/,
  responses: /response\.completed/,
  'chat-completions': /data: \[DONE\]|"finish_reason"\s*:\s*"/,
};

/** Why a streamed answer is not one the agent can use, or null when it is. */
function streamProblem(format: AgentEndpoint['format'], status: number, text: string): string | null {
  if (status < 200 || status >= 300) return `HTTP ${status}${errorMessage(text)}`;
  const error = /(?:^|\n)event: error\ndata: (.+)|(?:^|\n)data: (\{"error".+)/.exec(text);
  if (error) return `the stream ended in an error${errorMessage(error[1] ?? error[2] ?? '')}`;
  return STREAM_END[format].test(text) ? null : 'the stream ended before its last event';
}

/** `: <message>` from an error body in either shape, or ''. */
function errorMessage(text: string): string {
  try {
    const parsed = JSON.parse(text) as { error?: { message?: string } | string };
    const message = typeof parsed.error === 'string' ? parsed.error : (parsed.error?.message ?? '');
    return message ? `: ${message}` : '';
  } catch {
    return '';
  }
}

/** The provider prefix in a proxy base URL such as http://127.0.0.1:8484/openai/v1. */
export function providerOf(baseUrl: string): Provider | null {
  try {
    const first = new URL(baseUrl).pathname.split('/')[1] ?? '';
    return isProvider(first) ? first : null;
  } catch {
    return null;
  }
}

/** The live check's name (the CLI leaves the check out when it knows no proxy runs). */
export const LIVE_CHECK_NAME = 'Real requests with the agent\'s key through the proxy, plain and streamed';

/** Sends one request as the agent would and reports the outcome with its fix. */
export async function checkAgentLive(agent: AgentId, endpoint: AgentEndpoint | null, models: Record<Provider, string>, proxyUrl: string): Promise<DoctorCheck> {
  const name = LIVE_CHECK_NAME;
  if (!endpoint) return { name, ok: false, message: 'The agent is not set up.', fix: `Run \`ai-gateway setup ${agent}\`.` };
  if (!endpoint.baseUrl.startsWith(proxyUrl)) {
    return { name, ok: true, message: `Direct mode (${endpoint.baseUrl}): the agent talks to the gateway itself; checked with \`ai-gateway test\` instead.`, fix: null };
  }
  const provider = providerOf(endpoint.baseUrl) ?? 'openai';
  const probe = probeRequest(endpoint, models[provider]);
  try {
    const reply = await request(probe.url, { method: 'POST', headers: { 'content-type': 'application/json', ...probe.headers }, body: probe.body, headersTimeout: 60_000, bodyTimeout: 60_000 });
    const text = await reply.body.text();
    if (reply.statusCode < 200 || reply.statusCode >= 300) {
      const message = `HTTP ${reply.statusCode}${errorMessage(text)}`;
      const local = /local key/.test(message);
      const fix = reply.statusCode === 401 && local ? `The agent's key is stale: run \`ai-gateway setup ${agent} --yes\` again.` : 'Run `ai-gateway test` to see which side fails.';
      return { name, ok: false, message, fix };
    }
    const streamed = probeRequest(endpoint, models[provider], true);
    const streamReply = await request(streamed.url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...streamed.headers }, body: streamed.body, headersTimeout: 60_000, bodyTimeout: 60_000 });
    const problem = streamProblem(endpoint.format, streamReply.statusCode, await streamReply.body.text().catch(() => ''));
    if (problem) {
      return { name, ok: false, message: `Plain request ok (HTTP ${reply.statusCode}); streaming broken: ${problem}.`, fix: 'Every agent streams, so it fails: run `ai-gateway test` to see which side breaks streams, and tell the gateway team.' };
    }
    return { name, ok: true, message: `The gateway answered through the proxy, plain (HTTP ${reply.statusCode}) and streamed.`, fix: null };
  } catch {
    return { name, ok: false, message: `The proxy at ${proxyUrl} does not answer.`, fix: 'Start it: `ai-gateway serve` (or open the desktop app).' };
  }
}
