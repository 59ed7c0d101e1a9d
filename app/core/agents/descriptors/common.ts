/** Small pure helpers the agent descriptors share: URLs, model -> provider, quoting, key masking. */
import type { Provider } from '../../../contract/providers.js';

/** Which gateway provider serves a model, by its name; `fallback` when the name says nothing. */
export function providerOfModel(model: string, fallback: Provider): Provider {
  const m = model.toLowerCase();
  if (m.startsWith('claude') || m.startsWith('anthropic')) return 'anthropic';
  if (m.startsWith('gemini') || m.startsWith('gemma')) return 'google';
  if (/^(gpt|o\d|chatgpt|text-embedding|codex)/.test(m)) return fallback === 'azure-openai' ? 'azure-openai' : 'openai';
  return fallback;
}

/** `http://127.0.0.1:PORT/<provider>` (no trailing slash). */
export function proxyPrefix(proxyUrl: string, provider: Provider): string {
  return `${proxyUrl.replace(/\/+$/, '')}/${provider}`;
}

/** The gateway URL without a trailing slash or `/v1`. */
export function gatewayRoot(gatewayUrl: string): string {
  return gatewayUrl.replace(/\/+$/, '').replace(/\/v1$/, '');
}

/** Groups models by the provider that serves them, keeping order. */
export function modelsByProvider(models: string[], fallback: Provider): Map<Provider, string[]> {
  const groups = new Map<Provider, string[]>();
  for (const model of models) {
    const provider = providerOfModel(model, fallback);
    groups.set(provider, [...(groups.get(provider) ?? []), model]);
  }
  return groups;
}

/** One shell command line from argv, quoted for POSIX shells (Claude runs apiKeyHelper through a shell). */
export function shellCommand(argv: string[]): string {
  return argv.map((arg) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/** Reads a nested value from parsed config without trusting its shape. */
export function pick(value: unknown, ...keys: string[]): unknown {
  let current = value;
  for (const key of keys) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** A string value, or undefined. */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** True when an environment variable is set to something non-blank. */
export function isSet(env: Record<string, string | undefined>, name: string): boolean {
  const value = env[name];
  return value !== undefined && value.trim() !== '';
}
