/** A user's prices, per model and per million tokens, and how a model finds its price. */

/** US dollars per million tokens, in and out. */
export interface ModelPrice {
  input: number;
  output: number;
}

/** Model name (or a prefix ending in `*`) to its price. */
export type PriceTable = Readonly<Record<string, ModelPrice>>;

/** The price of `model`: its own entry, else the longest `prefix*` entry it starts with, else null. */
export function priceFor(table: PriceTable, model: string | null): ModelPrice | null {
  if (model === null) return null;
  const own = Object.hasOwn(table, model) ? table[model] : undefined;
  if (own) return own;
  let best: { length: number; price: ModelPrice } | null = null;
  for (const [key, price] of Object.entries(table)) {
    if (!key.endsWith('*')) continue;
    const prefix = key.slice(0, -1);
    if (model.startsWith(prefix) && (best === null || prefix.length > best.length)) best = { length: prefix.length, price };
  }
  return best?.price ?? null;
}
