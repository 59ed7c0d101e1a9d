/** The upstream providers the company gateway routes to, by the value of `x-portkey-provider`. */
export const PROVIDERS = ['anthropic', 'openai', 'google', 'azure-openai'] as const;

/** One of the gateway's providers; also the proxy's path prefix (`/anthropic/...`). */
export type Provider = (typeof PROVIDERS)[number];

/** True when `value` names a provider the gateway knows. */
export function isProvider(value: string): value is Provider {
  return (PROVIDERS as readonly string[]).includes(value);
}

/** Human names for the UI and CLI output. */
export const PROVIDER_LABELS: Record<Provider, string> = {
  anthropic: 'Anthropic',
  openai: 'OpenAI',
  google: 'Google',
  'azure-openai': 'Azure OpenAI',
};

/** Models used by the connectivity test and offered first in the wizards; all are settings. */
export const DEFAULT_TEST_MODELS: Record<Provider, string> = {
  anthropic: 'claude-sonnet-4-6',
  openai: 'gpt-4.1-mini',
  google: 'gemini-2.5-flash',
  'azure-openai': 'gpt-4.1-mini',
};
