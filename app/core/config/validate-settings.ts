/** Validation of the four gateway values, with messages that name the problem and the fix. */
import type { ErrorDto } from '../../contract/errors.js';
import { isLoopbackHost } from '../net/loopback.js';

/** The values a validation looks at; the secret only for presence. */
export interface SettingsToValidate {
  gatewayUrl?: string | undefined;
  clientId?: string | undefined;
  clientSecret?: string | undefined;
  hasStoredSecret?: boolean;
  tokenEndpoint?: string | undefined;
  scope?: string | undefined;
  port?: number | undefined;
}

function invalid(field: string, message: string): ErrorDto {
  return { code: 'settings_invalid', field, message };
}

function missing(field: string, message: string): ErrorDto {
  return { code: 'settings_missing', field, message };
}

function parseUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

function checkGatewayUrl(value: string | undefined): ErrorDto | null {
  const name = 'GATEWAY_URL (gateway URL)';
  if (!value?.trim()) return missing('gatewayUrl', `${name} is not set. Set it to the load balancer's address, e.g. https://ai-gateway.example.com (terraform output alb_dns_name).`);
  const url = parseUrl(value.trim());
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    return invalid('gatewayUrl', `${name} is not a web address. Write it with its scheme, e.g. https://ai-gateway.example.com.`);
  }
  if (url.username || url.password) return invalid('gatewayUrl', `${name} contains a user name or password. Remove them: the app authenticates with a token.`);
  if (url.search || url.hash) return invalid('gatewayUrl', `${name} has a query or fragment. Use the bare address, e.g. ${url.origin}.`);
  if (/\/v1\/?$/.test(url.pathname)) {
    return invalid('gatewayUrl', `${name} ends in /v1. Remove it (use ${url.origin}${url.pathname.replace(/\/v1\/?$/, '')}): agents and the proxy add /v1/... themselves.`);
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return invalid('gatewayUrl', `${name} uses http://, which would send the company token unencrypted. Use https://${url.host}${url.pathname === '/' ? '' : url.pathname}.`);
  }
  return null;
}

function checkTokenEndpoint(value: string | undefined): ErrorDto | null {
  const name = 'GATEWAY_TOKEN_ENDPOINT (token endpoint)';
  if (!value?.trim()) return missing('tokenEndpoint', `${name} is not set. Set it to the Cognito token URL, e.g. https://your-domain.auth.us-east-1.amazoncognito.com/oauth2/token.`);
  const url = parseUrl(value.trim());
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    return invalid('tokenEndpoint', `${name} is not a web address. Write the full URL, e.g. https://your-domain.auth.us-east-1.amazoncognito.com/oauth2/token.`);
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return invalid('tokenEndpoint', `${name} uses http://, which would send the client secret unencrypted. Use https:// (only 127.0.0.1 and localhost may use http).`);
  }
  if (url.username || url.password) return invalid('tokenEndpoint', `${name} contains a user name or password. Remove them and set GATEWAY_CLIENT_ID and GATEWAY_CLIENT_SECRET instead.`);
  if (url.pathname === '/' || url.pathname === '') {
    return invalid('tokenEndpoint', `${name} has no path. The Cognito token endpoint ends in /oauth2/token, e.g. ${url.origin}/oauth2/token.`);
  }
  return null;
}

/** Every problem with the given values, as field-tagged errors; empty when they are fine. */
export function validateSettings(input: SettingsToValidate): ErrorDto[] {
  const errors: ErrorDto[] = [];
  const gateway = checkGatewayUrl(input.gatewayUrl);
  if (gateway) errors.push(gateway);
  const endpoint = checkTokenEndpoint(input.tokenEndpoint);
  if (endpoint) errors.push(endpoint);
  const clientId = input.clientId?.trim();
  if (!clientId) errors.push(missing('clientId', 'GATEWAY_CLIENT_ID (client ID) is not set. Copy it from the Cognito app client.'));
  else if (/\s/.test(clientId)) errors.push(invalid('clientId', 'GATEWAY_CLIENT_ID (client ID) contains spaces. Paste it again without spaces or line breaks.'));
  if (!input.clientSecret && !input.hasStoredSecret) {
    errors.push(missing('clientSecret', 'GATEWAY_CLIENT_SECRET (client secret) is not set. Enter it (it is kept in the OS keyring where there is one), or export GATEWAY_CLIENT_SECRET.'));
  } else if (input.clientSecret !== undefined && /\s/.test(input.clientSecret)) {
    errors.push(invalid('clientSecret', 'GATEWAY_CLIENT_SECRET (client secret) contains spaces or a line break. Paste it again exactly as Cognito shows it.'));
  }
  if (input.scope !== undefined && input.scope !== '' && !/^[\x21\x23-\x5b\x5d-\x7e]+( [\x21\x23-\x5b\x5d-\x7e]+)*$/.test(input.scope)) {
    errors.push(invalid('scope', 'GATEWAY_SCOPE (scope) is not a space-separated list of scopes, e.g. "gateway/invoke". Remove quotes and extra spaces.'));
  }
  if (input.port !== undefined && (!Number.isInteger(input.port) || input.port < 1 || input.port > 65535)) {
    errors.push(invalid('port', `Port ${String(input.port)} is not a TCP port. Choose a whole number from 1 to 65535.`));
  }
  return errors;
}
