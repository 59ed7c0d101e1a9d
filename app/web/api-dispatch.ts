/** Calls a verb of the GatewayApi by name: only the names in API_METHODS, looked up in a Map. */
import { API_METHODS } from '../contract/api.js';
import type { ApiMethod, GatewayApi } from '../contract/api.js';

/** A verb as the HTTP layer calls it: untyped arguments in, a value out. */
export type VerbHandler = (args: unknown[]) => Promise<unknown>;

/**
 * One handler per listed verb. Built from our own constant list, so a request can never reach a property
 * of `api` that is not a verb (`constructor`, `__proto__`, `toString` ...).
 */
export function createDispatchTable(api: GatewayApi, overrides: Partial<Record<ApiMethod, VerbHandler>> = {}): ReadonlyMap<string, VerbHandler> {
  const table = new Map<string, VerbHandler>();
  for (const method of API_METHODS) {
    const verb = api[method] as (...args: unknown[]) => Promise<unknown>;
    table.set(method, overrides[method] ?? ((args) => verb.apply(api, args)));
  }
  return table;
}
