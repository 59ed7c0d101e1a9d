/**
 * The company's side, for real: the Cognito-shaped token endpoint, the ALB-shaped front, the real Portkey
 * behind it and the mock provider behind that, all on 127.0.0.1. `ai-gateway serve` is pointed at the front
 * with the GATEWAY_* variables, exactly as a user's settings would.
 */
import { TokenEndpoint } from '../../../app/core/demo/token-endpoint.js';
import { agentsInstalled } from '../../agents/agent-harness.js';
import { AlbFront } from './alb-front.js';
import { MockProvider } from './mock-provider.js';
import { PORTKEY_DIR, portkeyInstalled, startPortkey, type RealPortkey } from './real-portkey.js';

/** The client the token endpoint knows (what `login` would store). */
export const WORLD_CLIENT_ID = 'portkey-tier';
/** Its secret. */
export const WORLD_CLIENT_SECRET = 'portkey-tier-secret-5c2e8d';

/** Skip reason when `what` is not installed here; CI installs everything, so there a missing install fails instead of skipping. */
export function notInstalledSkip(installed: boolean, what: string, install: string): false | string {
  if (installed) return false;
  if (process.env.CI) throw new Error(`${what} is not installed: CI must run \`${install}\` first.`);
  return `${what} not installed (${install})`;
}

/** Skip reason for a test file when Portkey is not installed here. */
export function portkeySkip(): false | string {
  return notInstalledSkip(portkeyInstalled(), 'The real Portkey', 'npm ci --prefix test/portkey');
}

/** Skip reason for the tests of the install without the pins (in `unpinnedDir`) when it is not there. */
export function unpinnedPortkeySkip(unpinnedDir: string): false | string {
  return notInstalledSkip(portkeyInstalled(unpinnedDir), 'The unpinned Portkey', 'npm ci --prefix test/portkey/unpinned');
}

/** Skip reason for a test that drives the agent CLIs (LangChain included) when they are not installed. */
export function agentsSkip(): false | string {
  return notInstalledSkip(agentsInstalled(), 'The agent CLIs', 'npm install --prefix test/agents');
}

/** The running company side. */
export interface PortkeyWorld {
  tokenEndpoint: TokenEndpoint;
  provider: MockProvider;
  portkey: RealPortkey;
  front: AlbFront;
  /** GATEWAY_URL (the front), client id and secret, token endpoint: for `serve`, never for agents. */
  gatewayEnv: Record<string, string>;
  close(): Promise<void>;
}

/** Starts the token endpoint, the mock provider, Portkey (from `installDir`) and the front. */
export async function startPortkeyWorld(installDir = PORTKEY_DIR): Promise<PortkeyWorld> {
  const tokenEndpoint = await new TokenEndpoint({ clientId: WORLD_CLIENT_ID, clientSecret: WORLD_CLIENT_SECRET }).start();
  const provider = await new MockProvider().start();
  const portkey = await startPortkey(installDir);
  const front = await new AlbFront({ portkeyUrl: portkey.url, issuer: tokenEndpoint.issuer, providerOrigin: provider.origin }).start();
  return {
    tokenEndpoint,
    provider,
    portkey,
    front,
    gatewayEnv: { GATEWAY_URL: front.url, GATEWAY_CLIENT_ID: WORLD_CLIENT_ID, GATEWAY_CLIENT_SECRET: WORLD_CLIENT_SECRET, GATEWAY_TOKEN_ENDPOINT: tokenEndpoint.url },
    async close() {
      await front.close();
      await portkey.close();
      await Promise.all([provider.close(), tokenEndpoint.close()]);
    },
  };
}
