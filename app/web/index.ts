/** The headless UI server (plain Node, no Electron). */
export { startWebUi } from './server.js';
export type { WebUi, WebUiOptions } from './server.js';
export { CONTENT_SECURITY_POLICY, META_CONTENT_SECURITY_POLICY } from './security-headers.js';
