/**
 * What the window may do besides showing our page: nothing. New windows are refused (web links open
 * in the user's browser instead), navigation away from the app page is refused, and permission
 * requests are refused but for one the UI needs.
 */
import { isAppPage } from './app-origin.js';

/** What to do with a `window.open` or target=_blank link. */
export interface WindowOpenDecision {
  action: 'deny';
  /** A web link to hand to the OS browser, or null to drop the request. */
  openExternally: string | null;
}

/** Only http(s) links leave the app, and only to the OS browser; file:, javascript:, custom schemes never do. */
export function isExternalWebLink(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

/** The setWindowOpenHandler decision: always deny; web links go to the OS browser. */
export function decideWindowOpen(url: string): WindowOpenDecision {
  return { action: 'deny', openExternally: isExternalWebLink(url) ? url : null };
}

/** What to do with a navigation (will-navigate, will-redirect, will-frame-navigate). */
export interface NavigationDecision {
  allow: boolean;
  openExternally: string | null;
}

/** Reloading our own page is fine; anything else is refused, web links going to the OS browser instead. */
export function decideNavigation(url: string, appEntryUrl: string): NavigationDecision {
  if (isAppPage(url, appEntryUrl)) return { allow: true, openExternally: null };
  return { allow: false, openExternally: isExternalWebLink(url) ? url : null };
}

/**
 * The one permission granted: writing text to the clipboard, from our own page, for the UI's Copy
 * buttons (proxy URL, snippets). Chromium routes `navigator.clipboard.writeText` through the
 * permission handler, so denying it would break those buttons; reading the clipboard stays denied.
 */
const GRANTABLE = new Set(['clipboard-sanitized-write']);

/** The permission request/check decision: deny all but clipboard writes from the app page. */
export function decidePermission(permission: string, requestingUrl: string, appEntryUrl: string): boolean {
  return GRANTABLE.has(permission) && isAppPage(requestingUrl, appEntryUrl);
}
