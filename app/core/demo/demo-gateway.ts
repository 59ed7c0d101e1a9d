/** The demo: a labelled token endpoint and gateway on 127.0.0.1, plus the settings that point the app at them. */
import { randomBytes } from 'node:crypto';
import type { SettingsInput } from '../../contract/api.js';
import { GatewayDouble, type GatewayDoubleOptions } from './gateway-double.js';
import { TokenEndpoint } from './token-endpoint.js';

/** A running demo gateway. */
export interface DemoGateway {
  tokenEndpoint: TokenEndpoint;
  gateway: GatewayDouble;
  /** The four values, as a user would type them. */
  settings: Required<Pick<SettingsInput, 'gatewayUrl' | 'clientId' | 'clientSecret' | 'tokenEndpoint'>>;
  close(): Promise<void>;
}

/** Starts both servers. Short token lifetimes make refreshes visible; latencies make streams look real. */
export async function startDemoGateway(options: { lifetimeSeconds?: number } & Partial<Omit<GatewayDoubleOptions, 'jwks' | 'issuer'>> = {}): Promise<DemoGateway> {
  const clientId = 'demo-client';
  const clientSecret = `demo-${randomBytes(12).toString('hex')}`;
  const tokenEndpoint = await new TokenEndpoint({ clientId, clientSecret, lifetimeSeconds: options.lifetimeSeconds ?? 180 }).start();
  const { lifetimeSeconds: _l, ...gatewayOptions } = options;
  const gateway = await new GatewayDouble({ ...gatewayOptions, jwks: tokenEndpoint.jwks, issuer: tokenEndpoint.issuer }).start();
  gateway.script = (c) => ({
    text: `Hello from the demo gateway! This answer came from the ${c.provider} route (model ${c.model}) through your local AI Gateway proxy. Nothing left this machine.`,
  });
  return {
    tokenEndpoint,
    gateway,
    settings: { gatewayUrl: gateway.url, clientId, clientSecret, tokenEndpoint: tokenEndpoint.url },
    async close() {
      await Promise.all([gateway.close(), tokenEndpoint.close()]);
    },
  };
}
