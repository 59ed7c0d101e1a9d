/** Time spans in the words the tray and tooltips use. */

const MINUTE = 60_000;

/**
 * A remaining time as "42 min", "1 h 5 min" or "less than a minute". Rounds down: the tray must never
 * promise more time than the token has.
 */
export function formatRemaining(ms: number): string {
  const minutes = Math.floor(ms / MINUTE);
  if (minutes < 1) return 'less than a minute';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}
