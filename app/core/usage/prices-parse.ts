/** Parsing a price table (prices-file.ts): refused with its line, column and the fix, never guessed at. */
import { findNodeAtLocation, parse, parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { AppError } from '../errors.js';
import { lineColumn } from '../agents/formats/format.js';
import type { ModelPrice, PriceTable } from './price-table.js';

const EXAMPLE = '{ "claude-sonnet-4-5": { "input": 3, "output": 15 } } (US dollars per million tokens)';

/** Parses a price table's text; `file` names it in errors. */
export function parsePrices(text: string, file: string): PriceTable {
  const errors: ParseError[] = [];
  const raw: unknown = parse(text, errors, { allowTrailingComma: true });
  const refuse = (offset: number, problem: string): never => {
    const { line, column } = lineColumn(text, offset);
    throw new AppError('config_unparseable', `${file} line ${line}, column ${column}: ${problem}. Write it as ${EXAMPLE}, or remove the file to show no prices.`, { field: file });
  };
  const first = errors[0];
  if (first) refuse(first.offset, `not valid JSON (${printParseErrorCode(first.error)})`);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) refuse(0, 'expected an object of model names to prices');
  const tree = parseTree(text, [], { allowTrailingComma: true });
  const at = (path: string[]) => (tree ? findNodeAtLocation(tree, path)?.offset : undefined) ?? 0;
  const table: Record<string, ModelPrice> = {};
  for (const [model, entry] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) refuse(at([model]), `the price of "${model}" should be an object with "input" and "output"`);
    const price = entry as Record<string, unknown>;
    for (const side of ['input', 'output'] as const) {
      const value = price[side];
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
        refuse(at(value === undefined ? [model] : [model, side]), `"${model}" needs "${side}" as a number of dollars per million tokens (0 or more)`);
      }
    }
    table[model] = { input: price.input as number, output: price.output as number };
  }
  return table;
}
