/** The settings the app stores (never the secret), and their defaults. */
import { DEFAULT_TEST_MODELS, PROVIDERS } from '../../contract/providers.js';
import type { StoredSettings } from './stored-settings.js';

export { parseStoredSettings, type StoredSettings } from './stored-settings.js';

/** The proxy's fixed default port, documented in the README; `--port` and the `port` setting override it. */
export const DEFAULT_PROXY_PORT = 8484;

/** The environment variables users already have from the manual, by setting. */
export const ENV_NAMES = {
  gatewayUrl: 'GATEWAY_URL',
  clientId: 'GATEWAY_CLIENT_ID',
  clientSecret: 'GATEWAY_CLIENT_SECRET',
  tokenEndpoint: 'GATEWAY_TOKEN_ENDPOINT',
  scope: 'GATEWAY_SCOPE',
} as const;

/** The test models with the user's choices laid over the defaults. */
export function testModelsWith(overrides: StoredSettings['testModels']): typeof DEFAULT_TEST_MODELS {
  const models = { ...DEFAULT_TEST_MODELS };
  for (const p of PROVIDERS) {
    const chosen = overrides?.[p];
    if (chosen) models[p] = chosen;
  }
  return models;
}
