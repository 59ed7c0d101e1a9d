/** What counts as "our own page": the renderer's file:// entry, compared without query or fragment. */

/** Parses a URL, or null when it is not one. */
function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * True when `url` is the app's own entry page. Hash routes and queries do not change the document, so
 * they are ignored; any other file, directory or scheme is a different page.
 */
export function isAppPage(url: string, appEntryUrl: string): boolean {
  const target = parse(url);
  const entry = parse(appEntryUrl);
  if (!target || !entry || entry.protocol !== 'file:') return false;
  return target.protocol === 'file:' && target.host === entry.host && target.pathname === entry.pathname;
}
