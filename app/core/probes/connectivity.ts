/** The connectivity test: one tiny Chat Completions request per provider through the gateway, with a diagnosis and its fix. */
import type { Diagnosis, ProbeResult } from '../../contract/api.js';
import { PROVIDERS, type Provider } from '../../contract/providers.js';
import { AppError } from '../errors.js';
import { sendToGateway, type GatewayTarget, type TokenSource } from '../proxy/gateway-client.js';

/** What a probe needs. */
export interface ProbeDeps {
  target: GatewayTarget | null;
  tokens: TokenSource;
  models: Record<Provider, string>;
  timeoutMs?: number;
}

const FIXES: Record<Diagnosis, string | null> = {
  ok: null,
  settings_missing: 'Fill in the gateway values (`ai-gateway login` or the app\'s first-run screen).',
  credentials_rejected: 'Check GATEWAY_CLIENT_ID and GATEWAY_CLIENT_SECRET with the gateway operators, then log in again.',
  token_endpoint_unreachable: 'Check GATEWAY_TOKEN_ENDPOINT, your network or VPN, and HTTPS_PROXY / NO_PROXY.',
  token_rejected: 'The gateway refused a fresh token: ask the gateway operators whether this client ID may use the gateway.',
  provider_not_set: 'The gateway did not see x-portkey-provider: a proxy between you and the gateway may strip headers.',
  model_unknown: 'Set a test model this gateway knows for the provider (settings, or `testModels` in settings.json).',
  gateway_unreachable: 'Check GATEWAY_URL, your network or VPN, and HTTPS_PROXY / NO_PROXY.',
  gateway_error: 'The gateway or the provider failed: try again later, and tell the gateway operators if it persists.',
  tls_untrusted: 'Trust your company\'s CA: set NODE_EXTRA_CA_CERTS=/path/to/ca.pem or the "CA file" setting.',
  timeout: 'The gateway did not answer in time: check your network or VPN and try again.',
};

function diagnoseError(error: unknown): { diagnosis: Diagnosis; message: string } {
  if (!(error instanceof AppError)) return { diagnosis: 'gateway_error', message: 'Unexpected failure. See `ai-gateway logs`.' };
  const byCode: Partial<Record<AppError['code'], Diagnosis>> = {
    settings_missing: 'settings_missing',
    settings_invalid: 'settings_missing',
    credentials_rejected: 'credentials_rejected',
    token_endpoint_unreachable: 'token_endpoint_unreachable',
    token_endpoint_error: 'token_endpoint_unreachable',
    token_endpoint_timeout: 'timeout',
    token_response_invalid: 'token_endpoint_unreachable',
    tls_untrusted: 'tls_untrusted',
    gateway_unreachable: 'gateway_unreachable',
    gateway_timeout: 'timeout',
  };
  return { diagnosis: byCode[error.code] ?? 'gateway_error', message: error.message };
}

function diagnoseReply(status: number, body: string): { diagnosis: Diagnosis; message: string } {
  if (status >= 200 && status < 300) return { diagnosis: 'ok', message: `Answered HTTP ${status}.` };
  if (status === 401 || status === 403) return { diagnosis: 'token_rejected', message: `The gateway refused the token (HTTP ${status}) even after a refresh.` };
  if (/provider is not set|x-portkey-provider/i.test(body)) return { diagnosis: 'provider_not_set', message: `The gateway says the provider is not set (HTTP ${status}).` };
  if (status === 404 || /model/i.test(body)) return { diagnosis: 'model_unknown', message: `The gateway does not know the test model (HTTP ${status}).` };
  if (status === 408 || status === 504) return { diagnosis: 'timeout', message: `The gateway timed out (HTTP ${status}).` };
  return { diagnosis: 'gateway_error', message: `The gateway answered HTTP ${status}.` };
}

/** Probes one provider. */
export async function probeProvider(provider: Provider, deps: ProbeDeps): Promise<ProbeResult> {
  const model = deps.models[provider];
  const started = performance.now();
  const result = (status: number | null, found: { diagnosis: Diagnosis; message: string }, latency: number | null): ProbeResult => ({
    provider,
    model,
    ok: found.diagnosis === 'ok',
    status,
    latencyMs: latency,
    diagnosis: found.diagnosis,
    message: found.message,
    fix: FIXES[found.diagnosis],
  });
  if (!deps.target) return result(null, { diagnosis: 'settings_missing', message: 'The gateway is not configured.' }, null);
  const body = Buffer.from(JSON.stringify({ model, messages: [{ role: 'user', content: 'Reply with the word: pong' }], max_tokens: 5, stream: false }));
  try {
    const reply = await sendToGateway(deps.target, deps.tokens, {
      method: 'POST',
      provider,
      path: '/v1/chat/completions',
      headers: { 'content-type': 'application/json', 'user-agent': 'ai-gateway-connectivity-test' },
      body,
      signal: AbortSignal.timeout(deps.timeoutMs ?? 30_000),
    });
    const text = (await reply.body.text()).slice(0, 2000);
    return result(reply.status, diagnoseReply(reply.status, text), Math.round(performance.now() - started));
  } catch (error) {
    return result(null, diagnoseError(error), null);
  }
}

/** Probes the given providers (all by default) side by side. */
export function probeAll(deps: ProbeDeps, providers: readonly Provider[] = PROVIDERS): Promise<ProbeResult[]> {
  return Promise.all(providers.map((p) => probeProvider(p, deps)));
}
