/**
 * Sample requests for the demo, so its activity list fills without an agent set up: one through each
 * provider at start, then one every `intervalMs`, sent through the real proxy with a key of their own.
 */
import { request } from 'undici';
import { PROVIDERS } from '../../contract/providers.js';

/** The key owner the activity list shows for these requests. */
export const DEMO_TRAFFIC_OWNER = 'demo-sample';

/** Starts the sample traffic; returns a function that stops it. */
export function startDemoTraffic(proxyUrl: string, key: string, models: Record<string, string>, intervalMs = 15_000): () => void {
  let turn = 0;
  const sendOne = () => {
    const provider = PROVIDERS[turn++ % PROVIDERS.length]!;
    const anthropic = provider === 'anthropic';
    const body = anthropic
      ? { model: models[provider], max_tokens: 64, stream: true, messages: [{ role: 'user', content: 'Say hello from the demo.' }] }
      : { model: models[provider], stream: turn % 2 === 0, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'Say hello from the demo.' }] };
    request(`${proxyUrl}/${provider}/v1/${anthropic ? 'messages' : 'chat/completions'}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, 'user-agent': 'ai-gateway-demo-sample' },
      body: JSON.stringify(body),
    })
      .then((reply) => reply.body.dump())
      .catch(() => undefined); // A sample that fails shows up in the activity list, which is the point.
  };
  PROVIDERS.forEach(sendOne);
  const timer = setInterval(sendOne, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
