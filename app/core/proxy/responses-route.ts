/**
 * Routes `POST /<provider>/v1/responses` (Codex) through the Responses translation when the gateway
 * does not serve that API itself; what was found out is remembered per gateway and provider.
 */
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../config/atomic-file.js';
import { ResponsesSupport, serveResponses } from './responses/index.js';
import { relay, type RouteHandler } from './proxy-server.js';

/** Where the remembered answers live, and the forced mode from settings. */
export interface ResponsesRouteOptions {
  mode: () => 'auto' | 'passthrough' | 'translate';
  gatewayUrl: () => string | null;
  /** A JSON file remembering which gateways serve /v1/responses; null keeps it in memory. */
  memoFile: string | null;
}

/** The route handler for the Responses API. */
export function responsesRoute(options: ResponsesRouteOptions): RouteHandler {
  let support: ResponsesSupport | null = null;
  let saved = '';
  const load = async (): Promise<ResponsesSupport> => {
    if (support) return support;
    let known: Record<string, boolean> = {};
    if (options.memoFile) {
      try {
        known = JSON.parse(await readFile(options.memoFile, 'utf8')) as Record<string, boolean>;
      } catch {
        // Nothing remembered yet.
      }
    }
    saved = JSON.stringify(known);
    support = new ResponsesSupport(options.mode(), known);
    return support;
  };
  return {
    async handle(context) {
      if (context.method !== 'POST' || context.route.pathname !== '/v1/responses') return null;
      const gateway = options.gatewayUrl();
      if (!gateway) return null;
      const memo = await load();
      memo.setMode(options.mode());
      const queryAt = context.route.upstreamPath.indexOf('?');
      const query = queryAt === -1 ? '' : context.route.upstreamPath.slice(queryAt);
      const outcome = await serveResponses(
        context.body,
        query,
        // Translation reads the gateway's answer, so it must come uncompressed.
        (path, body, headers) => context.send(path, body, { ...headers, 'accept-encoding': 'identity' }),
        context.res,
        context.signal,
        {
          support: memo,
          key: `${gateway} ${context.route.provider}`,
          forward: async (reply, buffered) => {
            await relay(reply, context.res, buffered);
          },
        },
      );
      const snapshot = JSON.stringify(memo.snapshot());
      if (options.memoFile && snapshot !== saved) {
        saved = snapshot;
        await writeFileAtomic(options.memoFile, snapshot + '\n', 0o600).catch(() => undefined);
      }
      return { status: outcome.status, usage: { inputTokens: outcome.inputTokens, outputTokens: outcome.outputTokens } };
    },
  };
}
