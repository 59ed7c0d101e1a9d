/**
 * What the page shows when it has no session, each naming the command that printed the URL (`serve --ui`
 * or `demo --ui`, spelled as it runs on this machine) and the fix. The page renders these texts as they are.
 */

/** The texts for one server, `command` being e.g. `ai-gateway demo --ui`. */
export interface SessionMessages {
  /** An API call without the session header (or with a wrong one): a page opened without the full URL. */
  noSession: string;
  /** The printed token, traded a second time. */
  alreadyUsed: string;
  /** A token this server never printed (an older run's URL, a typo). */
  wrongToken: string;
}

export function sessionMessages(command: string): SessionMessages {
  return {
    noSession: `This page has no session. Open the full URL that \`${command}\` printed (it ends in ?token=...), in this browser tab; or restart \`${command}\` for a new one.`,
    alreadyUsed: `This session token was already used: the URL that \`${command}\` printed opens the app once, in one browser tab. Open the window from the browser tab that used it, or restart \`${command}\` for a new URL.`,
    wrongToken: `This session token is not the one this server printed: open the URL that \`${command}\` printed when it last started (a new one on every start).`,
  };
}
