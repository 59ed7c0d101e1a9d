/**
 * Why requests failed, in words people understand: the side that failed and the cause. The causes are the
 * proxy's stable codes (README "What the errors mean"); where the connectivity screen already names one, the
 * same words are used here. Imported by unit tests under Node too, hence the explicit `.js` paths.
 */
import type { FailingSide } from '../../../../app/contract/index.js';
import { DIAGNOSIS_LABELS } from '../connectivity/diagnosis.js';

/** Who failed, as a short phrase. */
export const SIDE_LABELS: Record<FailingSide, string> = {
  local: 'On this machine',
  token_endpoint: 'Token endpoint',
  gateway: 'Gateway',
  provider: 'Provider',
};

/** Each known cause in a few words; a code not listed is shown as its words (`some_code` reads "Some code"). */
const CAUSE_LABELS: Record<string, string> = {
  // The proxy's own codes (app/core/proxy, app/contract/errors.ts).
  local_key_missing: 'No local key sent',
  local_key_invalid: 'Old or wrong local key',
  settings_missing: DIAGNOSIS_LABELS.settings_missing,
  credentials_rejected: DIAGNOSIS_LABELS.credentials_rejected,
  token_endpoint_unreachable: DIAGNOSIS_LABELS.token_endpoint_unreachable,
  token_endpoint_error: 'Token endpoint error',
  token_endpoint_timeout: 'Token endpoint timed out',
  token_response_invalid: 'Token endpoint answered nonsense',
  gateway_unreachable: DIAGNOSIS_LABELS.gateway_unreachable,
  gateway_timeout: DIAGNOSIS_LABELS.timeout,
  gateway_error: DIAGNOSIS_LABELS.gateway_error,
  tls_untrusted: DIAGNOSIS_LABELS.tls_untrusted,
  // What the gateway's answer was explained as (app/core/proxy/errors/explain.ts).
  token_rejected: DIAGNOSIS_LABELS.token_rejected,
  load_balancer_error: 'Load balancer error (Portkey down)',
  portkey_failure: 'Portkey failed',
  provider_not_set: DIAGNOSIS_LABELS.provider_not_set,
  provider_options_missing: DIAGNOSIS_LABELS.provider_options_missing,
  route_not_served: 'API not served for this provider',
  provider_unreachable: DIAGNOSIS_LABELS.provider_unreachable,
  provider_key_rejected: DIAGNOSIS_LABELS.provider_key_rejected,
  provider_rate_limited: 'Rate limited by the provider',
  rate_limit_exceeded: 'Rate limited by the provider',
  provider_overloaded: 'Provider overloaded',
  server_is_overloaded: 'Provider overloaded',
  provider_error: 'Provider error',
  request_rejected: 'Request refused by the provider',
  model_unknown: DIAGNOSIS_LABELS.model_unknown,
  model_not_found: DIAGNOSIS_LABELS.model_unknown,
  stream_interrupted: 'Stream broke off',
  client_closed: 'Agent hung up',
};

/** A cause code in words. */
export function causeLabel(cause: string): string {
  const known = CAUSE_LABELS[cause];
  if (known) return known;
  const words = cause.replace(/[_-]+/g, ' ').trim();
  return words === '' ? 'Unknown cause' : words.charAt(0).toUpperCase() + words.slice(1);
}
