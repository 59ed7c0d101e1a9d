import type { AppStatus } from '../../../app/contract';
import { formatDuration } from '../format';
import type { Tone } from './Pill';

/** The token state in a few words and a tone, for the sidebar, the token screen and the tab title. */
export function tokenSummary(status: AppStatus, now: number): { tone: Tone; text: string } {
  const token = status.token;
  switch (token.state) {
    case 'valid': {
      if (token.validUntil === null) return { tone: 'ok', text: 'Valid' };
      const left = token.validUntil - now;
      if (left <= 0) return { tone: 'bad', text: 'Expired' };
      // Short-lived tokens are normal; only warn when no refresh is due before expiry, or it is overdue.
      const refreshPlanned = token.nextRefreshAt !== null && token.nextRefreshAt < token.validUntil && token.nextRefreshAt > now - 15_000;
      return left < 2 * 60_000 && !refreshPlanned
        ? { tone: 'warn', text: `Expires in ${formatDuration(left)}` }
        : { tone: 'ok', text: `Valid for ${formatDuration(left)}` };
    }
    case 'refreshing':
      return { tone: 'busy', text: 'Refreshing…' };
    case 'failed': {
      // A failed refresh with a token that is still good is a warning, not an outage: say for how long it lasts.
      const left = token.validUntil === null ? 0 : token.validUntil - now;
      return left > 0
        ? { tone: 'warn', text: `Refresh failed; current token valid for ${formatDuration(left)}` }
        : { tone: 'bad', text: 'Refresh failed; no valid token' };
    }
    case 'rejected':
      return { tone: 'bad', text: 'Credentials rejected' };
    case 'idle':
      return { tone: 'neutral', text: 'No token yet' };
    case 'unconfigured':
      return { tone: 'neutral', text: 'Not configured' };
  }
}
