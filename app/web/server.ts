/**
 * The headless UI: the built renderer and the GatewayApi over HTTP on 127.0.0.1. The static files are public
 * code and need no session. A printed URL's token works once (the start-up URL, or one `newLink()` made for
 * `ai-gateway ui-link`; see login-tokens.ts): the page's own script trades it
 * (`POST /api/session`) for a session secret it keeps in its tab's sessionStorage and sends in a header; the
 * API takes only that header, with the Host and Origin checks. No cookie: browsers send cookies to every port
 * of 127.0.0.1 (another local user's listener included) and let any of them set ours.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError } from '../contract/api.js';
import { SESSION_ROUTE } from '../contract/web-session.js';
import type { GatewayApi } from '../contract/api.js';
import { createDispatchTable } from './api-dispatch.js';
import { handleApiCall, sendError } from './api-route.js';
import { isAllowedHost, isAllowedOrigin, isCrossSiteFetch, isStateChangeWithoutOrigin } from './request-guards.js';
import { setSecurityHeaders } from './security-headers.js';
import { sessionMessages } from './session-messages.js';
import { handleSessionTrade } from './session-route.js';
import { LoginTokens } from './login-tokens.js';
import { createSessionToken, readSessionHeader, tokenMatches } from './session-token.js';
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
  /** The command that printed the URL, named in the page's session advice. Defaults to `ai-gateway serve --ui` (`demo --ui` with demo). */
  command?: string;
  /** The command that prints a new link to this window, named first in that advice. Defaults to `ai-gateway ui-link` (with --demo for the demo). */
  linkCommand?: string;
  /** The clock the links' expiry reads (tests). */
  now?: () => number;
  /** Where unexpected errors go (their text never reaches the browser). Defaults to stderr. */
  onInternalError?: (method: string, error: unknown) => void;
}

/** A running headless UI. */
export interface WebUi {
  /** Open this in a browser: `http://127.0.0.1:PORT/?token=...`. It works once, in one browser tab. */
  url: string;
  port: number;
  /** Another URL like `url`, with a new one-time token (for `ai-gateway ui-link`); it opens the same session. */
  newLink(): string;
  close(): Promise<void>;
}

function sendText(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}

/** Starts the headless UI on 127.0.0.1 and resolves once it listens. */
export async function startWebUi(options: WebUiOptions): Promise<WebUi> {
  const loginTokens = new LoginTokens(options.now);
  // What the page sends in the header: never printed, never in a URL, so a URL seen in a history or a log opens nothing.
  const sessionSecret = createSessionToken();
  const hasSession = (req: IncomingMessage) => tokenMatches(sessionSecret, readSessionHeader(req));
  const demoFlag = options.demo ? ' --demo' : '';
  const messages = sessionMessages(options.command ?? `ai-gateway ${options.demo ? 'demo' : 'serve'} --ui`, options.linkCommand ?? `ai-gateway ui-link${demoFlag}`);
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
    // No session check and no token use here: the files are public code, and a GET or HEAD of the printed URL
    // (a link previewer, a terminal checking it) must not burn the token the page's script trades.
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
    const route = url.pathname.slice('/api/'.length);
    if (route === SESSION_ROUTE) {
      await handleSessionTrade(req, res, loginTokens, sessionSecret, hasSession(req), messages);
      return;
    }
    if (!hasSession(req)) {
      sendError(res, 401, 'unauthorized', messages.noSession);
      return;
    }
    await handleApiCall(req, res, route, table, onInternalError);
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

  const linkTo = (token: string) => `http://127.0.0.1:${port}/?token=${token}`;
  return {
    url: linkTo(loginTokens.first),
    port,
    newLink: () => linkTo(loginTokens.mint()),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
