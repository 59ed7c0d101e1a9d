/**
 * How the headless window's page proves it is the one that opened the printed URL: the names both the
 * server (app/web) and the page (renderer/src/web-session.ts) must agree on.
 */

/**
 * The request header carrying the session secret on every API call. A header rather than a cookie:
 * browsers send cookies to every port of 127.0.0.1, a header only where this page's own script puts it,
 * and a custom header also forces a CORS preflight, which this server never grants.
 */
export const SESSION_HEADER = 'x-ai-gateway-session';

/** The API route (`POST /api/session`, JSON `{token}`) that trades the printed one-time token for the secret. */
export const SESSION_ROUTE = 'session';

/** What a successful trade answers (inside an ApiReply). */
export interface SessionGrant {
  session: string;
}

/** The sessionStorage key the page keeps the secret under (its tab and origin only: see renderer/src/web-session.ts). */
export const SESSION_STORAGE_KEY = 'ai-gateway-session';
