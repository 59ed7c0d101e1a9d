/** How long and how much usage history to keep: the environment over `settings.json` over the defaults. */
import { AppError } from '../errors.js';
import type { StoredSettings } from '../config/stored-settings.js';
import { DAY_MS } from './day-files.js';
import type { HistoryLimits } from './prune-history.js';

/** A week, as the issue asks, and a cap far above a heavy week (about 2 MB per 20,000 requests). */
export const DEFAULT_RETENTION_DAYS = 7;
export const DEFAULT_MAX_MB = 50;

/** The environment variables that override the two settings. */
export const USAGE_ENV = { retentionDays: 'AI_GATEWAY_USAGE_RETENTION_DAYS', maxMb: 'AI_GATEWAY_USAGE_MAX_MB' } as const;

const RANGES = { retentionDays: [1, 366], maxMb: [1, 1024] } as const;
const SETTING = { retentionDays: 'usageRetentionDays', maxMb: 'usageMaxMb' } as const;

/** The limits in force, in days and MB as the user gave them and in the units the store works in. */
export interface UsageLimits extends HistoryLimits {
  retentionDays: number;
  maxMb: number;
}

/** The limits in force; an environment value that is not a whole number in range is refused, naming it and the fix. */
export function usageLimits(stored: StoredSettings, env: Record<string, string | undefined>): UsageLimits {
  const pick = (which: 'retentionDays' | 'maxMb', fallback: number): number => {
    const [min, max] = RANGES[which];
    const raw = env[USAGE_ENV[which]];
    if (raw !== undefined && raw.trim() !== '') {
      const value = Number(raw.trim());
      if (!Number.isInteger(value) || value < min || value > max) {
        throw new AppError('settings_invalid', `${USAGE_ENV[which]}=${JSON.stringify(raw.slice(0, 20))} is not a whole number from ${min} to ${max}. Set it to one (e.g. ${fallback}) or unset it to use the "${SETTING[which]}" setting.`, { field: SETTING[which] });
      }
      return value;
    }
    // parseStoredSettings already refused a stored value out of range.
    return stored[SETTING[which]] ?? fallback;
  };
  const retentionDays = pick('retentionDays', DEFAULT_RETENTION_DAYS);
  const maxMb = pick('maxMb', DEFAULT_MAX_MB);
  return { retentionDays, maxMb, retentionMs: retentionDays * DAY_MS, maxBytes: maxMb * 1024 * 1024 };
}
