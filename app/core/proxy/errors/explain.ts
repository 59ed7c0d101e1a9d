/**
 * Turns what the gateway answered on failure into one error that names the real cause and who can
 * fix it: the load balancer refusing the token, Portkey's own failure, a provider Portkey cannot reach
 * or whose key is missing at the gateway, a provider rate limit... The caller's shape comes after.
 */
import type { Provider } from '../../../contract/providers.js';
import { redact } from '../../log/redact.js';
import { isObject, parseJson, str } from '../responses/json.js';
import type { CallerError } from './caller-shape.js';
import { hasPortkeyHeaders, isHtml, relayedProvider, serverName, type ReplyHeaders } from './origin.js';

/** A failed gateway answer, body read (a few KiB at most). */
export interface FailedAnswer {
  status: number;
  headers: ReplyHeaders;
  body: string;
  provider: Provider;
  /** The path after the provider prefix, e.g. /v1/messages. */
  pathname: string;
  /** For a 401: whether a fresh token was tried ('replayed'), or none was requested because one was just issued ('bounded'). */
  refresh?: 'replayed' | 'bounded' | null;
}

/** What the explanation found, for our tools and the log: a stable cause on top of the caller's error. */
export interface ExplainedError extends CallerError {
  cause: GatewayCause;
}

/** The causes told apart; README "What the errors mean" lists them. */
export type GatewayCause =
  | 'token_rejected'
  | 'load_balancer_error'
  | 'portkey_failure'
  | 'provider_not_set'
  | 'provider_options_missing'
  | 'route_not_served'
  | 'provider_unreachable'
  | 'provider_key_rejected'
  | 'provider_rate_limited'
  | 'provider_overloaded'
  | 'provider_error'
  | 'request_rejected'
  | 'model_unknown'
  | 'gateway_error';

const UNREACHABLE = /fetch failed|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|EHOSTUNREACH|ENETUNREACH|socket hang up|UND_ERR_CONNECT/i;
const NOT_SUPPORTED = /not supported|createModelResponse|is not implemented|unsupported/i;
const KEY_PROBLEM = /api[ _-]?key|x-api-key|authentication|unauthori[sz]ed|invalid.*key|incorrect.*key|no auth|credential/i;

/** Where a user sets the Azure options, for the messages that need one. */
export const AZURE_OPTION_HINTS = {
  resourceName: 'the Azure resource name: set GATEWAY_AZURE_RESOURCE_NAME, `ai-gateway login --azure-resource NAME`, or Settings > Provider options',
  deploymentId: 'the Azure deployment: set GATEWAY_AZURE_DEPLOYMENT_ID (or GATEWAY_AZURE_DEPLOYMENTS model=deployment,...), `ai-gateway login --azure-deployment ID`, or Settings > Provider options',
  apiVersion: 'the Azure API version: set GATEWAY_AZURE_API_VERSION, `ai-gateway login --azure-api-version VERSION`, or Settings > Provider options',
} as const;

/** The error text inside whatever JSON the gateway sent, unwrapping Portkey's `html-message` and `Invalid response received from X: {...}`. */
function innerText(body: string): { text: string; type?: string; code?: string; param?: string } {
  const parsed = parseJson(body);
  if (!isObject(parsed)) return { text: body.trim().slice(0, 1000) };
  const html = str(parsed['html-message']);
  if (html) return { text: html };
  const inner = parsed.error;
  if (isObject(inner)) {
    const code = inner.code;
    return {
      text: str(inner.message) ?? JSON.stringify(inner).slice(0, 1000),
      type: str(inner.type),
      code: typeof code === 'string' ? code : typeof code === 'number' ? String(code) : undefined,
      param: str(inner.param),
    };
  }
  if (typeof inner === 'string') return { text: inner };
  return { text: str(parsed.message) ?? str(parsed.detail) ?? body.trim().slice(0, 1000) };
}

/** A short, redacted quote of what the gateway said, for the message (the whole answer goes to the log). */
function quote(text: string): string {
  const flat = redact(text.replace(/\s+/g, ' ').trim());
  return flat.length > 300 ? `${flat.slice(0, 300)}...` : flat;
}

function retryHint(headers: ReplyHeaders): string {
  const after = headers['retry-after'];
  return typeof after === 'string' && after !== '' ? ` (retry-after: ${after} s)` : '';
}

/** Explains one failed gateway answer. */
export function explainGatewayError(answer: FailedAnswer): ExplainedError {
  const { status, headers, body, provider, pathname } = answer;
  const html = isHtml(headers, body);
  const fromPortkey = hasPortkeyHeaders(headers);
  const relayed = relayedProvider(body);
  const inner = html ? { text: '' } : innerText(body);
  const said = inner.text ? `: ${quote(inner.text)}` : '';
  const parsed = html ? undefined : parseJson(body);
  const portkeyFailure = isObject(parsed) && parsed.status === 'failure';
  const htmlMessage = isObject(parsed) && typeof parsed['html-message'] === 'string';
  const base = { status, type: inner.type, param: inner.param ?? null };
  const err = (cause: GatewayCause, side: CallerError['side'], message: string, code: string | null = inner.code ?? cause, type = base.type): ExplainedError => ({ ...base, type, cause, side, message, code });

  // The load balancer (or whatever is in front of Portkey) answered itself: no Portkey marks on it.
  if (!fromPortkey && !relayed && !portkeyFailure && !htmlMessage) {
    if (status === 401 || (status === 403 && html)) {
      const tried =
        answer.refresh === 'bounded'
          ? 'A fresh token was already requested less than 30 s ago, so none was requested again.'
          : answer.refresh === 'replayed'
            ? 'A fresh token was requested and refused too.'
            : '';
      return err(
        'token_rejected',
        'gateway',
        `The gateway's load balancer rejected the company token (HTTP ${status}). ${tried} The token endpoint issues tokens this gateway does not accept: check GATEWAY_TOKEN_ENDPOINT and GATEWAY_SCOPE, and ask the gateway team whether this client ID may use the gateway.`.replace(/\s+/g, ' '),
        'token_rejected',
      );
    }
    if (html) {
      const server = serverName(headers);
      return err(
        'load_balancer_error',
        'gateway',
        `The gateway's load balancer${server ? ` (${server})` : ''} answered HTTP ${status} with an error page: Portkey behind it is down, restarting or not answering in time. Retry in a moment; if it persists, tell the gateway team.`,
        'load_balancer_error',
      );
    }
  }

  if (htmlMessage || (relayed && UNREACHABLE.test(inner.text))) {
    // Portkey answers a provider call that failed with a bare 500, which is not passed on: Codex hides the body of any
    // 500 behind "high demand" and retries, but shows a 502's or 503's; the SDKs retry all three alike. The log keeps the 500.
    const instead = (honest: number) => (status === 500 ? honest : status);
    if (provider === 'azure-openai' && /undefined\.openai\.azure\.com|deployments\/undefined/.test(inner.text)) {
      const what = /undefined\.openai\.azure\.com/.test(inner.text) ? AZURE_OPTION_HINTS.resourceName : AZURE_OPTION_HINTS.deploymentId;
      // A setting missing on this computer: 503, as the proxy answers its own settings errors.
      const explained = err('provider_options_missing', 'local', `Portkey called Azure with "undefined" in the URL because azure-openai needs ${what}.`, 'provider_options_missing');
      return { ...explained, status: instead(503) };
    }
    if (UNREACHABLE.test(inner.text)) {
      const explained = err(
        'provider_unreachable',
        'provider',
        `Portkey could not reach the ${provider} provider${said}. The provider is down or unreachable from the gateway (its network, DNS or a custom host setting): retry later, and tell the gateway team if it persists.`,
        'provider_unreachable',
      );
      // The gateway could not reach what is behind it: a bad gateway.
      return { ...explained, status: instead(502) };
    }
  }

  if (portkeyFailure || htmlMessage) {
    const text = inner.text;
    if (/x-portkey-config or x-portkey-provider/i.test(text)) {
      return err('provider_not_set', 'gateway', `Portkey did not receive the x-portkey-provider header the proxy sends (HTTP ${status}): something between you and Portkey strips it. Tell the gateway team.`, 'provider_not_set');
    }
    if (NOT_SUPPORTED.test(text)) {
      return err('route_not_served', 'gateway', `Portkey does not serve ${pathname} for ${provider}${said}. Use another API for this provider (for example /v1/chat/completions), or ask the gateway team.`, 'route_not_served');
    }
    return err(
      'portkey_failure',
      'gateway',
      `Portkey failed (HTTP ${status})${said}. This is the gateway's own failure, not the provider's: retry, and if it persists tell the gateway team (Portkey's log has the details).`,
      'portkey_failure',
    );
  }

  if (status === 404 && isObject(parsed) && parsed.ok === false && parsed.message === 'Not Found') {
    return err('route_not_served', 'gateway', `Portkey has no route for ${pathname} (HTTP 404). Check the path your tool calls, or ask the gateway team.`, 'route_not_served');
  }

  const who = relayed ? `The ${relayed} provider` : 'The gateway';
  if (relayed && (status === 401 || status === 403 || (status === 400 && provider === 'google' && KEY_PROBLEM.test(inner.text)))) {
    return err(
      'provider_key_rejected',
      'provider',
      `${who} refused the provider key the gateway sent (HTTP ${status})${said}. The ${relayed} key lives at the gateway, not on this computer: ask the gateway team to set or fix it (a Portkey config or virtual key)${provider === 'google' ? ", or set the x-portkey-config they give you in Settings > Provider options" : ''}. A new company token would not help, so none was requested.`,
      'provider_key_rejected',
    );
  }
  if (status === 429) {
    return err('provider_rate_limited', relayed ? 'provider' : 'gateway', `${who} is rate limiting requests (HTTP 429)${said}. Wait and retry${retryHint(headers)}; if it keeps happening, ask the gateway team about the limits.`, inner.code ?? 'rate_limit_exceeded', 'rate_limit_error');
  }
  if (status === 529 || (status === 503 && /overload/i.test(inner.text))) {
    return err('provider_overloaded', relayed ? 'provider' : 'gateway', `${who} is overloaded (HTTP ${status})${said}. Retry in a moment${retryHint(headers)}.`, inner.code ?? 'server_is_overloaded', 'overloaded_error');
  }
  if (status === 404 && /model/i.test(inner.text)) {
    return err('model_unknown', relayed ? 'provider' : 'gateway', `${who} does not know the model${said}. Choose a model the gateway offers for ${provider}.`, inner.code ?? 'model_not_found');
  }
  if (status >= 400 && status < 500 && status !== 401) {
    return err('request_rejected', relayed ? 'provider' : 'gateway', `${who} refused the request (HTTP ${status})${said}.`, inner.code ?? null);
  }
  if (relayed) {
    return err('provider_error', 'provider', `The ${relayed} provider failed (HTTP ${status})${said}. Retry later; if it persists, tell the gateway team.`, inner.code ?? 'provider_error');
  }
  return err('gateway_error', 'gateway', `The gateway answered HTTP ${status}${said || ' without an error message'}. Retry later; if it persists, tell the gateway team.`, inner.code ?? 'gateway_error');
}
