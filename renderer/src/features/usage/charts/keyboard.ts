/** Arrow-key moves between a chart's data points, skipping the empty ones so a week of hours stays quick to walk. */

/** The index a key moves to from `current` among `count` points (`filled` says which hold data); null for other keys. */
export function nextPoint(key: string, current: number, count: number, filled: (index: number) => boolean, forward: string, back: string): number | null {
  const points = Array.from({ length: count }, (_, i) => i).filter(filled);
  const candidates = points.length > 0 ? points : Array.from({ length: count }, (_, i) => i);
  if (candidates.length === 0) return null;
  if (key === 'Home') return candidates[0] ?? null;
  if (key === 'End') return candidates[candidates.length - 1] ?? null;
  if (key === forward) return candidates.find((i) => i > current) ?? current;
  if (key === back) return [...candidates].reverse().find((i) => i < current) ?? current;
  return null;
}

/** Where keyboard focus starts: the newest point with data, else the newest. */
export function startPoint(count: number, filled: (index: number) => boolean): number {
  for (let i = count - 1; i >= 0; i--) if (filled(i)) return i;
  return Math.max(0, count - 1);
}
