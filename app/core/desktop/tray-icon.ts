/** Which tray image to show and what its tooltip says, from the token's state and the time. */
import type { TokenStatus } from '../../contract/api.js';
import { formatRemaining } from './duration.js';
import { tokenStatusLine, tokenTimeLeft } from './token-summary.js';

/**
 * The tray image's state. Colour answers "do my agents work?": valid (green) yes; expiring (amber) yes,
 * but not for long or refreshes are failing; refreshing (blue) being fixed; error (red) no;
 * inactive (grey) nothing configured yet, which is a first run, not an alarm.
 */
export type TrayIconState = 'valid' | 'expiring' | 'refreshing' | 'error' | 'inactive';

/** Every tray image state, for asset checks. */
export const TRAY_ICON_STATES: readonly TrayIconState[] = ['valid', 'expiring', 'refreshing', 'error', 'inactive'];

/** Below this the token counts as expiring soon. */
export const EXPIRING_SOON_MS = 5 * 60_000;

/** The image state and tooltip for the tray. */
export interface TrayIcon {
  state: TrayIconState;
  tooltip: string;
}

/** The tray icon for `token` at `now`; `demo` marks the tooltip so a demo session is never mistaken for a real one. */
export function trayIconFor(token: TokenStatus, now: number, demo = false): TrayIcon {
  const title = demo ? 'AI Gateway (demo)' : 'AI Gateway';
  const left = tokenTimeLeft(token, now);
  const state = iconState(token, left);
  let detail = tokenStatusLine(token, now);
  // A failing or ongoing refresh with a token still in hand: the time left is what the user needs.
  if ((token.state === 'failed' || token.state === 'refreshing') && left !== null) detail += ` (token valid for ${formatRemaining(left)})`;
  return { state, tooltip: `${title}: ${detail}` };
}

function iconState(token: TokenStatus, left: number | null): TrayIconState {
  switch (token.state) {
    case 'unconfigured':
      return 'inactive';
    case 'rejected':
      return 'error';
    case 'refreshing':
      return 'refreshing';
    case 'failed':
      return left === null ? 'error' : 'expiring';
    case 'valid':
    case 'idle':
      if (left === null) return token.state === 'idle' ? 'inactive' : 'error';
      return left < EXPIRING_SOON_MS ? 'expiring' : 'valid';
  }
}

/**
 * The image file for a state. macOS: a monochrome `*Template.png` that the menu bar tints for light and
 * dark, its @2x sibling picked up by Electron. Windows: the 16 px colour image, @2x likewise. Linux:
 * panels are 22 to 32 px and do not pick @2x variants, so the 32 px image directly.
 */
export function trayImageName(state: TrayIconState, platform: NodeJS.Platform): string {
  if (platform === 'darwin') return `tray-${state}Template.png`;
  if (platform === 'linux') return `tray-${state}@2x.png`;
  return `tray-${state}.png`;
}
