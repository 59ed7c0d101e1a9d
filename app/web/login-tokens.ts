/**
 * The one-time tokens that open the headless window: the one `serve --ui` prints at start, and the ones
 * `ai-gateway ui-link` asks for later (a closed tab, a second browser). Each is accepted once. The start-up
 * token keeps working until it is used, as it always did (the user opens the browser when they like); a
 * token minted on demand is for opening a window now, so it expires after LINK_LIFETIME_MS, and only the
 * last MAX_OUTSTANDING_LINKS unused ones work (each `ui-link` run adds one; a pile of forgotten links in a
 * scrollback is not a pile of open doors). Used, expired and replaced tokens are remembered for a while so
 * the page can say which it was instead of "wrong".
 */
import { createSessionToken, tokenMatches } from './session-token.js';

/** How long a link from `ui-link` works: long enough to copy it into a browser, short enough to go stale in a scrollback. */
export const LINK_LIFETIME_MS = 10 * 60_000;
/** How many unused links from `ui-link` work at once: the newest ones. */
export const MAX_OUTSTANDING_LINKS = 5;
/** How many spent tokens are remembered for a precise refusal ("already used", "expired"); older ones are just "wrong". */
const REMEMBERED_SPENT = 32;

/** What presenting a URL token found. */
export type TokenUse = 'accepted' | 'already-used' | 'expired' | 'wrong';

interface Outstanding {
  value: string;
  /** Date.now() after which it no longer works; null for the start-up token. */
  expiresAt: number | null;
}

interface Spent {
  value: string;
  why: 'already-used' | 'expired';
}

export class LoginTokens {
  /** The token printed at start (in the banner's URL). */
  readonly first: string;
  private outstanding: Outstanding[] = [];
  private spent: Spent[] = [];

  constructor(private readonly now: () => number = Date.now) {
    this.first = createSessionToken();
    this.outstanding.push({ value: this.first, expiresAt: null });
  }

  /** A new token that works once, within LINK_LIFETIME_MS; the oldest unused minted one goes when there would be too many. */
  mint(): string {
    this.retireExpired();
    const minted = this.outstanding.filter((t) => t.expiresAt !== null);
    if (minted.length >= MAX_OUTSTANDING_LINKS) this.retire(minted[0]!, 'expired');
    const value = createSessionToken();
    this.outstanding.push({ value, expiresAt: this.now() + LINK_LIFETIME_MS });
    return value;
  }

  /** Checks `candidate`; a match is spent at once (synchronously, so two trades cannot both win). */
  use(candidate: string | null): TokenUse {
    this.retireExpired();
    // Every entry is compared (in constant time each), so the answer's timing does not say which one matched.
    let found: Outstanding | undefined;
    for (const token of this.outstanding) if (tokenMatches(token.value, candidate)) found = token;
    if (found) {
      this.retire(found, 'already-used');
      return 'accepted';
    }
    let why: TokenUse = 'wrong';
    for (const token of this.spent) if (tokenMatches(token.value, candidate)) why = token.why;
    return why;
  }

  /** How many tokens would be accepted now (for tests and the bound). */
  get outstandingCount(): number {
    this.retireExpired();
    return this.outstanding.length;
  }

  private retireExpired(): void {
    const now = this.now();
    for (const token of [...this.outstanding]) if (token.expiresAt !== null && token.expiresAt <= now) this.retire(token, 'expired');
  }

  private retire(token: Outstanding, why: Spent['why']): void {
    this.outstanding = this.outstanding.filter((t) => t !== token);
    this.spent.push({ value: token.value, why });
    if (this.spent.length > REMEMBERED_SPENT) this.spent.shift();
  }
}
