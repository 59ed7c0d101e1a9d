/** URLs as people and programs may see them: never with the credentials a URL can carry. */

/**
 * `url` with any `user:password@` part replaced by `***@`. Such URLs are refused as settings, but the
 * value still reaches the status views (CLI, JSON, the UI), which must not print the password.
 * Works on text that does not parse as a URL too.
 */
export function withoutCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, '$1***@');
}
