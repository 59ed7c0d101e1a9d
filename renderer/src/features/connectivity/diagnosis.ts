import type { Diagnosis } from '../../../../app/contract/index.js';

/** A diagnosis in a few words, as the probe card's headline. */
export const DIAGNOSIS_LABELS: Record<Diagnosis, string> = {
  ok: 'Working',
  credentials_rejected: 'Credentials rejected',
  token_endpoint_unreachable: 'Token endpoint unreachable',
  token_rejected: 'Token rejected by the gateway',
  provider_not_set: 'Provider not enabled',
  model_unknown: 'Model not available',
  gateway_unreachable: 'Gateway unreachable',
  gateway_error: 'Gateway error',
  tls_untrusted: 'Certificate not trusted',
  timeout: 'Timed out',
  settings_missing: 'Not configured',
  provider_options_missing: 'Provider option missing',
  provider_key_rejected: 'Provider key missing at the gateway',
  provider_unreachable: 'Provider unreachable from the gateway',
  streaming_broken: 'Streaming broken',
};
