/** The settings the app stores (never the secret), and their defaults. */
import { z } from 'zod';
import { DEFAULT_TEST_MODELS, PROVIDERS } from '../../contract/providers.js';

/** The proxy's fixed default port, documented in the README; `--port` and the `port` setting override it. */
export const DEFAULT_PROXY_PORT = 8484;

const providerModels = z.object(Object.fromEntries(PROVIDERS.map((p) => [p, z.string().min(1).optional()]))).partial();

/** What `settings.json` may hold. Unknown keys are kept on write so a newer app's settings survive an older CLI. */
export const storedSettingsSchema = z.looseObject({
  gatewayUrl: z.string().optional(),
  clientId: z.string().optional(),
  tokenEndpoint: z.string().optional(),
  scope: z.string().optional(),
  authMethod: z.enum(['client_secret_basic', 'client_secret_post']).optional(),
  port: z.number().int().min(1).max(65535).optional(),
  caFile: z.string().optional(),
  testModels: providerModels.optional(),
  /** Whether the gateway serves the Responses API itself: auto-detected unless forced. */
  responsesApi: z.enum(['auto', 'passthrough', 'translate']).optional(),
  /** The user asked to keep the client secret in a 0600 file because no keyring exists. */
  secretInFile: z.boolean().optional(),
});

/** The stored settings. */
export type StoredSettings = z.infer<typeof storedSettingsSchema>;

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
