/** `ai-gateway login`: gets a token now with the configured or exported values, says how long it is valid, and offers to store them. */
import type { SettingsInput } from '../../contract/api.js';
import { ENV_NAMES } from '../../core/config/settings-schema.js';
import { AppError } from '../../core/errors.js';
import { registerSecret } from '../../core/log/redact.js';
import type { Command } from '../command.js';
import { buildRuntime, loadRuntime } from '../build-runtime.js';
import { duration } from './format.js';
import { applyProviderFlags, hasProviderFlags, PROVIDER_FLAGS } from './provider-flags.js';
import { PROVIDER_OPTION_ENV } from '../../core/config/provider-options.js';

/** The login command. */
export const loginCommand: Command = {
  name: 'login',
  summary: 'Get a gateway token now and print how long it is valid (never the token). Offers to store the values the environment gave.',
  usage: '[--store | --no-store] [--store-secret-in-file] [--azure-resource NAME --azure-deployment ID --azure-api-version V] [--portkey-header NAME=VALUE] [--json]',
  options: {
    store: { type: 'boolean', help: 'Store the settings (and the secret in the OS keyring) without asking.' },
    'no-store': { type: 'boolean', help: 'Do not store anything.' },
    'store-secret-in-file': { type: 'boolean', help: 'No keyring here: keep the client secret in a 0600 file in the app data folder.' },
    'auth-method': { type: 'string', help: 'client_secret_basic (default) or client_secret_post.', valueName: 'METHOD' },
    ...PROVIDER_FLAGS,
    json: { type: 'boolean', help: 'Print the result as JSON.' },
  },
  details: `Reads ${Object.values(ENV_NAMES).join(', ')} from the environment, or the stored settings.\nProvider options (stored in settings.json when given as flags): ${Object.values(PROVIDER_OPTION_ENV).join(', ')}, ${PROVIDER_OPTION_ENV.headers}_<PROVIDER>.\nApp data: $AI_GATEWAY_HOME, else ~/.config/ai-gateway (Linux), ~/Library/Application Support/AI Gateway (macOS), %APPDATA%\\AI Gateway (Windows).`,
  async run(args, io) {
    const method = args.values['auth-method'];
    if (method !== undefined && method !== 'client_secret_basic' && method !== 'client_secret_post') {
      throw new AppError('bad_request', '--auth-method must be client_secret_basic or client_secret_post.');
    }
    const cli = buildRuntime(io);
    const { runtime } = cli;
    if (method) await runtime.settings.update({ authMethod: method });
    if (hasProviderFlags(args.values)) {
      // Checked before anything is written: a wrong flag must not leave half of it in settings.json.
      const flags = args.values;
      await runtime.settings.editProviderOptions((stored) => applyProviderFlags(stored, flags));
      io.err(`Provider options stored in ${runtime.files.settings}.`);
    }
    await loadRuntime(cli);
    await runtime.settings.require();
    const status = await runtime.tokens.refresh();
    if (status.state !== 'valid' || status.validUntil === null) {
      throw new AppError(status.lastError?.code ?? 'token_endpoint_error', status.lastError?.message ?? 'No token was issued.');
    }
    const left = status.validUntil - Date.now();
    const loggedIn = `Logged in: token valid for ${duration(left)} (until ${new Date(status.validUntil).toLocaleTimeString()}). The token stays in memory; agents get local keys.`;
    // Said before anything is stored: storing can fail on its own (a keyring that refuses writes), and the login worked either way.
    if (!args.values.json) io.out(loggedIn);
    const stored = await storeIfWanted(args.values, io, runtime);
    if (args.values.json) io.out(JSON.stringify({ ok: true, validUntil: status.validUntil, stored }));
    await runtime.stop();
    return 0;
  },
};

/** Stores environment-given values when the user wants it; returns where the secret went ('environment' when it was not stored), or null. */
async function storeIfWanted(values: Record<string, unknown>, io: Parameters<Command['run']>[1], runtime: ReturnType<typeof buildRuntime>['runtime']): Promise<string | null> {
  const snapshot = await runtime.settings.snapshot();
  const fromEnvironment = Object.values(snapshot.view.sources).includes('environment');
  if (!fromEnvironment || values['no-store'] === true) return null;
  const secureKind = await runtime.settings.secureStorage();
  const toFile = values['store-secret-in-file'] === true;
  const inFile = `a 0600 file readable only by you (${runtime.files.clientSecret})`;
  const where = toFile ? inFile : secureKind ? 'the OS keyring' : null;
  const wanted = values.store === true || toFile || (await io.confirm(`Store these gateway settings for next time${where ? ` (the secret in ${where})` : ''}?`, false));
  if (!wanted) {
    if (!io.interactive) io.err('Settings came from the environment and were not stored (use --store to keep them).');
    return null;
  }
  const resolved = snapshot.settings!;
  registerSecret(resolved.clientSecret);
  const plain: SettingsInput = {
    gatewayUrl: resolved.gatewayUrl,
    clientId: resolved.clientId,
    tokenEndpoint: resolved.tokenEndpoint,
    scope: resolved.scope,
    authMethod: resolved.authMethod,
  };
  const withSecret: SettingsInput = { ...plain, clientSecret: resolved.clientSecret };
  const offerFile = (question: string) => io.confirm(`${question} Keep the client secret in ${inFile} instead?`, false);
  // Told before the save forgets it: a stored secret is only used with the gateway, endpoint and client it was entered for.
  const forgetsOld = await runtime.settings.wouldForgetSecret(plain);

  let storage: string | null = null;
  if (toFile) storage = await runtime.settings.save(withSecret, 'file');
  else if (secureKind) {
    try {
      storage = await runtime.settings.save(withSecret, 'secure');
    } catch (error) {
      // A keyring that reads but refuses writes (containers, Linux kernel keyrings): say so, offer the file.
      if (!(error instanceof AppError && error.code === 'secret_store_unavailable')) throw error;
      const reason = error.cause instanceof Error ? error.cause.message : 'it refused the write';
      io.err(`The OS keyring refused to store the client secret (${reason}).`);
      if (await offerFile('The other settings can still be stored.')) storage = await runtime.settings.save(withSecret, 'file');
    }
  } else if (await offerFile('There is no OS keyring here.')) storage = await runtime.settings.save(withSecret, 'file');

  if (storage === null) {
    // The four values without the secret: next time only GATEWAY_CLIENT_SECRET needs exporting.
    await runtime.settings.save(plain);
    if (forgetsOld) io.err('The client secret stored for the previous gateway URL, token endpoint or client ID was forgotten: a stored secret is only used with the values it was entered for, so it must be entered again for these.');
    io.err('The client secret was not stored: keep exporting GATEWAY_CLIENT_SECRET, or run `ai-gateway login --store-secret-in-file` to keep it in a 0600 file.');
  } else if (storage === 'file') io.err(`The client secret is stored in plain text, readable only by you (0600): ${runtime.files.clientSecret}`);
  io.err(`Settings stored in ${runtime.files.settings}.`);
  return storage ?? 'environment';
}
