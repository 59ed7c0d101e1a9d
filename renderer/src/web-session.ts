/**
 * The headless window's session, held by this page alone. The printed URL carries a one-time token in
 * `?token=`; this module takes it out of the address bar at once (keeping the `#/route` fragment), trades
 * it once for the session secret, and keeps the secret in sessionStorage, whose origin includes the port,
 * so no page on another 127.0.0.1 port can read it (unlike a cookie, which every port gets and may set).
 *
 * sessionStorage rather than localStorage, deliberately: the secret is only good while this `serve --ui`
 * runs, so keeping it past the tab buys nothing but a copy on disk in the browser profile. Reloads and
 * tray routes (`#/...` in the same tab) keep it; a duplicated tab gets a copy; a new tab typed by hand does
 * not, and the page says to run `ai-gateway ui-link` for a new one-time link (the same session), or restart
 * the command (every run has a new token and secret).
 */
import { ApiError, SESSION_STORAGE_KEY } from '../../app/contract';

/**
 * Trades the one-time token for the secret, rejecting with the server's ApiError (already used, wrong).
 * `held` is the secret this tab already has, if any: the server answers it back instead of refusing a used token.
 */
export type TokenTrade = (token: string, held: string | null) => Promise<string>;

/** The secret to send, once the trade (if the address had a token) has settled. */
export interface WebSession {
  /** The secret, or null when the page has none (the server's 401 then says what to open). */
  secret(): Promise<string | null>;
}

/** Takes `?token=` out of the address bar without a reload or a new history entry; returns it. */
function takeTokenFromAddress(): string | null {
  const url = new URL(window.location.href);
  const token = url.searchParams.get('token');
  if (token === null) return null;
  url.searchParams.delete('token');
  window.history.replaceState(window.history.state, '', `${url.pathname}${url.search}${url.hash}`);
  return token;
}

function stored(): string | null {
  try {
    return window.sessionStorage.getItem(SESSION_STORAGE_KEY);
  } catch {
    // Storage disabled by the browser: the page then lives for one load, like any page without storage.
    return null;
  }
}

function store(secret: string): void {
  try {
    window.sessionStorage.setItem(SESSION_STORAGE_KEY, secret);
  } catch {
    // Kept in memory below all the same.
  }
}

/** Starts the session: call once, before anything reads the address (the token leaves it synchronously). */
export function openWebSession(trade: TokenTrade): WebSession {
  const token = takeTokenFromAddress();
  let secret = stored();
  let failure: ApiError | null = null;
  const ready =
    token === null
      ? Promise.resolve()
      : trade(token, secret).then(
          (granted) => {
            secret = granted;
            store(granted);
          },
          (error: unknown) => {
            // Whatever the server said, a secret this tab holds is still worth trying (the server decides).
            if (secret === null) failure = error instanceof ApiError ? error : new ApiError('internal', 'The session could not be opened.');
          },
        );
  return {
    async secret() {
      await ready;
      if (secret !== null) return secret;
      if (failure !== null) throw failure;
      return null;
    },
  };
}
