/**
 * The preload: `window.api` with exactly the named verbs of GatewayApi, each one IPC invoke on
 * `api:<verb>`. Never ipcRenderer itself (Electron security checklist item 20).
 *
 * CommonJS (.cts -> .cjs) because sandboxed preloads cannot be ES modules, and self-contained because
 * they cannot require our other files either: the verb list is repeated here, and the type below
 * (`satisfies GatewayApi` on an object literal) fails the build when it drifts from the contract;
 * test/unit/desktop/preload.test.ts checks the channels match app/core/desktop/ipc-channels.ts.
 */
// CommonJS under verbatimModuleSyntax: `import x = require()` is the one import form that compiles to require().
// eslint-disable-next-line @typescript-eslint/no-require-imports
import electron = require('electron');
import type { ApiReply, GatewayApi } from '../contract/api.js' with { 'resolution-mode': 'import' };
import type { ErrorDto } from '../contract/errors.js' with { 'resolution-mode': 'import' };

/**
 * How a failed call rejects in the renderer: a plain `{ name, code, message, field? }` object, not an
 * Error. contextBridge copies an Error's message only (electron/electron shell/renderer/api/
 * electron_api_context_bridge.cc), which would lose the code the UI chooses its advice by; plain data
 * crosses intact. The renderer's api client turns it into an ApiError.
 */
export type BridgedApiError = ErrorDto & { name: 'ApiError' };

/** One verb: invoke its channel, unwrap the reply. */
function call<M extends keyof GatewayApi>(method: M): GatewayApi[M] {
  const invoke = async (...args: unknown[]): Promise<unknown> => {
    const reply = (await electron.ipcRenderer.invoke(`api:${method}`, ...args)) as ApiReply<unknown>;
    if (reply.ok) return reply.value;
    const rejection: BridgedApiError = { name: 'ApiError', code: reply.error.code, message: reply.error.message };
    if (reply.error.field !== undefined) rejection.field = reply.error.field;
    throw rejection;
  };
  // The verb's own signature is the contract's; the channel carries whatever the renderer passed.
  return invoke as GatewayApi[M];
}

/** The object exposed as `window.api`: the contract's verbs, no more (satisfies rejects extras) and no fewer. */
const api = {
  getStatus: call('getStatus'),
  validateSettings: call('validateSettings'),
  saveSettings: call('saveSettings'),
  refreshToken: call('refreshToken'),
  testConnectivity: call('testConnectivity'),
  listAgents: call('listAgents'),
  planSetup: call('planSetup'),
  applySetup: call('applySetup'),
  planUndo: call('planUndo'),
  undoSetup: call('undoSetup'),
  verifyAgent: call('verifyAgent'),
  getActivity: call('getActivity'),
  getUsage: call('getUsage'),
  regenerateLocalKey: call('regenerateLocalKey'),
  startDemo: call('startDemo'),
} satisfies GatewayApi;

/** The type of `window.api`; the renderer declares `interface Window { api: PreloadApi }`. */
export type PreloadApi = GatewayApi;

electron.contextBridge.exposeInMainWorld('api', api);
