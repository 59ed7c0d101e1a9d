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
}

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

/** Maps what openid-client throws to an AppError naming the cause and the fix. */
export function classifyGrantError(error: unknown, host: string): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof oidc.ResponseBodyError) {
    if (REJECTED.has(error.error)) {
      return new AppError('credentials_rejected', `The token endpoint rejected the client credentials (${error.error}). Check GATEWAY_CLIENT_ID and GATEWAY_CLIENT_SECRET, then log in again.`, { side: 'token_endpoint' });
    }
    if (error.error === 'invalid_scope') {
      return new AppError('settings_invalid', `The token endpoint does not accept the scope (invalid_scope). Fix GATEWAY_SCOPE or leave it empty.`, { side: 'token_endpoint', field: 'scope' });
    }
    return new AppError('token_endpoint_error', `The token endpoint answered HTTP ${error.status} (${error.error}). Try again later; if it persists, tell the gateway's operators.`, { side: 'token_endpoint' });
  }
  if (error instanceof oidc.WWWAuthenticateChallengeError) {
    return new AppError('credentials_rejected', `The token endpoint rejected the client credentials (HTTP ${error.status}). Check GATEWAY_CLIENT_ID and GATEWAY_CLIENT_SECRET, then log in again.`, { side: 'token_endpoint' });
  }
  if (error instanceof oidc.ClientError) {
    const cause = error.cause as { status?: unknown } | undefined;
    const status = typeof cause?.status === 'number' ? cause.status : undefined;
    if (status !== undefined && status >= 400) {
      return new AppError('token_endpoint_error', `The token endpoint answered HTTP ${status}. Try again later; if it persists, tell the gateway's operators.`, { side: 'token_endpoint' });
    }
    if (error.code === 'OAUTH_RESPONSE_IS_NOT_JSON' || error.code === 'OAUTH_PARSE_ERROR' || error.code === 'OAUTH_INVALID_RESPONSE' || error.code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' || error.code === 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED') {
      return new AppError('token_response_invalid', `The token endpoint's answer is not a valid OAuth2 token response. Check that GATEWAY_TOKEN_ENDPOINT is the Cognito /oauth2/token URL.`, { side: 'token_endpoint' });
    }
    if (error.code === 'OAUTH_HTTP_REQUEST_FORBIDDEN' || error.code === 'OAUTH_REQUEST_PROTOCOL_FORBIDDEN') {
      return new AppError('settings_invalid', 'The token endpoint must use https:// (only 127.0.0.1 and localhost may use http). Fix GATEWAY_TOKEN_ENDPOINT.', { side: 'token_endpoint', field: 'tokenEndpoint' });
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
      throw classifyGrantError(error, endpoint.host);
    }
  };
}
