/**
 * Does the gateway serve `/v1/responses` itself? In `auto` mode the first Responses request is sent
 * as-is; a reply that means "no such route" switches that gateway to translation, remembered in memory
 * (the caller may persist it through `get`/`set`). The decision itself is a pure function.
 */
import { isObject, parseJson, str } from './json.js';

/** How Responses requests are served: probe, always forward as-is, or always translate to Chat. */
export type ResponsesMode = 'auto' | 'passthrough' | 'translate';

/** What to do with the next Responses request for a gateway. */
export type ResponsesRoute = 'passthrough' | 'translate' | 'probe';

const NOT_SERVED_STATUSES = new Set([404, 405, 501]);
// Portkey 1.15 answers a provider without Responses support with HTTP 500 (or 400)
// `{"status":"failure","message":"createModelResponse is not supported by anthropic"}`.
const FUNCTION_NOT_SUPPORTED = /createModelResponse|(?:responses?|endpoint|route|function|operation)\b[^.]{0,60}\bnot (?:supported|implemented|available)|\bis not supported by\b/i;
const ROUTE_MISSING =
  /(?:unknown|unsupported|invalid|unrecognized|no such|not (?:a )?(?:supported|valid|found|implemented)|does not (?:exist|support)|cannot (?:post|find))[^.]{0,60}(?:route|endpoint|path|url|responses)|(?:route|endpoint|path|url|responses(?: api)?)\b[^.]{0,60}(?:not (?:supported|found|implemented|available|allowed)|unknown|unsupported|does not exist)|cannot post/i;
const ABOUT_MODEL = /model/i;

/** The error text of a reply body: `error.message`, `message`, or the raw text. */
function errorText(body: string): string {
  const parsed = parseJson(body);
  if (isObject(parsed)) {
    const inner = parsed.error;
    if (isObject(inner)) return [str(inner.code), str(inner.type), str(inner.message)].filter(Boolean).join(' ');
    if (typeof inner === 'string') return inner;
    const message = str(parsed.message) ?? str(parsed.detail);
    if (message) return message;
  }
  return body.slice(0, 2000);
}

/**
 * True when a reply to `POST /v1/responses` means the gateway does not serve that route for this
 * provider: 404, 405 or 501; a 400 whose error says the route/endpoint is unknown or unsupported; or a
 * 400/500 saying the function is not supported for the provider (Portkey's `createModelResponse is
 * not supported by anthropic`). A 404 about the model (`model_not_found`) is the route answering.
 */
export function isResponsesNotServed(status: number, body: string): boolean {
  if (NOT_SERVED_STATUSES.has(status)) {
    if (status !== 404) return true;
    const text = errorText(body);
    return !ABOUT_MODEL.test(text) || ROUTE_MISSING.test(text) || FUNCTION_NOT_SUPPORTED.test(text);
  }
  if (status === 400) {
    const text = errorText(body);
    return ROUTE_MISSING.test(text) || FUNCTION_NOT_SUPPORTED.test(text);
  }
  if (status === 500) return FUNCTION_NOT_SUPPORTED.test(errorText(body));
  return false;
}

/** True when deciding needs the reply body (the caller reads at most a few KiB of it). */
export function needsBodyToDecide(status: number): boolean {
  return status === 400 || status === 404 || status === 500;
}

/** The in-memory memo: per gateway key (its URL, or URL plus provider), whether `/v1/responses` is served. */
export class ResponsesSupport {
  private readonly served = new Map<string, boolean>();

  constructor(
    private mode: ResponsesMode = 'auto',
    known: Record<string, boolean> = {},
  ) {
    for (const [key, value] of Object.entries(known)) this.served.set(key, value);
  }

  /** Changes the mode (a setting); what was learnt is kept. */
  setMode(mode: ResponsesMode): void {
    this.mode = mode;
  }

  /** True while support is learnt from answers (mode auto), false when a setting forces the route. */
  get learning(): boolean {
    return this.mode === 'auto';
  }

  /** The route for the next request to this gateway. */
  route(key: string): ResponsesRoute {
    if (this.mode !== 'auto') return this.mode;
    const served = this.served.get(key);
    return served === undefined ? 'probe' : served ? 'passthrough' : 'translate';
  }

  /** What is known about a gateway: true (served), false (not served), undefined (not probed yet). */
  get(key: string): boolean | undefined {
    return this.served.get(key);
  }

  /** Records what is known (from a probe, or restored from disk). */
  set(key: string, served: boolean): void {
    this.served.set(key, served);
  }

  /** Everything known, for persisting. */
  snapshot(): Record<string, boolean> {
    return Object.fromEntries(this.served);
  }

  /**
   * Records the outcome of a probe and says whether to fall back to translation. Only a 2xx proves the
   * route is served; other errors (401, 429, 5xx) say nothing and leave the gateway unprobed.
   */
  observe(key: string, status: number, body: string): 'served' | 'not_served' | 'unknown' {
    if (isResponsesNotServed(status, body)) {
      this.served.set(key, false);
      return 'not_served';
    }
    if (status >= 200 && status < 300) {
      this.served.set(key, true);
      return 'served';
    }
    return 'unknown';
  }
}
