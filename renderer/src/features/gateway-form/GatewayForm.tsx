import { useMemo, useState } from 'react';
import type { FormEvent } from 'react';
import { PROVIDER_LABELS, PROVIDERS } from '../../../../app/contract';
import type { ApiError, AuthMethod, PublicSettings, SettingsInput } from '../../../../app/contract';
import { api } from '../../api';
import { Field } from '../../components/Field';
import { describeSecretStorage } from '../../components/secret-storage';
import { useAction } from '../../hooks/useAction';
import { initialValues, toSettingsInput } from './form-values';
import type { FieldName, FormValues } from './form-values';
import { useSettingsValidation } from './useSettingsValidation';
import { ProviderOptionsFields } from './ProviderOptionsFields';

/** Props of the gateway form. */
export interface GatewayFormProps {
  settings: PublicSettings | null;
  /** Settings screen: also port, auth method and test models. */
  advanced: boolean;
  submitLabel: string;
  onSaved(): void;
  /** The proxy as it runs now, and whether this is the demo: the port in use may differ from the setting. */
  running?: { port: number; demo: boolean };
}

const FIELD_NAMES: readonly FieldName[] = ['gatewayUrl', 'clientId', 'clientSecret', 'tokenEndpoint', 'scope', 'port', 'authMethod', 'providerOptions'];

function isFieldName(value: string | undefined): value is FieldName {
  return value !== undefined && (FIELD_NAMES as readonly string[]).includes(value);
}

/**
 * The four gateway values (plus scope and, on the settings screen, the advanced ones), validated by the
 * app as the user types, and saved by "Test and save", which fetches a token first.
 */
export function GatewayForm({ settings, advanced, submitLabel, onSaved, running }: GatewayFormProps) {
  const [values, setValues] = useState<FormValues>(() => initialValues(settings));
  const [touched, setTouched] = useState<ReadonlySet<FieldName>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [saved, setSaved] = useState(false);
  const input = useMemo(() => toSettingsInput(values, advanced), [values, advanced]);
  const validation = useSettingsValidation(input, touched.size > 0 || submitted);
  const [save, runSave, resetSave] = useAction(api.saveSettings);

  const set = <K extends keyof FormValues>(key: K, value: FormValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    setSaved(false);
    // A failed save's message is about the old value; keep it only until the user changes something.
    if (save.error) resetSave();
    if (isFieldName(key)) setTouched((t) => new Set(t).add(key));
  };

  const serverError: ApiError | null = save.error;
  const errorFor = (field: FieldName): string | undefined => {
    if (serverError && serverError.field === field) return serverError.message;
    if (!touched.has(field) && !submitted) return undefined;
    // An answer about a value the user has since changed would be stale: wait for the next one.
    if (validation.input && validation.input[field as keyof SettingsInput] !== input[field as keyof SettingsInput]) return undefined;
    return validation.errors.find((e) => e.field === field)?.message;
  };
  const formError = serverError && !isFieldName(serverError.field) ? serverError : null;
  const secretPresent = settings?.secret.present ?? false;
  // The stored secret is only used with the gateway URL, token endpoint and client ID it was entered for (the app refuses otherwise): say so before the save does.
  const trim = (url: string) => url.trim().replace(/\/+$/, '');
  const rebinding =
    secretPresent &&
    settings !== null &&
    (trim(values.gatewayUrl) !== trim(settings.gatewayUrl) || values.tokenEndpoint.trim() !== settings.tokenEndpoint.trim() || values.clientId.trim() !== settings.clientId.trim());
  const secretHint = rebinding
    ? 'The gateway URL, token endpoint or client ID changed: enter the client secret again. The stored one is only used with the values it was entered for, and is forgotten when they change.'
    : secretPresent && settings
      ? describeSecretStorage(settings.secret.storage)
      : 'Kept in the system keyring when there is one; never shown again.';
  const fromEnvironment = (key: 'gatewayUrl' | 'clientId' | 'clientSecret' | 'tokenEndpoint' | 'scope') =>
    settings?.sources[key] === 'environment' ? 'Set by an environment variable, which overrides what you save here.' : undefined;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    const status = await runSave(input);
    if (status) {
      setSaved(true);
      setValues((v) => ({ ...v, clientSecret: '' }));
      onSaved();
    }
  };

  return (
    <form className="form" onSubmit={submit} noValidate aria-label="Gateway settings">
      <Field
        label="Gateway URL"
        name="gatewayUrl"
        type="url"
        inputMode="url"
        autoComplete="url"
        spellCheck={false}
        placeholder="https://ai-gateway.example.com"
        value={values.gatewayUrl}
        onChange={(v) => set('gatewayUrl', v)}
        hint={fromEnvironment('gatewayUrl') ?? 'The load balancer address, without /v1.'}
        error={errorFor('gatewayUrl')}
      />
      <Field
        label="Client ID"
        name="clientId"
        autoComplete="username"
        spellCheck={false}
        value={values.clientId}
        onChange={(v) => set('clientId', v)}
        hint={fromEnvironment('clientId')}
        error={errorFor('clientId')}
      />
      <Field
        label="Client secret"
        name="clientSecret"
        type="password"
        autoComplete="current-password"
        spellCheck={false}
        placeholder={rebinding ? 'Enter the secret again for the new values' : secretPresent ? 'Leave empty to keep the current secret' : ''}
        value={values.clientSecret}
        onChange={(v) => set('clientSecret', v)}
        hint={fromEnvironment('clientSecret') ?? secretHint}
        error={errorFor('clientSecret')}
      />
      <Field
        label="Token endpoint"
        name="tokenEndpoint"
        type="url"
        inputMode="url"
        spellCheck={false}
        placeholder="https://your-domain.auth.us-east-1.amazoncognito.com/oauth2/token"
        value={values.tokenEndpoint}
        onChange={(v) => set('tokenEndpoint', v)}
        hint={fromEnvironment('tokenEndpoint')}
        error={errorFor('tokenEndpoint')}
      />
      <Field
        label="Scope (optional)"
        name="scope"
        spellCheck={false}
        placeholder="gateway/invoke"
        value={values.scope}
        onChange={(v) => set('scope', v)}
        hint={fromEnvironment('scope') ?? 'Space-separated; leave empty if your app client has a default scope.'}
        error={errorFor('scope')}
      />
      {advanced ? <AdvancedFields values={values} set={set} errorFor={errorFor} savedPort={settings?.port ?? null} running={running} /> : null}
      {advanced ? (
        <ProviderOptionsFields
          values={values.providerOptions}
          onChange={(v) => set('providerOptions', v)}
          error={errorFor('providerOptions')}
          fromEnvironment={settings?.sources.providerOptions === 'environment'}
        />
      ) : null}
      <ErrorBlock error={formError} />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={save.running} aria-describedby="save-state">
          {save.running ? 'Testing…' : submitLabel}
        </button>
        <span id="save-state" className="form-state" role="status">
          {save.running ? 'Fetching a token with these values…' : saved ? 'Saved. A token was fetched with these values.' : ''}
        </span>
      </div>
    </form>
  );
}

function ErrorBlock({ error }: { error: ApiError | null }) {
  if (!error) return null;
  return (
    <div className="callout callout-bad" role="alert">
      <strong className="callout-title">Not saved</strong>
      <span>{error.message}</span>
    </div>
  );
}

interface AdvancedProps {
  savedPort: number | null;
  running: GatewayFormProps['running'];
  values: FormValues;
  set<K extends keyof FormValues>(key: K, value: FormValues[K]): void;
  errorFor(field: FieldName): string | undefined;
}

/** The field's hint: where agents reach the proxy, and the port really in use when it is not the setting. */
function portHint(savedPort: number | null, running: GatewayFormProps['running']): string {
  const base = 'Agents reach the local proxy on 127.0.0.1 at this port (1 to 65535).';
  if (!running || running.port === savedPort) return base;
  const why = running.demo ? 'the demo always uses its own port, so agents set up in the demo never shadow real use' : 'it was started with --port, which overrides this setting';
  return `${base} In use now: port ${running.port} (${why}).`;
}

function AdvancedFields({ values, set, errorFor, savedPort, running }: AdvancedProps) {
  return (
    <>
      <div className="form-row">
        <Field
          label="Proxy port"
          name="port"
          inputMode="numeric"
          value={values.port}
          onChange={(v) => set('port', v)}
          hint={portHint(savedPort, running)}
          error={errorFor('port')}
        />
        <div className="field">
          <label htmlFor="auth-method">Authentication method</label>
          <select id="auth-method" value={values.authMethod} onChange={(e) => set('authMethod', e.target.value as AuthMethod)}>
            <option value="client_secret_basic">client_secret_basic (HTTP Basic)</option>
            <option value="client_secret_post">client_secret_post (in the form body)</option>
          </select>
          <p className="field-hint">How the client ID and secret are sent to the token endpoint.</p>
        </div>
      </div>
      <fieldset className="fieldset">
        <legend>Test models</legend>
        <p className="field-hint">The connectivity test sends one tiny request per provider with these models.</p>
        <div className="form-grid">
          {PROVIDERS.map((provider) => (
            <Field
              key={provider}
              label={PROVIDER_LABELS[provider]}
              name={`testModel-${provider}`}
              spellCheck={false}
              value={values.testModels[provider]}
              onChange={(v) => set('testModels', { ...values.testModels, [provider]: v })}
            />
          ))}
        </div>
      </fieldset>
    </>
  );
}
