/**
 * Credential-like Portkey headers (an API key, a virtual key, an Azure AD token or Entra secret, an inline
 * config, which may hold `api_key`): their values are never shown (status, status --json, the UI's
 * settings) and are scrubbed from logs. A masked value sent back by the Settings form keeps the one in
 * force, but only for the gateway it was entered for, like the client secret's binding.
 */
import type { ProviderOptions } from '../../contract/api.js';
import type { ErrorDto } from '../../contract/errors.js';
import { PROVIDERS } from '../../contract/providers.js';
import { registerSecret } from '../log/redact.js';

/** What a credential header's value is shown as; sent back unchanged, it means "keep the value in force". */
export const MASKED_HEADER_VALUE = '(hidden: stored value kept)';

const CREDENTIAL_NAME = /(?:key|token|secret|password)/;

/** True when a header's value is a credential (or, for an inline config, may hold one). */
export function isCredentialHeader(name: string, value: string): boolean {
  const lower = name.toLowerCase();
  return CREDENTIAL_NAME.test(lower.replace(/^x-portkey-/, '')) || (lower === 'x-portkey-config' && value.trimStart().startsWith('{'));
}

function eachHeaderMap(options: ProviderOptions): [string, Record<string, string>][] {
  const maps: [string, Record<string, string>][] = [['', options.headers]];
  for (const provider of PROVIDERS) {
    const own = options.providerHeaders[provider];
    if (own) maps.push([provider, own]);
  }
  return maps;
}

/** `options` with every credential header's value replaced by MASKED_HEADER_VALUE. */
export function maskProviderOptions(options: ProviderOptions): ProviderOptions {
  const mask = (headers: Record<string, string>) => Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, isCredentialHeader(name, value) ? MASKED_HEADER_VALUE : value]));
  const providerHeaders: ProviderOptions['providerHeaders'] = {};
  for (const provider of PROVIDERS) {
    const own = options.providerHeaders[provider];
    if (own) providerHeaders[provider] = mask(own);
  }
  return { azure: options.azure, headers: mask(options.headers), providerHeaders };
}

/** Registers every credential header's value with the log redaction. */
export function registerProviderCredentials(options: ProviderOptions): void {
  for (const [, headers] of eachHeaderMap(options)) for (const [name, value] of Object.entries(headers)) if (isCredentialHeader(name, value)) registerSecret(value);
}

/**
 * A form's options with each masked value replaced by the value in force for the same header (and
 * provider). Refused, naming the header, when there is none or when the gateway changed: a kept
 * credential must never go to a gateway the caller of the form chose.
 */
export function restoreMaskedHeaders(input: ProviderOptions, current: ProviderOptions, sameGateway: boolean): { options: ProviderOptions; errors: ErrorDto[] } {
  const errors: ErrorDto[] = [];
  const restore = (headers: Record<string, string>, inForce: Record<string, string> | undefined, where: string) => {
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      if (value !== MASKED_HEADER_VALUE) {
        out[name] = value;
        continue;
      }
      const kept = inForce?.[name.toLowerCase()];
      if (kept !== undefined && sameGateway) out[name] = kept;
      else {
        const why = kept === undefined ? 'there is no stored value to keep' : 'the gateway URL changed, and a stored credential is only sent to the gateway it was entered for';
        errors.push({ code: 'settings_invalid', field: 'providerOptions', message: `${where}: enter the value of ${name} again (${why}).` });
      }
    }
    return out;
  };
  const headers = restore(input.headers, current.headers, 'Portkey headers');
  const providerHeaders: ProviderOptions['providerHeaders'] = {};
  for (const provider of PROVIDERS) {
    const own = input.providerHeaders[provider];
    if (own) providerHeaders[provider] = restore(own, current.providerHeaders[provider], `Portkey headers for ${provider}`);
  }
  return { options: { azure: input.azure, headers, providerHeaders }, errors };
}
