/**
 * Provider options: what the company's Portkey needs beyond `x-portkey-provider`. The Azure resource,
 * deployment (or a model -> deployment map) and API version, and extra `x-portkey-*` headers (a config
 * id, a virtual key) for all providers or one. From the settings file, with environment variables over
 * it; turned into the headers the proxy adds, and into the message naming what is missing.
 */
import type { AzureOptions, ProviderOptions } from '../../contract/api.js';
import { parseDeploymentMap } from '../../contract/deployments.js';
import type { ErrorDto } from '../../contract/errors.js';
import { PROVIDERS, type Provider } from '../../contract/providers.js';
import { AppError } from '../errors.js';

/** The environment variables for provider options, documented in the README. */
export const PROVIDER_OPTION_ENV = {
  azureResourceName: 'GATEWAY_AZURE_RESOURCE_NAME',
  azureDeploymentId: 'GATEWAY_AZURE_DEPLOYMENT_ID',
  /** `model=deployment,model=deployment` */
  azureDeployments: 'GATEWAY_AZURE_DEPLOYMENTS',
  azureApiVersion: 'GATEWAY_AZURE_API_VERSION',
  /** A JSON object of `x-portkey-*` headers for every provider. */
  headers: 'GATEWAY_PORTKEY_HEADERS',
} as const;

/** `GATEWAY_PORTKEY_HEADERS_<PROVIDER>` (AZURE_OPENAI for azure-openai): headers for one provider. */
export function providerHeadersEnv(provider: Provider): string {
  return `${PROVIDER_OPTION_ENV.headers}_${provider.toUpperCase().replace(/-/g, '_')}`;
}

/** No options: what a fresh install has. */
export function emptyProviderOptions(): ProviderOptions {
  return { azure: { resourceName: '', deploymentId: '', deployments: {}, apiVersion: '' }, headers: {}, providerHeaders: {} };
}

// The proxy sets these itself: a user value would fight the routing by path prefix.
const OWNED = new Set(['x-portkey-provider']);
/**
 * Headers that would send the request, and with it `Authorization` (the company JWT, which Portkey uses as
 * the provider key), somewhere other than the provider: refused with the reason.
 */
const REDIRECTING: Record<string, string> = {
  'x-portkey-custom-host': 'it sends the request, with the company token as its key, to another host',
  'x-portkey-forward-headers': 'it forwards request headers (the company token among them) to the provider',
  'x-portkey-azure-foundry-url': 'it sends the request, with the company token as its key, to another host',
  'x-portkey-huggingface-base-url': 'it sends the request, with the company token as its key, to another host',
};
/**
 * The Portkey request headers (its gateway's HEADER_KEYS and provider options, for the four providers
 * the proxy routes) that change how, not where, a request goes. Anything else is refused.
 */
const ALLOWED = new Set([
  'x-portkey-config',
  'x-portkey-virtual-key',
  'x-portkey-api-key',
  'x-portkey-trace-id',
  'x-portkey-metadata',
  'x-portkey-cache',
  'x-portkey-cache-force-refresh',
  'x-portkey-cache-namespace',
  'x-portkey-retry-count',
  'x-portkey-request-timeout',
  'x-portkey-strict-open-ai-compliance',
  'x-portkey-azure-resource-name',
  'x-portkey-azure-deployment-id',
  'x-portkey-azure-api-version',
  'x-portkey-azure-model-name',
  'x-portkey-azure-auth-mode',
  'x-portkey-azure-ad-token',
  'x-portkey-azure-managed-client-id',
  'x-portkey-azure-workload-client-id',
  'x-portkey-azure-entra-client-id',
  'x-portkey-azure-entra-client-secret',
  'x-portkey-azure-entra-tenant-id',
  'x-portkey-azure-entra-scope',
  'x-portkey-anthropic-beta',
  'x-portkey-anthropic-version',
  'x-portkey-openai-beta',
  'x-portkey-openai-organization',
  'x-portkey-openai-project',
]);
/** Keys of an inline `x-portkey-config` (and its targets) that redirect the request like the headers above. */
const REDIRECTING_CONFIG_KEYS = new Set(['custom_host', 'forward_headers']);
const HEADER_NAME = /^x-portkey-[a-z0-9][a-z0-9-]*$/;
/** Field values may not hold control characters but tab (RFC 9110 5.5): a CR/LF would split the request. */
function hasControl(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09) || c === 0x7f) return true;
  }
  return false;
}

/** The first redirecting key anywhere in an inline JSON config, or null (a config id like pc-abc is the gateway team's). */
function redirectingConfigKey(value: string): string | null {
  if (!value.trimStart().startsWith('{')) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return null; // Portkey itself answers "Invalid config passed".
  }
  const visit = (node: unknown): string | null => {
    if (Array.isArray(node)) {
      for (const item of node) {
        const found = visit(item);
        if (found) return found;
      }
      return null;
    }
    if (typeof node !== 'object' || node === null) return null;
    for (const [key, child] of Object.entries(node)) {
      if (REDIRECTING_CONFIG_KEYS.has(key)) return key;
      const found = visit(child);
      if (found) return found;
    }
    return null;
  };
  return visit(parsed);
}

/** Problems with a header map, naming the setting and the fix; empty when fine. */
export function checkPortkeyHeaders(headers: Record<string, string>, where: string): ErrorDto[] {
  const errors: ErrorDto[] = [];
  const fail = (message: string) => errors.push({ code: 'settings_invalid', field: 'providerOptions', message: `${where}: ${message}` });
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (!HEADER_NAME.test(lower)) {
      fail(`"${name}" is not an x-portkey-* header. Only Portkey's own headers (x-portkey-config, x-portkey-virtual-key, ...) may be set here.`);
    } else if (OWNED.has(lower)) {
      fail(`${lower} is set by the proxy from the path (/anthropic, /openai, ...). Remove it.`);
    } else if (REDIRECTING[lower]) {
      fail(`${lower} is refused: ${REDIRECTING[lower]}. Remove it; a target of your own belongs in a Portkey config the gateway team stores (x-portkey-config=pc-...).`);
    } else if (!ALLOWED.has(lower)) {
      fail(`${lower} is not one the proxy passes on. Allowed: ${[...ALLOWED].join(', ')}.`);
    } else if (typeof value !== 'string' || value === '' || hasControl(value) || value.length > 8192) {
      fail(`the value of ${lower} must be non-empty text on one line (at most 8 KiB).`);
    } else if (lower === 'x-portkey-config' && redirectingConfigKey(value)) {
      fail(`the inline x-portkey-config holds "${redirectingConfigKey(value)}", which sends the request (with the company token as its key) elsewhere. Remove it, or use a stored config id (pc-...).`);
    }
  }
  return errors;
}

/** Every problem with a set of options. */
export function checkProviderOptions(options: ProviderOptions): ErrorDto[] {
  const errors = checkPortkeyHeaders(options.headers, 'Portkey headers');
  for (const provider of PROVIDERS) errors.push(...checkPortkeyHeaders(options.providerHeaders[provider] ?? {}, `Portkey headers for ${provider}`));
  const azure = options.azure;
  if (azure.resourceName && !/^[a-z0-9][a-z0-9-]{0,62}$/i.test(azure.resourceName)) {
    errors.push({ code: 'settings_invalid', field: 'providerOptions', message: `Azure resource name "${azure.resourceName}" is not one: use NAME from https://NAME.openai.azure.com (letters, digits, hyphens).` });
  }
  for (const [label, value] of [['deployment', azure.deploymentId], ['API version', azure.apiVersion], ...Object.values(azure.deployments).map((d) => ['deployment', d] as const)] as const) {
    if (value && !/^[\w.-]{1,128}$/.test(value)) errors.push({ code: 'settings_invalid', field: 'providerOptions', message: `Azure ${label} "${value}" may hold only letters, digits, '.', '_' and '-'.` });
  }
  return errors;
}

/** Parses `GATEWAY_AZURE_DEPLOYMENTS=model=deployment,model=deployment`. */
function parseDeployments(text: string): Record<string, string> {
  const { deployments, invalid } = parseDeploymentMap(text);
  if (invalid.length > 0) throw new AppError('settings_invalid', `${PROVIDER_OPTION_ENV.azureDeployments} must be model=deployment pairs separated by commas, e.g. gpt-4.1=prod-gpt41,gpt-4o=prod-4o.`, { field: 'providerOptions' });
  return deployments;
}

/** Parses a JSON object of headers from an environment variable. */
function parseHeaderJson(name: string, text: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  // Only the shape here: checkPortkeyHeaders judges each name and value (a non-text value included), naming the header.
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new AppError('settings_invalid', `${name} must be a JSON object of header names to text values, e.g. {"x-portkey-config":"pc-abc123"}.`, { field: 'providerOptions' });
  }
  return lowerKeys(parsed as Record<string, string>);
}

function lowerKeys(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = value;
  return out;
}

/** The stored options with environment variables over them; `fromEnvironment` says whether any was set. */
export function resolveProviderOptions(stored: Partial<ProviderOptions> | undefined, env: Record<string, string | undefined>): { options: ProviderOptions; fromEnvironment: boolean } {
  const base = emptyProviderOptions();
  const azure: AzureOptions = { ...base.azure, ...stored?.azure, deployments: { ...stored?.azure?.deployments } };
  const options: ProviderOptions = { azure, headers: lowerKeys(stored?.headers ?? {}), providerHeaders: {} };
  for (const provider of PROVIDERS) {
    const own = stored?.providerHeaders?.[provider];
    if (own) options.providerHeaders[provider] = lowerKeys(own);
  }
  let fromEnvironment = false;
  const take = (name: string): string | undefined => {
    const value = env[name];
    if (value === undefined || value.trim() === '') return undefined;
    fromEnvironment = true;
    return value.trim();
  };
  azure.resourceName = take(PROVIDER_OPTION_ENV.azureResourceName) ?? azure.resourceName;
  azure.deploymentId = take(PROVIDER_OPTION_ENV.azureDeploymentId) ?? azure.deploymentId;
  azure.apiVersion = take(PROVIDER_OPTION_ENV.azureApiVersion) ?? azure.apiVersion;
  const deployments = take(PROVIDER_OPTION_ENV.azureDeployments);
  if (deployments) azure.deployments = { ...azure.deployments, ...parseDeployments(deployments) };
  const headers = take(PROVIDER_OPTION_ENV.headers);
  if (headers) options.headers = { ...options.headers, ...parseHeaderJson(PROVIDER_OPTION_ENV.headers, headers) };
  for (const provider of PROVIDERS) {
    const name = providerHeadersEnv(provider);
    const own = take(name);
    if (own) options.providerHeaders[provider] = { ...options.providerHeaders[provider], ...parseHeaderJson(name, own) };
  }
  return { options, fromEnvironment };
}

/** True when the user's headers route the request by a Portkey config or virtual key, which carries the provider's own options. */
function configured(headers: Record<string, string>): boolean {
  return 'x-portkey-config' in headers || 'x-portkey-virtual-key' in headers;
}

/** The headers a provider's request gets: global, then the Azure options, then that provider's own. */
export function portkeyHeadersFor(options: ProviderOptions, provider: Provider, model: string | null): Record<string, string> {
  const out: Record<string, string> = { ...options.headers };
  if (provider === 'azure-openai') {
    const { resourceName, apiVersion } = options.azure;
    const deployment = (model ? options.azure.deployments[model] : undefined) ?? options.azure.deploymentId;
    if (resourceName) out['x-portkey-azure-resource-name'] = resourceName;
    if (deployment) out['x-portkey-azure-deployment-id'] = deployment;
    if (apiVersion) out['x-portkey-azure-api-version'] = apiVersion;
  }
  Object.assign(out, options.providerHeaders[provider]);
  return out;
}

/**
 * What a provider's request lacks, as a message naming the setting to set, or null. Only azure-openai
 * has required options (Portkey calls https://undefined.openai.azure.com without them), unless a
 * Portkey config or virtual key supplies them.
 */
export function missingProviderOption(options: ProviderOptions, provider: Provider, model: string | null): string | null {
  if (provider !== 'azure-openai') return null;
  const headers = portkeyHeadersFor(options, provider, model);
  if (configured(headers)) return null;
  const missing: string[] = [];
  if (!headers['x-portkey-azure-resource-name']) missing.push(`the Azure resource name: set ${PROVIDER_OPTION_ENV.azureResourceName}, \`ai-gateway login --azure-resource NAME\`, or Settings > Provider options`);
  if (!headers['x-portkey-azure-deployment-id']) {
    missing.push(`the Azure deployment${model ? ` for ${model}` : ''}: set ${PROVIDER_OPTION_ENV.azureDeploymentId} (or ${PROVIDER_OPTION_ENV.azureDeployments}=${model ?? 'model'}=deployment), \`ai-gateway login --azure-deployment ID\`, or Settings > Provider options`);
  }
  if (!headers['x-portkey-azure-api-version']) missing.push(`the Azure API version: set ${PROVIDER_OPTION_ENV.azureApiVersion} (e.g. 2024-10-21), \`ai-gateway login --azure-api-version VERSION\`, or Settings > Provider options`);
  return missing.length === 0 ? null : `azure-openai needs ${missing.join('; and ')}.`;
}
