/**
 * IPC channel names, derived from the api's verb list so that a verb added to the contract has a
 * channel without anyone remembering to add one. The preload repeats the `api:` prefix (a sandboxed
 * preload cannot import our modules); a test checks the two agree.
 */
import { API_METHODS, type ApiMethod } from '../../contract/api.js';

/** The prefix every api channel shares. */
export const API_CHANNEL_PREFIX = 'api:';

/** An api channel name. */
export type ApiChannel = `api:${ApiMethod}`;

/** The channel for one verb: `api:getStatus`. */
export function apiChannel(method: ApiMethod): ApiChannel {
  return `${API_CHANNEL_PREFIX}${method}`;
}

/** Every verb's channel, in contract order. */
export const API_CHANNELS: Readonly<Record<ApiMethod, ApiChannel>> = Object.freeze(
  Object.fromEntries(API_METHODS.map((m) => [m, apiChannel(m)])) as Record<ApiMethod, ApiChannel>,
);
