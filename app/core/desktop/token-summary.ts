/** The one-line account of the token that the tray menu, the tooltip and notifications share. */
import type { TokenStatus } from '../../contract/api.js';
import { formatRemaining } from './duration.js';

/** Menu labels are single lines; long error messages would stretch the menu across the screen. */
const MAX_REASON = 80;

/** Milliseconds the token stays usable, or null when there is no usable token. */
export function tokenTimeLeft(token: TokenStatus, now: number): number | null {
  if (token.validUntil === null || token.validUntil <= now) return null;
  return token.validUntil - now;
}

/** Shortens a message to fit one menu line. */
export function shorten(text: string, max = MAX_REASON): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1).trimEnd()}…`;
}

/** "Token valid for 42 min", "Refreshing token…", "Token refresh failed: <reason>", ... */
export function tokenStatusLine(token: TokenStatus, now: number): string {
  const left = tokenTimeLeft(token, now);
  switch (token.state) {
    case 'unconfigured':
      return 'Not configured';
    case 'rejected':
      return 'Credentials rejected: log in again';
    case 'refreshing':
      return 'Refreshing token…';
    case 'failed':
      return `Token refresh failed: ${shorten(token.lastError?.message ?? 'unknown error')}`;
    case 'valid':
      return left === null ? 'Token expired' : `Token valid for ${formatRemaining(left)}`;
    case 'idle':
      return left === null ? 'No token yet' : `Token valid for ${formatRemaining(left)}`;
  }
}
