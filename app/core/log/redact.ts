/** The one place secrets are scrubbed from anything written to a log or shown in an error. */

const PATTERNS: RegExp[] = [
  /eyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]{8,}/g, // JWTs
  /agw-local-[\w-]{20,}/g, // local keys
  /(bearer\s+)[^\s"',;]+/gi, // any bearer credential
  /(basic\s+)[A-Za-z0-9+/=]{8,}/gi, // client_secret_basic headers
  /((?:client_secret|access_token|api[_-]?key|password)["']?\s*[:=]\s*["']?)[^\s"'&,;}]+/gi,
];

// Every pattern above needs one of these words: text without any of them (nearly every log field) skips the five replaces.
const MAY_HOLD_SECRET = /eyJ|agw-local-|bearer|basic|client_secret|access_token|api[_-]?key|password/i;

/** Secrets known by value (the client secret), scrubbed wherever they appear. */
const known = new Set<string>();

/** Registers a secret value so every later redaction removes it. */
export function registerSecret(value: string | null | undefined): void {
  if (value && value.length >= 6) known.add(value);
}

/** `text` with every known secret and secret-shaped token replaced by [REDACTED]. */
export function redact(text: string): string {
  let out = text;
  for (const secret of known) if (out.includes(secret)) out = out.split(secret).join('[REDACTED]');
  if (!MAY_HOLD_SECRET.test(out)) return out;
  for (const pattern of PATTERNS) out = out.replace(pattern, (_match, prefix?: string) => (typeof prefix === 'string' ? `${prefix}[REDACTED]` : '[REDACTED]'));
  return out;
}
