/**
 * The connectivity test: per provider one tiny Chat Completions request through the gateway, then the
 * same request streamed (every agent streams), each with a diagnosis that names the cause and its fix.
 */
import type { Diagnosis, ProbeResult, ProviderOptions, StreamCheck } from '../../contract/api.js';
import { PROVIDERS, type Provider } from '../../contract/providers.js';
import { missingProviderOption, PROVIDER_OPTION_ENV } from '../config/provider-options.js';
import { AppError } from '../errors.js';
import { explainGatewayError } from '../proxy/errors/explain.js';
import { sendToGateway, type GatewayReply, type GatewayTarget, type TokenSource } from '../proxy/gateway-client.js';
import { clause } from '../text/clause.js';

/** What a probe needs. */
export interface ProbeDeps {
  target: GatewayTarget | null;
  tokens: TokenSource;
  models: Record<Provider, string>;
  /** The user's provider options, to name what is missing when a provider fails. */
  providerOptions?: ProviderOptions;
  timeoutMs?: number;
}

const FIXES: Record<Diagnosis, string | null> = {
  ok: null,
  settings_missing: 'Fill in the gateway values (`ai-gateway login` or the app\'s first-run screen).',
  credentials_rejected: 'Check GATEWAY_CLIENT_ID and GATEWAY_CLIENT_SECRET with the gateway operators, then log in again.',
  token_endpoint_unreachable: 'Check GATEWAY_TOKEN_ENDPOINT, your network or VPN, and HTTPS_PROXY / NO_PROXY.',
  token_rejected: 'The gateway\'s load balancer refused a fresh token: check GATEWAY_TOKEN_ENDPOINT and GATEWAY_SCOPE, and ask the gateway operators whether this client ID may use the gateway.',
  provider_not_set: 'The gateway did not see x-portkey-provider: a proxy between you and the gateway may strip headers.',
  model_unknown: 'Set a test model this gateway knows for the provider (settings, or `testModels` in settings.json).',
  gateway_unreachable: 'Check GATEWAY_URL, your network or VPN, and HTTPS_PROXY / NO_PROXY.',
  gateway_error: 'The gateway or the provider failed: try again later, and tell the gateway operators if it persists.',
  tls_untrusted: 'Trust your company\'s CA: set NODE_EXTRA_CA_CERTS=/path/to/ca.pem or the "CA file" setting.',
  timeout: 'The gateway did not answer in time: check your network or VPN and try again.',
  provider_options_missing: null, // The message names the option and where to set it.
  provider_key_rejected: `The provider key is configured at the gateway, not here: ask the gateway operators to set it (a Portkey config or virtual key). If they give you a config id or virtual key, set it as x-portkey-config / x-portkey-virtual-key in Settings > Provider options or ${PROVIDER_OPTION_ENV.headers}.`,
  provider_unreachable: 'Portkey cannot reach the provider: tell the gateway operators (the provider is down, or the gateway\'s network or custom host is wrong).',
  streaming_broken: 'Plain requests work but streamed ones fail, and every coding agent streams: tell the gateway operators (for Portkey 1.15, a hono/@hono/node-server version mismatch breaks every stream).',
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

const BY_CAUSE: Partial<Record<ReturnType<typeof explainGatewayError>['cause'], Diagnosis>> = {
  token_rejected: 'token_rejected',
  provider_not_set: 'provider_not_set',
  provider_options_missing: 'provider_options_missing',
  provider_unreachable: 'provider_unreachable',
  provider_key_rejected: 'provider_key_rejected',
  model_unknown: 'model_unknown',
};

function diagnoseReply(provider: Provider, reply: GatewayReply, body: string, missing: string | null): { diagnosis: Diagnosis; message: string } {
  const status = reply.status;
  if (status >= 200 && status < 300) return { diagnosis: 'ok', message: `Answered HTTP ${status}.` };
  // A failure while a required option is unset is that option's fault, whatever the gateway said.
  if (missing) return { diagnosis: 'provider_options_missing', message: missing };
  if (/provider is not set/i.test(body)) return { diagnosis: 'provider_not_set', message: `The gateway says the provider is not set (HTTP ${status}).` };
  const explained = explainGatewayError({ status, headers: reply.headers, body, provider, pathname: '/v1/chat/completions', refresh: reply.refresh });
  const byCause = BY_CAUSE[explained.cause];
  // The fix is the test model setting, so say it is the test model the gateway does not know.
  if (byCause === 'model_unknown') return { diagnosis: byCause, message: `The gateway does not know the test model (HTTP ${status}). ${explained.message}` };
  if (byCause) return { diagnosis: byCause, message: explained.message };
  if (status === 404) return { diagnosis: 'model_unknown', message: `The gateway does not know the test model (HTTP ${status}): ${explained.message}` };
  if (status === 408 || status === 504) return { diagnosis: 'timeout', message: `The gateway timed out (HTTP ${status}).` };
  return { diagnosis: 'gateway_error', message: explained.message };
}

/** Reads a streamed Chat Completions answer and says whether it is one an SDK can use. */
function checkStream(provider: Provider, reply: GatewayReply, body: string): StreamCheck {
  if (reply.status < 200 || reply.status >= 300) {
    const explained = explainGatewayError({ status: reply.status, headers: reply.headers, body, provider, pathname: '/v1/chat/completions', refresh: reply.refresh });
    return { ok: false, status: reply.status, message: `The streamed request failed: ${explained.message}` };
  }
  const type = String(reply.headers['content-type'] ?? '');
  if (!type.includes('text/event-stream')) return { ok: false, status: reply.status, message: `The streamed request was answered with ${type || 'no content type'}, not an event stream.` };
  const events = body.split(/\r?\n/).filter((line) => line.startsWith('data:')).map((line) => line.slice(5).trim());
  const failed = events.find((data) => data.startsWith('{') && /"error"\s*:/.test(data));
  if (failed) return { ok: false, status: reply.status, message: `The stream carried an error: ${failed.slice(0, 300)}` };
  if (!events.some((data) => data.startsWith('{') && data.includes('"choices"'))) return { ok: false, status: reply.status, message: 'The stream ended without a single Chat Completions chunk.' };
  return { ok: true, status: reply.status, message: `Streamed HTTP ${reply.status}, ${events.length} events.` };
}

/** Probes one provider: the plain request, then (when it worked) the streamed one. */
export async function probeProvider(provider: Provider, deps: ProbeDeps): Promise<ProbeResult> {
  const model = deps.models[provider];
  const started = performance.now();
  const missing = deps.providerOptions ? missingProviderOption(deps.providerOptions, provider, model) : null;
  const result = (status: number | null, found: { diagnosis: Diagnosis; message: string }, latency: number | null, streaming?: StreamCheck): ProbeResult => ({
    provider,
    model,
    ok: found.diagnosis === 'ok',
    status,
    latencyMs: latency,
    diagnosis: found.diagnosis,
    message: found.message,
    fix: found.diagnosis === 'provider_options_missing' ? (missing ?? found.message) : FIXES[found.diagnosis],
    ...(streaming ? { streaming } : {}),
  });
  if (!deps.target) return result(null, { diagnosis: 'settings_missing', message: 'The gateway is not configured.' }, null);
  const send = (stream: boolean) =>
    sendToGateway(deps.target!, deps.tokens, {
      method: 'POST',
      provider,
      path: '/v1/chat/completions',
      headers: { 'content-type': 'application/json', accept: stream ? 'text/event-stream' : 'application/json', 'user-agent': 'ai-gateway-connectivity-test' },
      body: Buffer.from(JSON.stringify({ model, messages: [{ role: 'user', content: 'Reply with the word: pong' }], max_tokens: 5, stream })),
      signal: AbortSignal.timeout(deps.timeoutMs ?? 30_000),
    });
  let plain: ProbeResult;
  try {
    const reply = await send(false);
    const text = (await reply.body.text()).slice(0, 4000);
    plain = result(reply.status, diagnoseReply(provider, reply, text, missing), Math.round(performance.now() - started));
  } catch (error) {
    return result(null, diagnoseError(error), null);
  }
  if (!plain.ok) return plain;
  let streaming: StreamCheck;
  try {
    const reply = await send(true);
    streaming = checkStream(provider, reply, (await reply.body.text()).slice(0, 64 * 1024));
  } catch (error) {
    streaming = { ok: false, status: null, message: `The streamed request failed: ${error instanceof AppError ? clause(error.message) : 'the stream broke off before it ended'}.` };
  }
  if (streaming.ok) return { ...plain, streaming };
  return result(plain.status, { diagnosis: 'streaming_broken', message: `Plain requests work, streaming is broken. ${streaming.message}` }, plain.latencyMs, streaming);
}

/** Probes the given providers (all by default) side by side. */
export function probeAll(deps: ProbeDeps, providers: readonly Provider[] = PROVIDERS): Promise<ProbeResult[]> {
  return Promise.all(providers.map((p) => probeProvider(p, deps)));
}

