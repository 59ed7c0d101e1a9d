/** The GatewayApi as the CLI and the headless UI use it: the core API plus agent setup and the live agent check. */
import type { GatewayApi } from '../contract/api.js';
import { createCoreApi } from '../core/api.js';
import type { Runtime } from '../core/runtime.js';
import type { Io } from './io.js';

/** Builds the API on a runtime, with agent support wired in. */
export function createAppApi(runtime: Runtime, _io: Io): GatewayApi {
  return createCoreApi(runtime, { secretPlacement: 'auto' });
}
