import { parseDeploymentMap, PROVIDERS } from '../../../../app/contract';
import type { Provider, ProviderOptions } from '../../../../app/contract';

/** The provider options as the form edits them: every input as typed text. */
export interface ProviderOptionValues {
  resourceName: string;
  deploymentId: string;
  /** `model=deployment` pairs, one per line or comma-separated. */
  deployments: string;
  apiVersion: string;
  /** `name: value` lines. */
  headers: string;
  providerHeaders: Record<Provider, string>;
}

function headerLines(headers: Record<string, string> | undefined): string {
  return Object.entries(headers ?? {})
    .map(([name, value]) => `${name}: ${value}`)
    .join('\n');
}

/** The form's text for stored options. */
export function providerOptionValues(options: ProviderOptions | undefined): ProviderOptionValues {
  return {
    resourceName: options?.azure.resourceName ?? '',
    deploymentId: options?.azure.deploymentId ?? '',
    deployments: Object.entries(options?.azure.deployments ?? {})
      .map(([model, deployment]) => `${model}=${deployment}`)
      .join('\n'),
    apiVersion: options?.azure.apiVersion ?? '',
    headers: headerLines(options?.headers),
    providerHeaders: Object.fromEntries(PROVIDERS.map((p) => [p, headerLines(options?.providerHeaders[p])])) as Record<Provider, string>,
  };
}

/** `name: value` (or `name=value`) lines to a header map; a line without a separator becomes a name the app then refuses by name. */
function parseHeaderLines(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const at = line.search(/[:=]/);
    if (at === -1) out[line] = '';
    else out[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim();
  }
  return out;
}

/** The options to save from the form's text. */
export function toProviderOptions(values: ProviderOptionValues): ProviderOptions {
  const { deployments } = parseDeploymentMap(values.deployments);
  const providerHeaders: ProviderOptions['providerHeaders'] = {};
  for (const provider of PROVIDERS) {
    const parsed = parseHeaderLines(values.providerHeaders[provider]);
    if (Object.keys(parsed).length > 0) providerHeaders[provider] = parsed;
  }
  return {
    azure: { resourceName: values.resourceName.trim(), deploymentId: values.deploymentId.trim(), deployments, apiVersion: values.apiVersion.trim() },
    headers: parseHeaderLines(values.headers),
    providerHeaders,
  };
}
