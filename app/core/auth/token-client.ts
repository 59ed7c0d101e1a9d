/** The OAuth2 client-credentials grant against the company's token endpoint (Cognito), on openid-client. */
import * as oidc from 'openid-client';
import { fetch, type Dispatcher } from 'undici';
import { AppError } from '../errors.js';
import { classifyNetworkError } from '../net/classify-error.js';
import { isLoopbackHost } from '../net/loopback.js';
import type { AuthMethod } from '../../contract/api.js';

/** A fresh token as the endpoint gave it. */
export interface GrantedToken {
  accessToken: string;
  /** Lifetime in seconds from receipt. */
  expiresIn: number;
}

/** Fetches one token; the seam the token service is tested through. */
export type TokenGrant = (signal: AbortSignal) => Promise<GrantedToken>;

/** What the grant needs. */
export interface TokenClientOptions {
  tokenEndpoint: string;
  clientId: string;
  clientSecret: string;
  scope: string;
  authMethod: AuthMethod;
  dispatcher: Dispatcher;
  /** How the fixes name the settings: the environment variables (default), or the fields of the form the user just filled. */
  names?: SettingNames;
}

/** What a fix calls each credential setting where it is shown. */
export interface SettingNames {
  tokenEndpoint: string;
  clientId: string;
  clientSecret: string;
  scope: string;
  /** What the user does after fixing them. */
  retry: string;
}

/** The names for the CLI and environment: the GATEWAY_* variables. */
export const ENV_SETTING_NAMES: SettingNames = {
  tokenEndpoint: 'GATEWAY_TOKEN_ENDPOINT',
  clientId: 'GATEWAY_CLIENT_ID',
  clientSecret: 'GATEWAY_CLIENT_SECRET',
  scope: 'GATEWAY_SCOPE',
  retry: 'log in again',
};

/** The names for the window's gateway form (renderer/src/features/gateway-form/GatewayForm.tsx labels). */
export const FORM_SETTING_NAMES: SettingNames = {
  tokenEndpoint: 'the Token endpoint field',
  clientId: 'the Client ID',
  clientSecret: 'the Client secret',
  scope: 'the Scope field',
  retry: 'save again',
};

const REJECTED = new Set(['invalid_client', 'unauthorized_client', 'access_denied']);

/** Lifetime from the `exp` claim, for endpoints that omit `expires_in`; the claim is only read, not trusted for anything else. */
function lifetimeFromJwt(token: string): number | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const exp = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? Math.max(0, exp - Math.floor(Date.now() / 1000)) : null;
  } catch {
    return null;
  }
}

/**
 * What answered, when an error answer is not a token endpoint's: OAuth2 errors are JSON (RFC 6749 5.2), so
 * an HTML page (the AWS load balancer's 401, a web server's 404) means the URL is not the token endpoint and
 * the credentials were never checked. Null when the answer could be a token endpoint's.
 */
function notATokenEndpoint(response: unknown): string | null {
  // Duck-typed: the answer is undici's Response, which is not the global class.
  const headers = (response as { headers?: { get?: unknown } } | undefined)?.headers;
  if (typeof headers?.get !== 'function') return null;
  const header = (name: string) => (headers as { get(name: string): string | null }).get(name) ?? '';
  const type = header('content-type').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json' || type.endsWith('+json')) return null;
  const server = header('server');
  // awselb/2.0 is the ALB in front of the gateway; the others are the usual fronts of a web page.
  if (/elb|cloudfront|envoy|nginx|haproxy|traefik/i.test(server)) return `a load balancer (server: ${server.slice(0, 40)})`;
  return type === 'text/html' ? 'a web page' : `something else (content-type ${type || 'missing'})`;
}

/** The error for an answer that came from something other than a token endpoint: the URL is what to fix. */
function wrongEndpoint(status: number, what: string, names: SettingNames): AppError {
  return new AppError('token_response_invalid', `The token endpoint answered HTTP ${status} like ${what}, not an OAuth2 token endpoint: check ${names.tokenEndpoint} (the Cognito .../oauth2/token URL). The client credentials were not checked.`, {
    side: 'token_endpoint',
    field: 'tokenEndpoint',
  });
}

/** Maps what openid-client throws to an AppError naming the cause and the fix, in the terms of `names`. */
export function classifyGrantError(error: unknown, host: string, names: SettingNames = ENV_SETTING_NAMES): AppError {
  if (error instanceof AppError) return error;
  const rejected = (detail: string) => new AppError('credentials_rejected', `The token endpoint rejected the client credentials (${detail}). Check ${names.clientId} and ${names.clientSecret}, then ${names.retry}.`, { side: 'token_endpoint' });
  if (error instanceof oidc.ResponseBodyError) {
    if (REJECTED.has(error.error)) return rejected(error.error);
    if (error.error === 'invalid_scope') {
      return new AppError('settings_invalid', `The token endpoint does not accept the scope (invalid_scope). Fix ${names.scope} or leave it empty.`, { side: 'token_endpoint', field: 'scope' });
    }
    return new AppError('token_endpoint_error', `The token endpoint answered HTTP ${error.status} (${error.error}). Try again later; if it persists, tell the gateway's operators.`, { side: 'token_endpoint' });
  }
  if (error instanceof oidc.WWWAuthenticateChallengeError) {
    const what = notATokenEndpoint(error.response);
    return what ? wrongEndpoint(error.status, what, names) : rejected(`HTTP ${error.status}`);
  }
  if (error instanceof oidc.ClientError) {
    const cause = error.cause as { status?: unknown } | undefined;
    const status = typeof cause?.status === 'number' ? cause.status : undefined;
    if (status !== undefined && status >= 400) {
      // A 5xx page can be the real endpoint's front in an outage: only a 4xx page says the URL is wrong.
      const what = status < 500 ? notATokenEndpoint(cause) : null;
      if (what) return wrongEndpoint(status, what, names);
      return new AppError('token_endpoint_error', `The token endpoint answered HTTP ${status}. Try again later; if it persists, tell the gateway's operators.`, { side: 'token_endpoint' });
    }
    if (error.code === 'OAUTH_RESPONSE_IS_NOT_JSON' || error.code === 'OAUTH_PARSE_ERROR' || error.code === 'OAUTH_INVALID_RESPONSE' || error.code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' || error.code === 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED') {
      return new AppError('token_response_invalid', `The token endpoint's answer is not a valid OAuth2 token response. Check that ${names.tokenEndpoint} is the Cognito /oauth2/token URL.`, { side: 'token_endpoint' });
    }
    if (error.code === 'OAUTH_HTTP_REQUEST_FORBIDDEN' || error.code === 'OAUTH_REQUEST_PROTOCOL_FORBIDDEN') {
      return new AppError('settings_invalid', `The token endpoint must use https:// (only 127.0.0.1 and localhost may use http). Fix ${names.tokenEndpoint}.`, { side: 'token_endpoint', field: 'tokenEndpoint' });
    }
  }
  return classifyNetworkError(error, 'token_endpoint', host);
}

/** Builds the grant for one set of credentials. */
export function createTokenGrant(options: TokenClientOptions): TokenGrant {
  const endpoint = new URL(options.tokenEndpoint);
  const auth = options.authMethod === 'client_secret_post' ? oidc.ClientSecretPost(options.clientSecret) : oidc.ClientSecretBasic(options.clientSecret);
  // Cognito publishes no discovery document for client credentials: describe the server by hand.
  const config = new oidc.Configuration({ issuer: endpoint.origin, token_endpoint: endpoint.href }, options.clientId, undefined, auth);
  if (endpoint.protocol === 'http:' && isLoopbackHost(endpoint.hostname)) oidc.allowInsecureRequests(config);

  return async (signal) => {
    config[oidc.customFetch] = (url, init) =>
      fetch(url, { ...init, signal: AbortSignal.any([signal, init.signal].filter((s): s is AbortSignal => Boolean(s))), dispatcher: options.dispatcher }) as unknown as Promise<Response>;
    try {
      const response = await oidc.clientCredentialsGrant(config, options.scope ? { scope: options.scope } : {});
      const expiresIn = typeof response.expires_in === 'number' ? response.expires_in : lifetimeFromJwt(response.access_token);
      if (expiresIn === null || expiresIn <= 0) {
        throw new AppError('token_response_invalid', 'The token endpoint gave a token without a lifetime (no expires_in and no exp claim). Tell the gateway operators.', { side: 'token_endpoint' });
      }
      return { accessToken: response.access_token, expiresIn };
    } catch (error) {
      throw classifyGrantError(error, endpoint.host, options.names);
    }
  };
}
