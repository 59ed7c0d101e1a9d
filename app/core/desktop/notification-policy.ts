/**
 * When the app interrupts the user: only when agents are about to fail and the user can act (the token
 * cannot be refreshed and none is left, or the credentials were rejected), and once per failure, not
 * at every retry of the backoff loop.
 */
import type { TokenStatus } from '../../contract/api.js';
import { tokenTimeLeft } from './token-summary.js';

/** A desktop notification's text. */
export interface Notice {
  title: string;
  body: string;
}

/** What the policy remembers between token changes: the failure already reported, if any. */
export interface NotificationMemory {
  reported: 'failed' | 'rejected' | null;
}

/** Nothing reported yet. */
export const FRESH_NOTIFICATION_MEMORY: NotificationMemory = { reported: null };

/** The notice to show for `token` at `now` (or null), and the memory to keep. */
export function notificationFor(token: TokenStatus, now: number, memory: NotificationMemory): { notice: Notice | null; memory: NotificationMemory } {
  // Recovery or a fresh configuration closes the episode: the next failure is news again.
  if (token.state === 'valid' || token.state === 'unconfigured') return { notice: null, memory: FRESH_NOTIFICATION_MEMORY };

  if (token.state === 'rejected') {
    if (memory.reported === 'rejected') return { notice: null, memory };
    return {
      notice: { title: 'AI Gateway: credentials rejected', body: `${token.lastError?.message ?? 'The token endpoint rejected the client credentials.'} Open AI Gateway and log in again.` },
      memory: { reported: 'rejected' },
    };
  }

  // A failed refresh with a token still in hand is not news yet: agents keep working, and retries go on.
  if (token.state === 'failed' && tokenTimeLeft(token, now) === null) {
    if (memory.reported !== null) return { notice: null, memory };
    return {
      notice: { title: 'AI Gateway: token cannot be refreshed', body: `${token.lastError?.message ?? 'The token endpoint did not answer.'} Agents will get errors until this is fixed.` },
      memory: { reported: 'failed' },
    };
  }
  // refreshing, idle, or failed-but-still-valid: keep the episode open without a new notice.
  return { notice: null, memory };
}
