/**
 * What the page shows when it has no session. Each names the fix first: `linkCommand` (`ai-gateway ui-link`,
 * with --demo for the demo) prints a new one-time link while the window runs, so a closed tab never needs a
 * restart; restarting `command` (the one that printed the URL, `serve --ui` or `demo --ui`, spelled as it
 * runs on this machine) is the second choice, since it also restarts the proxy every agent uses. The page
 * renders these texts as they are.
 */
import { LINK_LIFETIME_MS } from './login-tokens.js';

/** The texts for one server. */
export interface SessionMessages {
  /** An API call without the session header (or with a wrong one): a page opened without the full URL. */
  noSession: string;
  /** A printed token, traded a second time. */
  alreadyUsed: string;
  /** A link from `ui-link` past its lifetime, or replaced by newer ones. */
  expired: string;
  /** A token this server never printed (an older run's URL, a typo). */
  wrongToken: string;
}

/** `command` is e.g. `ai-gateway demo --ui`, `linkCommand` e.g. `ai-gateway ui-link --demo`. */
export function sessionMessages(command: string, linkCommand: string): SessionMessages {
  const newLink = `Run \`${linkCommand}\` in a terminal for a new link and open it here`;
  const restart = `(or restart \`${command}\`, which also restarts the proxy)`;
  return {
    noSession: `This page has no session. ${newLink} ${restart}. Each link opens the app once, in one browser tab.`,
    alreadyUsed: `This session token was already used: a link opens the app once, in one browser tab. ${newLink} ${restart}, or go back to the tab that used it.`,
    expired: `This link expired: a link from \`${linkCommand}\` works for ${LINK_LIFETIME_MS / 60_000} minutes, and only the newest few do. ${newLink} ${restart}.`,
    wrongToken: `This session token is not one this server printed (an older run's link, or a typo). ${newLink} ${restart}.`,
  };
}
