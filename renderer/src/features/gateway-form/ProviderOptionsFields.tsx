import { useId } from 'react';
import { PROVIDER_LABELS, PROVIDERS } from '../../../../app/contract';
import type { Provider } from '../../../../app/contract';
import { Field } from '../../components/Field';
import type { ProviderOptionValues } from './provider-options-values';

/** Props of the provider options fieldset. */
export interface ProviderOptionsFieldsProps {
  values: ProviderOptionValues;
  onChange(values: ProviderOptionValues): void;
  /** The app's refusal of a value, if any. */
  error: string | undefined;
  /** True when environment variables set some options (they win over what is saved here). */
  fromEnvironment: boolean;
}

function HeaderLines({ label, value, onChange, hint }: { label: string; value: string; onChange(value: string): void; hint: string }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea id={id} rows={2} spellCheck={false} value={value} placeholder="x-portkey-config: pc-abc123" onChange={(e) => onChange(e.target.value)} aria-describedby={`${id}-hint`} />
      <p className="field-hint" id={`${id}-hint`}>
        {hint}
      </p>
    </div>
  );
}

/** Azure OpenAI's resource, deployment and API version, and extra x-portkey-* headers your gateway team may ask for. */
export function ProviderOptionsFields({ values, onChange, error, fromEnvironment }: ProviderOptionsFieldsProps) {
  const set = <K extends keyof ProviderOptionValues>(key: K, value: ProviderOptionValues[K]) => onChange({ ...values, [key]: value });
  const setProvider = (provider: Provider, text: string) => set('providerHeaders', { ...values.providerHeaders, [provider]: text });
  return (
    <fieldset className="fieldset" aria-label="Provider options">
      <legend>Provider options</legend>
      <p className="field-hint">
        What your company&apos;s Portkey needs beyond the provider. Azure OpenAI needs all three of resource, deployment and API version unless a Portkey config supplies them.
        {fromEnvironment ? ' Some are set by environment variables (GATEWAY_AZURE_*, GATEWAY_PORTKEY_HEADERS*), which win over what you save here.' : ''}
      </p>
      <div className="form-grid">
        <Field label="Azure resource name" name="azureResourceName" spellCheck={false} placeholder="my-resource" value={values.resourceName} onChange={(v) => set('resourceName', v)} hint="NAME in https://NAME.openai.azure.com" />
        <Field label="Azure deployment" name="azureDeploymentId" spellCheck={false} placeholder="gpt-4-1-prod" value={values.deploymentId} onChange={(v) => set('deploymentId', v)} hint="Used for every model without its own entry below." />
        <Field label="Azure API version" name="azureApiVersion" spellCheck={false} placeholder="2024-10-21" value={values.apiVersion} onChange={(v) => set('apiVersion', v)} />
        <Field label="Azure deployment per model" name="azureDeployments" spellCheck={false} placeholder="gpt-4.1=prod-gpt41, gpt-4o=prod-4o" value={values.deployments} onChange={(v) => set('deployments', v)} />
      </div>
      <HeaderLines label="Portkey headers for every provider" value={values.headers} onChange={(v) => set('headers', v)} hint="One x-portkey-* header per line, e.g. a config id or virtual key from your gateway team." />
      <div className="form-grid">
        {PROVIDERS.map((provider) => (
          <HeaderLines key={provider} label={`Portkey headers for ${PROVIDER_LABELS[provider]}`} value={values.providerHeaders[provider]} onChange={(v) => setProvider(provider, v)} hint="Sent on this provider's requests only." />
        ))}
      </div>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
