/** Settings as the rest of the app sees them: environment over stored values over defaults, validated. */
import type { PublicSettings, SecretStorage, SettingSource, SettingsInput } from '../../contract/api.js';
import type { ErrorDto } from '../../contract/errors.js';
import { AppError } from '../errors.js';
import { withoutCredentials } from './display-url.js';
import type { SecretStore } from './secret-store.js';
import { DEFAULT_PROXY_PORT, ENV_NAMES, testModelsWith, type StoredSettings } from './settings-schema.js';
import type { SettingsStore } from './settings-store.js';
import { validateSettings } from './validate-settings.js';
import { checkProviderOptions, emptyProviderOptions, resolveProviderOptions } from './provider-options.js';
import { maskProviderOptions, registerProviderCredentials, restoreMaskedHeaders } from './provider-credentials.js';
import { usageLimits, type UsageLimits } from '../usage/usage-limits.js';

/** Complete, validated settings, secret included: only core services ever hold this. */
export interface ResolvedSettings extends Omit<PublicSettings, 'secret' | 'sources'> {
  clientSecret: string;
  responsesApi: 'auto' | 'passthrough' | 'translate';
}

/** What a resolve found: settings when complete, otherwise the problems; always the public view. */
export interface SettingsSnapshot {
  settings: ResolvedSettings | null;
  errors: ErrorDto[];
  view: PublicSettings;
}

/** Where secrets may go, best first. */
export interface SecretStores {
  /** The OS keyring (CLI) or safeStorage (desktop app). */
  secure: SecretStore;
  /** The 0600 file, used only when the user asked for it. */
  file: SecretStore;
  /** Memory: this process only. */
  memory: SecretStore;
}

/** How `save` should keep the secret. */
export type SecretPlacement = 'secure' | 'file' | 'memory' | 'auto';

const trimSlash = (url: string) => url.trim().replace(/\/+$/, '');

/** The message when a stored secret would be used with a gateway, endpoint or client it was not entered for. */
export const SECRET_NOT_BOUND =
  'The gateway URL, token endpoint or client ID differs from the one the stored client secret was entered for. Enter the client secret again (or export GATEWAY_CLIENT_SECRET): a stored secret is only ever used with the gateway, token endpoint and client it was entered for.';

/** What a stored secret is bound to: the token endpoint it is sent to, the client it is for, and the gateway that gets the token it buys. */
type Binding = { gatewayUrl?: string | undefined; tokenEndpoint?: string | undefined; clientId?: string | undefined };

/**
 * True when both name the same gateway URL, token endpoint and client ID (the binding of a stored secret).
 * The gateway counts too: whoever could point it at their own listener would get the JWT the secret buys.
 */
function sameBinding(a: Binding, b: Binding): boolean {
  return trimSlash(a.gatewayUrl ?? '') === trimSlash(b.gatewayUrl ?? '') && (a.tokenEndpoint ?? '').trim() === (b.tokenEndpoint ?? '').trim() && (a.clientId ?? '').trim() === (b.clientId ?? '').trim();
}

/** Resolves and saves settings; the one place that knows the precedence rules. */
export class SettingsService {
  constructor(
    private readonly store: SettingsStore,
    private readonly secrets: SecretStores,
    private readonly env: Record<string, string | undefined> = process.env,
  ) {}

  /** Reads every source and returns the merged, validated settings. */
  async snapshot(): Promise<SettingsSnapshot> {
    const stored = await this.store.read();
    const sources: PublicSettings['sources'] = {};
    const pick = (key: keyof typeof ENV_NAMES, storedValue: string | undefined): string => {
      const fromEnv = this.env[ENV_NAMES[key]];
      if (fromEnv !== undefined && fromEnv !== '') {
        sources[key] = 'environment' satisfies SettingSource;
        return fromEnv;
      }
      if (storedValue !== undefined && storedValue !== '') sources[key] = 'stored';
      return storedValue ?? '';
    };
    const gatewayUrl = pick('gatewayUrl', stored.gatewayUrl);
    const clientId = pick('clientId', stored.clientId);
    const tokenEndpoint = pick('tokenEndpoint', stored.tokenEndpoint);
    const scope = pick('scope', stored.scope);
    const found = await this.findSecret(stored);
    // A stored secret is used only with the gateway, token endpoint and client it was stored with: a
    // GATEWAY_URL, GATEWAY_TOKEN_ENDPOINT or GATEWAY_CLIENT_ID pointing elsewhere must bring its own secret.
    const unbound = found.secret !== null && found.storage !== 'environment' && !sameBinding({ gatewayUrl, tokenEndpoint, clientId }, stored);
    const { secret, storage } = unbound ? { secret: null, storage: 'none' as const } : found;
    if (secret) sources.clientSecret = storage === 'environment' ? 'environment' : 'stored';

    const port = stored.port ?? DEFAULT_PROXY_PORT;
    const errors = validateSettings({ gatewayUrl, clientId, clientSecret: secret ?? undefined, tokenEndpoint, scope, port }).map((error) =>
      unbound && error.field === 'clientSecret' ? { ...error, code: 'settings_secret_unbound' as const, message: SECRET_NOT_BOUND } : error,
    );
    const testModels = testModelsWith(stored.testModels);
    let providerOptions = emptyProviderOptions();
    try {
      const resolved = resolveProviderOptions(stored.providerOptions as Partial<PublicSettings['providerOptions']> | undefined, this.env);
      providerOptions = resolved.options;
      if (resolved.fromEnvironment) sources.providerOptions = 'environment';
      else if (stored.providerOptions) sources.providerOptions = 'stored';
      errors.push(...checkProviderOptions(providerOptions));
      registerProviderCredentials(providerOptions);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      errors.push(error.toDto());
    }
    const view: PublicSettings = {
      gatewayUrl: withoutCredentials(gatewayUrl),
      clientId,
      tokenEndpoint: withoutCredentials(tokenEndpoint),
      scope,
      authMethod: stored.authMethod ?? 'client_secret_basic',
      port,
      caFile: stored.caFile ?? '',
      testModels,
      // Shown everywhere (status, status --json, the UI): credential headers only by name.
      providerOptions: maskProviderOptions(providerOptions),
      secret: { present: secret !== null, storage },
      sources,
    };
    if (errors.length > 0 || secret === null) return { settings: null, errors, view };
    return {
      settings: {
        gatewayUrl: trimSlash(gatewayUrl),
        clientId: clientId.trim(),
        clientSecret: secret,
        tokenEndpoint: tokenEndpoint.trim(),
        scope: scope.trim(),
        authMethod: view.authMethod,
        port,
        caFile: view.caFile,
        testModels,
        providerOptions,
        responsesApi: stored.responsesApi ?? 'auto',
      },
      errors,
      view,
    };
  }

  /** How much usage history to keep (environment over the file over the defaults); an AppError for a bad value. */
  async usageLimits(): Promise<UsageLimits> {
    return usageLimits(await this.store.read(), this.env);
  }

  /** The resolved settings, or an AppError naming the first problem and its fix. */
  async require(): Promise<ResolvedSettings> {
    const { settings, errors } = await this.snapshot();
    if (settings) return settings;
    const first = errors[0];
    if (first) throw new AppError(first.code, first.message, first.field === undefined ? {} : { field: first.field });
    throw new AppError('settings_missing', 'The gateway is not configured. Run `ai-gateway login` or open the app and fill in the gateway values.');
  }

  /**
   * Checks a form's values without saving. The secret in force counts as present only for the gateway
   * URL, token endpoint and client ID it was entered for: changing any asks for the secret again, so a
   * caller of the UI can never have the stored secret sent to an endpoint of its choosing, nor the token
   * it buys sent to a gateway of its choosing.
   */
  async validate(input: SettingsInput): Promise<ErrorDto[]> {
    const { view } = await this.snapshot();
    const present = view.secret.present;
    const bound = present && sameBinding(input, view);
    const errors = validateSettings({ ...input, hasStoredSecret: bound }).map((error) =>
      present && !bound && error.field === 'clientSecret' && !input.clientSecret ? { ...error, code: 'settings_secret_unbound' as const, message: SECRET_NOT_BOUND } : error,
    );
    if (input.providerOptions) {
      const restored = await this.restoreMasked({ ...input, providerOptions: input.providerOptions });
      errors.push(...restored.errors, ...checkProviderOptions(restored.options));
    }
    return errors;
  }

  /** The form's provider options with masked credential values put back from the ones in force (see provider-credentials.ts). */
  private async restoreMasked(input: SettingsInput & { providerOptions: NonNullable<SettingsInput['providerOptions']> }) {
    const stored = await this.store.read();
    let current = emptyProviderOptions();
    try {
      current = resolveProviderOptions(stored.providerOptions as Partial<PublicSettings['providerOptions']> | undefined, this.env).options;
    } catch {
      // Options in force that do not parse: nothing to keep.
    }
    const raw = this.env[ENV_NAMES.gatewayUrl] || stored.gatewayUrl || '';
    const asked = trimSlash(input.gatewayUrl);
    const sameGateway = raw !== '' && (asked === trimSlash(raw) || asked === trimSlash(withoutCredentials(raw)));
    return restoreMaskedHeaders(input.providerOptions, current, sameGateway);
  }

  /** The secret in force, only if it was entered for this gateway URL, token endpoint and client ID (else null). */
  async secretFor(binding: { gatewayUrl: string; tokenEndpoint: string; clientId: string }): Promise<string | null> {
    const { settings } = await this.snapshot();
    return settings && sameBinding(binding, settings) ? settings.clientSecret : null;
  }

  /**
   * Stores the values (and the secret where `placement` says); returns where the secret went. A new gateway
   * URL, token endpoint or client ID forgets the secret stored for the old ones, unless a new one is stored
   * with them: the binding is the stored settings, so a kept old secret would be used with the new ones
   * next time. Decided and done inside the settings lock, on the settings as they are then: two saves at
   * once (the app and `login`) could otherwise bind one's secret to the other's endpoint.
   */
  async save(input: SettingsInput, placement: SecretPlacement = 'auto'): Promise<SecretStorage> {
    const errors = await this.validate(input);
    const first = errors[0];
    if (first) throw new AppError(first.code, first.message, first.field === undefined ? {} : { field: first.field });
    const providerOptions = input.providerOptions ? compactProviderOptions((await this.restoreMasked({ ...input, providerOptions: input.providerOptions })).options) : undefined;

    let storage: SecretStorage = 'none';
    await this.store.change(async (current) => {
      const rebound = !sameBinding(input, current);
      if (rebound) await this.forgetStoredSecrets();
      storage = (await this.findSecret(rebound ? { ...current, secretInFile: false } : current)).storage;
      let secretInFile: boolean | undefined = rebound ? false : undefined;
      if (input.clientSecret) {
        storage = await this.storeSecret(input.clientSecret, placement);
        secretInFile = storage === 'file';
      }
      const next: StoredSettings = {
        ...current,
        gatewayUrl: trimSlash(input.gatewayUrl),
        clientId: input.clientId.trim(),
        tokenEndpoint: input.tokenEndpoint.trim(),
        scope: input.scope?.trim() ?? current.scope ?? '',
      };
      if (input.authMethod) next.authMethod = input.authMethod;
      if (input.port !== undefined) next.port = input.port;
      if (input.caFile !== undefined) next.caFile = input.caFile;
      if (input.testModels) next.testModels = { ...current.testModels, ...input.testModels };
      if (providerOptions) next.providerOptions = providerOptions;
      if (secretInFile !== undefined) next.secretInFile = secretInFile;
      return next;
    });
    return storage;
  }

  /** True when storing `binding` would forget the stored secret (another gateway URL, token endpoint or client ID than it was entered for). */
  async wouldForgetSecret(binding: Binding): Promise<boolean> {
    const stored = await this.store.read();
    return !sameBinding(binding, stored) && (await this.findSecret(stored)).storage !== 'none';
  }

  /** Updates stored keys other than the four values (port, test models, responses mode). */
  async update(patch: Partial<StoredSettings>): Promise<void> {
    await this.store.change((current) => ({ ...current, ...patch }));
  }

  /** Rewrites the stored provider options (the environment's stay out of the file). */
  async editProviderOptions(edit: (stored: Partial<PublicSettings['providerOptions']> | undefined) => PublicSettings['providerOptions']): Promise<void> {
    await this.store.change((current) => ({ ...current, providerOptions: compactProviderOptions(edit(current.providerOptions as Partial<PublicSettings['providerOptions']> | undefined)) }));
  }

  /** Removes the stored secret from every store. */
  async forgetSecret(): Promise<void> {
    await this.forgetStoredSecrets();
    await this.update({ secretInFile: false });
  }

  private async forgetStoredSecrets(): Promise<void> {
    await Promise.all([this.secrets.secure.delete(), this.secrets.file.delete(), this.secrets.memory.delete()]);
  }

  /** The secure store's kind when it works here, else null. */
  async secureStorage(): Promise<SecretStorage | null> {
    return (await this.secrets.secure.available()) ? this.secrets.secure.kind : null;
  }

  private async storeSecret(secret: string, placement: SecretPlacement): Promise<SecretStorage> {
    const secureOk = await this.secrets.secure.available();
    if (placement === 'secure' || (placement === 'auto' && secureOk)) {
      if (!secureOk) {
        throw new AppError('secret_store_unavailable', 'No OS keyring is available on this machine. Export GATEWAY_CLIENT_SECRET instead, or store it in a 0600 file with `ai-gateway login --store-secret-in-file`.');
      }
      try {
        await this.secrets.secure.set(secret);
      } catch (error) {
        // A keyring that reads but refuses writes (Linux kernel keyrings in containers): 'auto' keeps the secret in memory.
        if (placement !== 'auto' || !(error instanceof AppError) || error.code !== 'secret_store_unavailable') throw error;
        await this.secrets.memory.set(secret);
        return 'memory';
      }
      await this.secrets.file.delete();
      return this.secrets.secure.kind;
    }
    if (placement === 'file') {
      await this.secrets.file.set(secret);
      return 'file';
    }
    await this.secrets.memory.set(secret);
    return 'memory';
  }

  private async findSecret(stored: StoredSettings): Promise<{ secret: string | null; storage: SecretStorage }> {
    const fromEnv = this.env[ENV_NAMES.clientSecret];
    if (fromEnv) return { secret: fromEnv, storage: 'environment' };
    const fromMemory = await this.secrets.memory.get();
    if (fromMemory) return { secret: fromMemory, storage: 'memory' };
    const fromSecure = await this.secrets.secure.get();
    if (fromSecure) return { secret: fromSecure, storage: this.secrets.secure.kind };
    if (stored.secretInFile) {
      const fromFile = await this.secrets.file.get();
      if (fromFile) return { secret: fromFile, storage: 'file' };
    }
    return { secret: null, storage: 'none' };
  }
}

/** The options as worth storing: empty values and maps left out, so settings.json stays readable. */
function compactProviderOptions(options: PublicSettings['providerOptions']): NonNullable<StoredSettings['providerOptions']> {
  const azure: Record<string, unknown> = {};
  for (const key of ['resourceName', 'deploymentId', 'apiVersion'] as const) if (options.azure[key].trim()) azure[key] = options.azure[key].trim();
  if (Object.keys(options.azure.deployments).length > 0) azure.deployments = options.azure.deployments;
  const out: NonNullable<StoredSettings['providerOptions']> = {};
  if (Object.keys(azure).length > 0) out.azure = azure;
  if (Object.keys(options.headers).length > 0) out.headers = options.headers;
  const providerHeaders = Object.fromEntries(Object.entries(options.providerHeaders).filter(([, headers]) => headers && Object.keys(headers).length > 0));
  if (Object.keys(providerHeaders).length > 0) out.providerHeaders = providerHeaders;
  return out;
}
