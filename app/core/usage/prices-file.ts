/**
 * The user's price table, `<app data>/prices.json`: `{ "claude-sonnet-4-5": { "input": 3, "output": 15 } }`
 * in US dollars per million tokens (comments allowed; `"claude-*"` covers a family). No file, no money
 * shown anywhere. The parser (and jsonc-parser) loads only when the file exists: `ai-gateway usage`
 * starts faster without a table.
 */
import { readFile } from 'node:fs/promises';
import { AppError } from '../errors.js';
import type { PriceTable } from './price-table.js';

/** Reads the price table; null when the file does not exist. */
export async function loadPrices(file: string): Promise<PriceTable | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new AppError('config_unparseable', `${file} could not be read (${(error as NodeJS.ErrnoException).code ?? 'error'}). Fix its permissions or remove it to show no prices.`, { field: file });
  }
  const { parsePrices } = await import('./prices-parse.js');
  return parsePrices(text, file);
}
