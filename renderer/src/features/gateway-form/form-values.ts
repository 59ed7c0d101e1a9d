import { DEFAULT_TEST_MODELS, PROVIDERS } from '../../../../app/contract';
import type { AuthMethod, Provider, PublicSettings, SettingsInput } from '../../../../app/contract';
import { providerOptionValues, toProviderOptions, type ProviderOptionValues } from './provider-options-values';

/** What the gateway form edits: every input as the text the user typed. */
export interface FormValues {
  gatewayUrl: string;
  clientId: string;
  clientSecret: string;
  tokenEndpoint: string;
  scope: string;
  authMethod: AuthMethod;
  port: string;
  testModels: Record<Provider, string>;
  providerOptions: ProviderOptionValues;
}

/** The fields errors can point at, in the order they appear. */
export type FieldName = 'gatewayUrl' | 'clientId' | 'clientSecret' | 'tokenEndpoint' | 'scope' | 'port' | 'authMethod' | 'providerOptions';

/** The form's starting values: the current settings, or blanks on first run. */
export function initialValues(settings: PublicSettings | null): FormValues {
  return {
    gatewayUrl: settings?.gatewayUrl ?? '',
    clientId: settings?.clientId ?? '',
    clientSecret: '',
    tokenEndpoint: settings?.tokenEndpoint ?? '',
    scope: settings?.scope ?? '',
    authMethod: settings?.authMethod ?? 'client_secret_basic',
    port: settings ? String(settings.port) : '',
    testModels: { ...DEFAULT_TEST_MODELS, ...(settings?.testModels ?? {}) },
    providerOptions: providerOptionValues(settings?.providerOptions),
  };
}

/**
 * The SettingsInput for the api. An empty secret is left out so the stored one is kept; advanced values
 * are only sent from the settings screen, so first run keeps the app's defaults.
 */
export function toSettingsInput(values: FormValues, advanced: boolean): SettingsInput {
  const input: SettingsInput = {
    gatewayUrl: values.gatewayUrl.trim(),
    clientId: values.clientId.trim(),
    tokenEndpoint: values.tokenEndpoint.trim(),
    scope: values.scope.trim(),
  };
  if (values.clientSecret !== '') input.clientSecret = values.clientSecret;
  if (advanced) {
    input.authMethod = values.authMethod;
    if (values.port.trim() !== '') input.port = Number(values.port.trim());
    const models: Partial<Record<Provider, string>> = {};
    for (const provider of PROVIDERS) {
      const model = values.testModels[provider].trim();
      if (model) models[provider] = model;
    }
    input.testModels = models;
    input.providerOptions = toProviderOptions(values.providerOptions);
  }
  return input;
}
