import type { AppStatus } from '../../../app/contract';
import { formatDuration } from '../format';
import type { Tone } from './Pill';

/** The token state in a few words and a tone, for the sidebar, the token screen and the tab title. */
export function tokenSummary(status: AppStatus, now: number): { tone: Tone; text: string } {
  const token = status.token;
  switch (token.state) {
    case 'valid':
      return token.validUntil !== null && token.validUntil - now < 5 * 60_000
        ? { tone: 'warn', text: `Expires in ${formatDuration(token.validUntil - now)}` }
        : { tone: 'ok', text: token.validUntil !== null ? `Valid for ${formatDuration(token.validUntil - now)}` : 'Valid' };
    case 'refreshing':
      return { tone: 'busy', text: 'Refreshing…' };
    case 'failed':
      return { tone: 'bad', text: 'Refresh failed' };
    case 'rejected':
      return { tone: 'bad', text: 'Credentials rejected' };
    case 'idle':
      return { tone: 'neutral', text: 'No token yet' };
    case 'unconfigured':
      return { tone: 'neutral', text: 'Not configured' };
  }
}
