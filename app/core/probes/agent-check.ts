/** The doctor's live check: one real request with the agent's own key and base URL through the running proxy. */
import { request } from 'undici';
import type { AgentId, DoctorCheck } from '../../contract/api.js';
import { isProvider, type Provider } from '../../contract/providers.js';

/** The endpoint an agent's config uses (from AgentService.configuredEndpoint). */
export interface AgentEndpoint {
  baseUrl: string;
  key: string | null;
  format: 'anthropic-messages' | 'chat-completions' | 'responses';
}

/** Builds the tiny request each format needs. */
function probeRequest(endpoint: AgentEndpoint, model: string): { url: string; headers: Record<string, string>; body: string } {
  const base = endpoint.baseUrl.replace(/\/+$/, '');
  const auth: Record<string, string> = endpoint.key ? { authorization: `Bearer ${endpoint.key}` } : {};
  if (endpoint.format === 'anthropic-messages') {
    return { url: `${base}/v1/messages`, headers: { ...auth, 'anthropic-version': '2023-06-01' }, body: JSON.stringify({ model, max_tokens: 5, messages: [{ role: 'user', content: 'Reply with: pong' }] }) };
  }
  if (endpoint.format === 'responses') {
    return { url: `${base}/responses`, headers: auth, body: JSON.stringify({ model, input: 'Reply with: pong', max_output_tokens: 16, stream: false }) };
  }
  return { url: `${base}/chat/completions`, headers: auth, body: JSON.stringify({ model, max_tokens: 5, messages: [{ role: 'user', content: 'Reply with: pong' }] }) };
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

/** Sends one request as the agent would and reports the outcome with its fix. */
export async function checkAgentLive(agent: AgentId, endpoint: AgentEndpoint | null, models: Record<Provider, string>, proxyUrl: string): Promise<DoctorCheck> {
  const name = 'A real request with the agent\'s key through the proxy';
  if (!endpoint) return { name, ok: false, message: 'The agent is not set up.', fix: `Run \`ai-gateway setup ${agent}\`.` };
  if (!endpoint.baseUrl.startsWith(proxyUrl)) {
    return { name, ok: true, message: `Direct mode (${endpoint.baseUrl}): the agent talks to the gateway itself; checked with \`ai-gateway test\` instead.`, fix: null };
  }
  const provider = providerOf(endpoint.baseUrl) ?? 'openai';
  const probe = probeRequest(endpoint, models[provider]);
  try {
    const reply = await request(probe.url, { method: 'POST', headers: { 'content-type': 'application/json', ...probe.headers }, body: probe.body, headersTimeout: 60_000, bodyTimeout: 60_000 });
    const text = await reply.body.text();
    if (reply.statusCode >= 200 && reply.statusCode < 300) return { name, ok: true, message: `The gateway answered through the proxy (HTTP ${reply.statusCode}).`, fix: null };
    let message = `HTTP ${reply.statusCode}`;
    try {
      const parsed = JSON.parse(text) as { error?: { message?: string } | string };
      message += `: ${typeof parsed.error === 'string' ? parsed.error : (parsed.error?.message ?? '')}`;
    } catch {
      // Not JSON: the status says enough.
    }
    const fix = reply.statusCode === 401 ? `The agent's key is stale: run \`ai-gateway setup ${agent} --yes\` again.` : 'Run `ai-gateway test` to see which side fails.';
    return { name, ok: false, message, fix };
  } catch {
    return { name, ok: false, message: `The proxy at ${proxyUrl} does not answer.`, fix: 'Start it: `ai-gateway serve` (or open the desktop app).' };
  }
}
