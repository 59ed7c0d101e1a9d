/** `login`'s provider-option flags: parsed and checked, then laid over the stored options. */
import type { ProviderOptions } from '../../contract/api.js';
import { parseDeploymentMap } from '../../contract/deployments.js';
import { isProvider, PROVIDERS } from '../../contract/providers.js';
import { checkProviderOptions, emptyProviderOptions } from '../../core/config/provider-options.js';
import { AppError } from '../../core/errors.js';
import type { OptionSpec } from '../command.js';

/** The flags, for a command's `options`. */
export const PROVIDER_FLAGS: Record<string, OptionSpec> = {
  'azure-resource': { type: 'string', help: 'Azure OpenAI resource name (NAME in https://NAME.openai.azure.com), sent as x-portkey-azure-resource-name.', valueName: 'NAME' },
  'azure-deployment': { type: 'string', help: 'Azure deployment for every model, sent as x-portkey-azure-deployment-id.', valueName: 'ID' },
  'azure-deployments': { type: 'string', help: 'Azure deployment per model: model=deployment,model=deployment.', valueName: 'MAP' },
  'azure-api-version': { type: 'string', help: 'Azure API version, e.g. 2024-10-21 (x-portkey-azure-api-version).', valueName: 'VERSION' },
  'portkey-header': { type: 'string', multiple: true, help: 'An x-portkey-* header for every provider, e.g. x-portkey-config=pc-abc (repeatable; an empty value removes it).', valueName: 'NAME=VALUE' },
  'provider-header': { type: 'string', multiple: true, help: 'An x-portkey-* header for one provider, e.g. google:x-portkey-virtual-key=vk-1 (repeatable).', valueName: 'PROVIDER:NAME=VALUE' },
};

function nameValue(text: string, flag: string): [string, string] {
  const at = text.indexOf('=');
  if (at <= 0) throw new AppError('bad_request', `--${flag} takes NAME=VALUE, e.g. --${flag} x-portkey-config=pc-abc123; got "${text}".`);
  return [text.slice(0, at).trim().toLowerCase(), text.slice(at + 1).trim()];
}

/** True when any provider flag was given. */
export function hasProviderFlags(values: Record<string, unknown>): boolean {
  return Object.keys(PROVIDER_FLAGS).some((flag) => values[flag] !== undefined);
}

/** The stored options with the flags laid over them; a usage error naming the flag when one is wrong. */
export function applyProviderFlags(stored: Partial<ProviderOptions> | undefined, values: Record<string, unknown>): ProviderOptions {
  const base = emptyProviderOptions();
  const next: ProviderOptions = {
    azure: { ...base.azure, ...stored?.azure, deployments: { ...stored?.azure?.deployments } },
    headers: { ...stored?.headers },
    providerHeaders: Object.fromEntries(Object.entries(stored?.providerHeaders ?? {}).map(([p, h]) => [p, { ...h }])),
  };
  const text = (flag: string) => (typeof values[flag] === 'string' ? (values[flag] as string).trim() : undefined);
  next.azure.resourceName = text('azure-resource') ?? next.azure.resourceName;
  next.azure.deploymentId = text('azure-deployment') ?? next.azure.deploymentId;
  next.azure.apiVersion = text('azure-api-version') ?? next.azure.apiVersion;
  const map = text('azure-deployments');
  if (map !== undefined) {
    const { deployments, invalid } = parseDeploymentMap(map);
    if (invalid.length > 0) throw new AppError('bad_request', `--azure-deployments takes MODEL=DEPLOYMENT pairs separated by commas, e.g. --azure-deployments gpt-4.1=prod-41,gpt-4o=prod-4o; got "${invalid[0]}".`);
    next.azure.deployments = deployments;
  }
  for (const entry of (values['portkey-header'] as string[] | undefined) ?? []) {
    const [name, value] = nameValue(entry, 'portkey-header');
    if (value === '') delete next.headers[name];
    else next.headers[name] = value;
  }
  for (const entry of (values['provider-header'] as string[] | undefined) ?? []) {
    const colon = entry.indexOf(':');
    const provider = colon === -1 ? '' : entry.slice(0, colon).trim();
    if (!isProvider(provider)) throw new AppError('bad_request', `--provider-header takes PROVIDER:NAME=VALUE with PROVIDER one of ${PROVIDERS.join(', ')}; got "${entry}".`);
    const [name, value] = nameValue(entry.slice(colon + 1), 'provider-header');
    const own = (next.providerHeaders[provider] ??= {});
    if (value === '') delete own[name];
    else own[name] = value;
  }
  const first = checkProviderOptions(next)[0];
  if (first) throw new AppError('bad_request', first.message);
  return next;
}
