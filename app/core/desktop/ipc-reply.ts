/** How one api call's outcome is packed for IPC: a value, or an ErrorDto that never leaks internals. */
import type { ApiReply } from '../../contract/api.js';
import { toErrorDto } from '../errors.js';

/**
 * Runs `call` and packs its outcome. Errors travel as data because Electron's IPC and contextBridge
 * keep only an Error's message, and the UI needs the stable code to choose its advice.
 */
export async function toReply<T>(call: () => Promise<T> | T): Promise<ApiReply<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    return { ok: false, error: toErrorDto(error) };
  }
}

/** The reply to a caller that failed the sender check; deliberately says nothing about the api. */
export function untrustedSenderReply(): ApiReply<never> {
  return { ok: false, error: { code: 'forbidden_origin', message: 'This page may not call the AI Gateway app.' } };
}
