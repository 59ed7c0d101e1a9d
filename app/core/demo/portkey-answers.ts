/**
 * How the real Portkey gateway (1.15.x) and the AWS ALB in front of it answer when something is wrong, as
 * measured in the real-Portkey test tier (test/portkey/contract.test.ts holds the gateway double to these).
 */
import type { Provider } from '../../contract/providers.js';

/** The headers Portkey adds to every answer that went to a provider (success or relayed provider error). */
export function portkeyHeaders(provider: Provider): Record<string, string> {
  return {
    'x-portkey-cache-status': 'DISABLED',
    'x-portkey-last-used-option-index': 'config',
    'x-portkey-provider': provider,
    'x-portkey-retry-attempt-count': '0',
    'x-portkey-trace-id': '',
  };
}

/** Portkey's own error body (no `error` key): request validation, unsupported routes, crashes. */
export function portkeyFailure(message: string): { status: 'failure'; message: string } {
  return { status: 'failure', message };
}

/** Portkey's answer for a path outside its routes. */
export const PORTKEY_NOT_FOUND = { message: 'Not Found', ok: false } as const;

/** Portkey's message when a request names no provider. */
export const PROVIDER_HEADER_REQUIRED = 'Either x-portkey-config or x-portkey-provider header is required';

/** Which routes Portkey refuses per provider ("FN is not supported by PROVIDER", HTTP 500), by path. */
export function unsupportedRoute(provider: Provider, pathname: string): string | null {
  if (pathname === '/v1/responses' && (provider === 'anthropic' || provider === 'google')) return `createModelResponse is not supported by ${provider}`;
  if (pathname === '/v1/messages' && provider !== 'anthropic') return `messages is not supported by ${provider}`;
  return null;
}

/**
 * A provider error as Portkey relays it: the provider's status and rate-limit headers kept, the body rewritten
 * to the OpenAI shape with the provider's name in front of its message and a `provider` field, on every route.
 */
export function relayedProviderError(provider: Provider, status: number, message: string): object {
  const [type, code] = providerTypeAndCode(provider, status);
  return { error: { message: `${provider} error: ${message}`, type, param: null, code }, provider };
}

/** Each provider's own message for a model it does not have (Azure: a deployment it does not have). */
export function modelNotFoundMessage(provider: Provider, model: string): string {
  if (provider === 'anthropic') return `model: ${model}`;
  if (provider === 'google') return `models/${model} is not found for API version v1beta, or is not supported for generateContent.`;
  if (provider === 'azure-openai') return 'The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.';
  return `The model \`${model}\` does not exist or you do not have access to it.`;
}

/** The `type` and `code` each provider's own error body carries for a status (Portkey copies them). */
function providerTypeAndCode(provider: Provider, status: number): [string | null, string | number | null] {
  if (provider === 'anthropic') {
    return [{ 400: 'invalid_request_error', 401: 'authentication_error', 403: 'permission_error', 404: 'not_found_error', 429: 'rate_limit_error', 529: 'overloaded_error' }[status] ?? 'api_error', null];
  }
  if (provider === 'google') {
    return [{ 400: 'INVALID_ARGUMENT', 401: 'UNAUTHENTICATED', 403: 'PERMISSION_DENIED', 404: 'NOT_FOUND', 429: 'RESOURCE_EXHAUSTED', 503: 'UNAVAILABLE' }[status] ?? 'INTERNAL', status];
  }
  if (provider === 'azure-openai') return [null, status === 404 ? 'DeploymentNotFound' : String(status)];
  const type = status >= 500 ? 'server_error' : status === 429 ? 'requests' : 'invalid_request_error';
  return [type, { 401: 'invalid_api_key', 404: 'model_not_found', 429: 'rate_limit_exceeded' }[status] ?? null];
}

/**
 * Portkey's HTTP 500 when the provider cannot be reached: the fetch error in `html-message` for openai and
 * azure-openai chat (with `provider` on /v1/responses), wrapped as "Invalid response received from ..." for
 * anthropic and google.
 */
export function providerUnreachable(provider: Provider, pathname: string, cause: string): object {
  const inner = { 'html-message': `Message: fetch failed Cause: Error: ${cause} Name: TypeError` };
  if (provider === 'anthropic' || provider === 'google') {
    return { error: { message: `Invalid response received from ${provider}: ${JSON.stringify(inner)}`, type: null, param: null, code: null }, provider };
  }
  return pathname === '/v1/responses' ? { ...inner, provider } : inner;
}

/** The page an AWS ALB sends with its own 401 when JWT verification fails (and its other error pages). */
export function albErrorPage(status: 401 | 502 | 503 | 504): { body: string; headers: Record<string, string> } {
  const title = { 401: '401 Authorization Required', 502: '502 Bad Gateway', 503: '503 Service Temporarily Unavailable', 504: '504 Gateway Time-out' }[status];
  const body = `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n</body>\r\n</html>\r\n`;
  const headers: Record<string, string> = { server: 'awselb/2.0', 'content-type': 'text/html' };
  if (status === 401) headers['www-authenticate'] = 'Bearer error="invalid_token"';
  return { body, headers };
}
