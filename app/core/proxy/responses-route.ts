/**
 * Routes `POST /<provider>/v1/responses` (Codex) through the Responses translation when the gateway
 * does not serve that API itself; what was found out is remembered per gateway and provider.
 */
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../config/atomic-file.js';
import { ResponsesSupport, serveResponses } from './responses/index.js';
import { readCapped } from './errors/read-capped.js';
import { relay, type RouteHandler } from './proxy-server.js';

/** The events that end a Responses stream: after one of them the answer is whole, whatever the socket does next. */
const RESPONSES_FINISHED = /"type"\s*:\s*"response\.(?:completed|failed|incomplete)"|event: response\.(?:completed|failed|incomplete)\r?\n/;

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
      let refresh: 'replayed' | 'bounded' | null = null;
      try {
        const outcome = await serveResponses(
          context.body,
          query,
          // Translation reads the gateway's answer, so it must come uncompressed.
          async (path, body, headers) => {
            const reply = await context.send(path, body, { ...headers, 'accept-encoding': 'identity' });
            refresh = reply.refresh;
            return reply;
          },
          context.res,
          context.signal,
          {
            support: memo,
            key: `${gateway} ${context.route.provider}`,
            onFirstChunk: context.firstByte,
            answerFailure: (reply, text) => context.answerFailure({ status: reply.status, headers: reply.headers, refresh }, text),
            forward: async (reply, buffered) => {
              if (reply.status >= 400) {
                // Portkey's own failures have no `error` key ("500 status code (no body)" in the SDK): say what happened, OpenAI-shaped.
                const text = (buffered ?? (await readCapped(reply.body, undefined, context.firstByte))).toString('utf8');
                context.answerFailure({ status: reply.status, headers: reply.headers, refresh }, text);
                return;
              }
              return relay(reply, context.res, buffered, RESPONSES_FINISHED, context.firstByte);
            },
          },
        );
        return { status: outcome.status, usage: { inputTokens: outcome.inputTokens, outputTokens: outcome.outputTokens } };
      } finally {
        // Also after a failure: what was learnt before it (a probe's answer) holds.
        const snapshot = JSON.stringify(memo.snapshot());
        if (options.memoFile && snapshot !== saved) {
          saved = snapshot;
          await writeFileAtomic(options.memoFile, snapshot + '\n', 0o600).catch(() => undefined);
        }
      }
    },
  };
}
