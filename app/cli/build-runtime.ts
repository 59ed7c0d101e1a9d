/** Builds the core runtime the way every CLI command uses it: real settings, keyring, log file. */
import { KeyringSecretStore, keyringAccount } from '../core/config/secret-store.js';
import { Runtime, type RuntimeOptions } from '../core/runtime.js';
import { Logger } from '../core/log/logger.js';
import { logGatewayErrors } from '../core/log/gateway-error-log.js';
import { registerSecret } from '../core/log/redact.js';
import { CLI_KEY_OWNER } from '../core/keys/local-keys.js';
import type { Io } from './io.js';
import { logUsageProblems } from '../core/log/usage-problem-log.js';

/** A runtime plus the logger that records its events. */
export interface CliRuntime {
  runtime: Runtime;
  logger: Logger;
}

/** The runtime for a command, with its token events logged (never the token). */
export function buildRuntime(io: Io, options: RuntimeOptions = {}, echo = false): CliRuntime {
  const runtime = new Runtime({ env: io.env, secureSecretStore: new KeyringSecretStore(keyringAccount(io.env)), ...options });
  const logger = new Logger(runtime.files.logs, echo ? [(level, message) => level !== 'debug' && io.err(`[${level}] ${message}`)] : []);
  // One warning per outage, not one per jittered retry: a down endpoint would otherwise flood the log and stderr.
  let failing: string | null = null;
  runtime.tokens.on('refreshed', ({ expiresAt }) => {
    if (failing) logger.info('token endpoint answers again', { after: failing });
    failing = null;
    logger.info('token refreshed', { validUntil: new Date(expiresAt).toISOString() });
  });
  runtime.tokens.on('refreshFailed', (error) => {
    const repeat = failing === error.code;
    failing = error.code;
    if (repeat) logger.debug(`token refresh failed again: ${error.message}`, { code: error.code });
    else logger.warn(`token refresh failed: ${error.message}`, { code: error.code });
  });
  logGatewayErrors(runtime.activity, logger);
  logUsageProblems(runtime, logger);
  runtime.activity.on('entry', (entry) => {
    const { id: _id, ...fields } = entry;
    logger.debug('request', fields);
  });
  return { runtime, logger };
}

/** Loads settings and registers the secret with the redactor before anything can print it. */
export async function loadRuntime(cli: CliRuntime): Promise<void> {
  await cli.runtime.load();
  registerSecret(cli.runtime.resolved?.clientSecret);
}

/** The CLI's own local key, for reading the token from a running proxy. */
export function cliKey(runtime: Runtime): Promise<string> {
  return runtime.keys.keyFor(CLI_KEY_OWNER);
}
