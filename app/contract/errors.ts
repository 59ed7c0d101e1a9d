/**
 * Stable error codes shared by the core, the CLI, IPC and HTTP. The UI maps codes to advice;
 * messages are already written for people and never contain a secret.
 */
export const ERROR_CODES = [
  'settings_missing',
  'settings_invalid',
  'secret_store_unavailable',
  'credentials_rejected',
  'token_endpoint_unreachable',
  'token_endpoint_error',
  'token_response_invalid',
  'token_endpoint_timeout',
  'tls_untrusted',
  'gateway_unreachable',
  'gateway_timeout',
  'gateway_error',
  'local_key_missing',
  'local_key_invalid',
  'forbidden_host',
  'forbidden_origin',
  'unknown_provider',
  'bad_request',
  'payload_too_large',
  'agent_unknown',
  'config_unparseable',
  'config_changed',
  'config_write_failed',
  'proxy_not_running',
  'port_in_use',
  'proxy_unproven',
  'proxy_already_running',
  'settings_secret_unbound',
  'not_found',
  'unauthorized',
  'internal',
] as const;

/** One of the stable error codes. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** How an error crosses IPC and HTTP: code for programs, message (with the fix) for people. */
export interface ErrorDto {
  code: ErrorCode;
  message: string;
  /** Form field or file the error is about, when there is one. */
  field?: string;
}

/** Which side of the proxy failed (the provider: behind the gateway); part of every error the proxy answers. */
export type FailingSide = 'local' | 'token_endpoint' | 'gateway' | 'provider';
