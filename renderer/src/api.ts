/**
 * The one file that knows how the renderer reaches the app. In Electron the preload puts the named verbs
 * of the GatewayApi on `window.api`; in a browser (the headless UI) each verb is `POST ./api/<verb>`
 * with `{args}`, carrying the session secret in a header (web-session.ts trades the printed URL's token
 * for it). Either way callers get plain values, and failures reject with an ApiError carrying the stable code.
 */
import { API_METHODS, ApiError, ERROR_CODES, SESSION_HEADER, SESSION_ROUTE } from '../../app/contract';
import type { ApiMethod, ApiReply, ErrorCode, GatewayApi, SessionGrant } from '../../app/contract';
import { openWebSession } from './web-session';

/**
 * What the preload may expose as `window.api`: each verb either resolves to the value (GatewayApi) or,
 * preferably, to an `ApiReply` envelope. The envelope is the robust form because contextBridge and
 * ipcRenderer.invoke keep only the message of a rejected Error, losing its code and field.
 */
export type BridgedApi = {
  [K in ApiMethod]: (...args: Parameters<GatewayApi[K]>) => Promise<Awaited<ReturnType<GatewayApi[K]>> | ApiReply<Awaited<ReturnType<GatewayApi[K]>>>>;
};

declare global {
  interface Window {
    api?: BridgedApi;
  }
}

const KNOWN_CODES: ReadonlySet<string> = new Set(ERROR_CODES);

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && KNOWN_CODES.has(value);
}

/** An ApiError from anything a transport rejected with. */
function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const { code, message, field } = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; message?: unknown; field?: unknown };
  const text = typeof message === 'string' ? message.replace(/^Error invoking remote method '[^']+': (\w*Error: )?/, '') : 'Unexpected error.';
  return new ApiError(isErrorCode(code) ? code : 'internal', text, typeof field === 'string' ? field : undefined);
}

function isReply(value: unknown): value is ApiReply<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const keys = Object.keys(value).sort().join(',');
  const ok = (value as { ok?: unknown }).ok;
  return (ok === true && keys === 'ok,value') || (ok === false && keys === 'error,ok');
}

function unwrap(reply: ApiReply<unknown>): unknown {
  if (reply.ok) return reply.value;
  throw new ApiError(isErrorCode(reply.error.code) ? reply.error.code : 'internal', reply.error.message, reply.error.field);
}

type Caller = (method: ApiMethod, args: unknown[]) => Promise<unknown>;

function overBridge(bridge: BridgedApi): Caller {
  return async (method, args) => {
    const verb = bridge[method] as (...a: unknown[]) => Promise<unknown>;
    let result: unknown;
    try {
      result = await verb(...args);
    } catch (error) {
      throw toApiError(error);
    }
    return isReply(result) ? unwrap(result) : result;
  };
}

/** One POST to `./api/<route>` with a JSON body; the reply unwrapped. No cookies: the secret goes in a header. */
async function post(route: string, body: unknown, secret: string | null): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(`./api/${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(secret === null ? {} : { [SESSION_HEADER]: secret }) },
      body: JSON.stringify(body),
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch {
    throw new ApiError('internal', 'Cannot reach AI Gateway. Is the `ai-gateway serve --ui` (or `ai-gateway demo --ui`) that printed the address of this page still running? Start it again and open the address it prints.');
  }
  let reply: unknown;
  try {
    reply = await response.json();
  } catch {
    throw new ApiError('internal', `AI Gateway answered ${response.status} without a readable reply.`);
  }
  if (!isReply(reply)) throw new ApiError('internal', 'AI Gateway sent a reply this page does not understand.');
  return unwrap(reply);
}

function overHttp(): Caller {
  const session = openWebSession(async (token, held) => {
    const grant = (await post(SESSION_ROUTE, { token }, held)) as Partial<SessionGrant> | null;
    if (typeof grant?.session !== 'string') throw new ApiError('internal', 'AI Gateway sent a reply this page does not understand.');
    return grant.session;
  });
  return async (method, args) => post(method, { args }, await session.secret());
}

function createApi(call: Caller): GatewayApi {
  const client: Partial<Record<ApiMethod, (...args: unknown[]) => Promise<unknown>>> = {};
  for (const method of API_METHODS) client[method] = (...args) => call(method, args);
  return client as GatewayApi;
}

/** The app's api, whichever transport this page has. */
export const api: GatewayApi = createApi(window.api ? overBridge(window.api) : overHttp());
