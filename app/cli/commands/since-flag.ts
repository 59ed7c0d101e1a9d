/** `--since 30m|12h|1d|7d|2w`: how far back a report goes. */
import { AppError } from '../../core/errors.js';

const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/** The window's length in milliseconds, or a usage error naming the flag and the accepted forms. */
export function parseSince(value: string, flag = '--since'): number {
  const match = /^(\d{1,4})([mhdw])$/.exec(value.trim());
  const amount = match ? Number(match[1]) : 0;
  if (!match || amount === 0) throw new AppError('bad_request', `${flag} takes a number and a unit: 30m, 12h, 1d, 7d or 2w (minutes, hours, days, weeks), not "${value}".`);
  return amount * UNITS[match[2]!]!;
}
