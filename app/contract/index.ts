/** The contract the renderer may import: API types, error codes, providers. */
export * from './api.js';
export * from './errors.js';
export * from './providers.js';
export * from './routes.js';
export * from './deployments.js';
export * from './usage.js';
export * from './web-session.js';
