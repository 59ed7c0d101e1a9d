/**
 * The headless UI: the built renderer and the GatewayApi over HTTP on 127.0.0.1. The printed URL's token works
 * once: the first load trades it for an HttpOnly session cookie and is redirected to `/`, so the token is in
 * no history entry; the API takes only the cookie, with the Host and Origin checks.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError } from '../contract/api.js';
import type { GatewayApi } from '../contract/api.js';
import { createDispatchTable } from './api-dispatch.js';
import { handleApiCall, sendError } from './api-route.js';
import { isAllowedHost, isAllowedOrigin, isCrossSiteFetch, isStateChangeWithoutOrigin } from './request-guards.js';
import { setSecurityHeaders } from './security-headers.js';
import { createSessionToken, OneTimeToken, readSessionCookie, sessionCookie, tokenMatches } from './session-token.js';
import { findStaticFile, openStaticFile } from './static-files.js';

/** What the headless UI needs: the api to expose and the folder holding the built renderer. */
export interface WebUiOptions {
  api: GatewayApi;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** The built renderer, `out/renderer`. */
  staticDir: string;
  /** Serving the demo gateway: status always reports `demo`, so the banner shows whatever the api says. */
  demo?: boolean;
  /** Where unexpected errors go (their text never reaches the browser). Defaults to stderr. */
  onInternalError?: (method: string, error: unknown) => void;
}

/** A running headless UI. */
export interface WebUi {
  /** Open this in a browser: `http://127.0.0.1:PORT/?token=...`. It works once, in one browser. */
  url: string;
  port: number;
  close(): Promise<void>;
}

const NOT_SIGNED_IN_PAGE =
  '<!doctype html><meta charset="utf-8"><title>AI Gateway</title><p>This page needs its session token. Open the full URL that <code>ai-gateway serve --ui</code> printed (it ends in <code>?token=...</code>).</p>';

const TOKEN_USED_PAGE =
  '<!doctype html><meta charset="utf-8"><title>AI Gateway</title><p>This session token was already used: the URL that <code>ai-gateway serve --ui</code> printed opens the app once, in one browser. Open the app in the browser that already used it, or restart <code>ai-gateway serve --ui</code> for a new URL.</p>';

function sendText(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}

/** Starts the headless UI on 127.0.0.1 and resolves once it listens. */
export async function startWebUi(options: WebUiOptions): Promise<WebUi> {
  const loginToken = new OneTimeToken();
  // What the cookie holds: never printed, never in a URL, so a URL seen in a history or a log opens nothing.
  const sessionSecret = createSessionToken();
  const hasSession = (req: IncomingMessage) => tokenMatches(sessionSecret, readSessionCookie(req.headers.cookie));
  const onInternalError = options.onInternalError ?? ((method, error) => console.error(`[web] ${method} failed:`, error));
  const api = options.api;
  const table = createDispatchTable(api, {
    getStatus: options.demo ? async () => ({ ...(await api.getStatus()), demo: true }) : undefined,
  });
  let port = 0;

  async function serveStatic(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      sendText(res, 405, 'text/plain; charset=utf-8', 'Method not allowed');
      return;
    }
    if (url.searchParams.has('token')) {
      signIn(req, res, url.searchParams.get('token'));
      return;
    }
    if (!hasSession(req)) {
      sendText(res, 401, 'text/html; charset=utf-8', NOT_SIGNED_IN_PAGE);
      return;
    }
    const file = await findStaticFile(options.staticDir, url.pathname);
    if (!file.found) {
      sendText(res, 404, 'text/plain; charset=utf-8', 'Not found');
      return;
    }
    res.statusCode = 200;
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Content-Length', file.size);
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    openStaticFile(file.path).on('error', () => res.destroy()).pipe(res);
  }

  /** A load of the printed URL: the first one gets the cookie; either way the browser is sent on to `/`. */
  function signIn(req: IncomingMessage, res: ServerResponse, candidate: string | null): void {
    const use = loginToken.use(candidate);
    if (use === 'accepted') {
      // node:http serves plain http on loopback: no Secure flag, or the browser would never send the cookie back.
      res.setHeader('Set-Cookie', sessionCookie(sessionSecret, false));
    } else if (!hasSession(req)) {
      if (use === 'already-used') sendText(res, 403, 'text/html; charset=utf-8', TOKEN_USED_PAGE);
      else sendText(res, 401, 'text/html; charset=utf-8', NOT_SIGNED_IN_PAGE);
      return;
    }
    // A 303 to `/` (never to the requested path: no open redirect): the token URL is replaced, not kept, in the
    // history, and the fragment (a tray route) survives the redirect in the browser.
    res.statusCode = 303;
    res.setHeader('Location', '/');
    res.setHeader('Content-Length', 0);
    res.end();
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    setSecurityHeaders(res);
    res.setHeader('Cache-Control', 'no-store');
    const isApi = (req.url ?? '').startsWith('/api/');
    if (!isAllowedHost(req.headers.host, port)) {
      if (isApi) sendError(res, 403, 'forbidden_host', 'This server only answers requests addressed to 127.0.0.1 or localhost.');
      else sendText(res, 403, 'text/plain; charset=utf-8', 'Forbidden host');
      return;
    }
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    if (!isApi) {
      await serveStatic(req, res, url);
      return;
    }
    if (!isAllowedOrigin(req) || isCrossSiteFetch(req)) {
      sendError(res, 403, 'forbidden_origin', 'API calls are only accepted from this page.');
      return;
    }
    if (isStateChangeWithoutOrigin(req)) {
      sendError(res, 403, 'forbidden_origin', 'API calls must come from the app page in a browser: this request had no Origin header.');
      return;
    }
    if (!hasSession(req)) {
      sendError(res, 401, 'unauthorized', 'No session: open the URL that `ai-gateway serve --ui` printed in this browser (it works once), or restart `ai-gateway serve --ui` for a new one.');
      return;
    }
    await handleApiCall(req, res, url.pathname.slice('/api/'.length), table, onInternalError);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      onInternalError('http', error);
      if (!res.headersSent) sendError(res, 500, 'internal', 'Unexpected internal error.');
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new ApiError('port_in_use', `Port ${options.port} on 127.0.0.1 is already in use, so the app window cannot listen there.`)
          : error,
      );
    };
    server.once('error', onError);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', onError);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/?token=${loginToken.value}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
