/**
 * What a JSON file holds that a strict JSON parser (RFC 8259) refuses although our JSONC editing accepts it:
 * comments and trailing commas. Agents whose own parser is strict (Claude Code's settings.json, Goose's
 * custom provider files) ignore such a file whole, so setup must not keep them and doctor must say so.
 */
import { createScanner, type SyntaxKind } from 'jsonc-parser';
import { lineColumn } from './format.js';

/** The first comment or trailing comma in `text` (already known to parse as JSONC), with its line and column. */
export interface StrictJsonProblem {
  what: 'a comment' | 'a trailing comma';
  /** `line 1, column 1` */
  where: string;
}

/** jsonc-parser's SyntaxKind values (a const enum, which this build cannot import as values). */
const KIND = { closeBrace: 2, closeBracket: 4, comma: 5, lineComment: 12, blockComment: 13, lineBreak: 14, trivia: 15, eof: 17 } as const satisfies Record<string, SyntaxKind>;

/** Null when `text` is strict JSON (or empty); else the first thing a strict parser refuses. */
export function strictJsonProblem(text: string): StrictJsonProblem | null {
  // jsonc-parser's scanner rather than JSON.parse: it gives the offset of the comment itself, and tells a
  // trailing comma from other errors (JSON.parse's messages differ between Node releases).
  const scanner = createScanner(text, false);
  let lastComma: number | null = null;
  for (let kind: number = scanner.scan(); kind !== KIND.eof; kind = scanner.scan()) {
    if (kind === KIND.lineComment || kind === KIND.blockComment) return at('a comment', scanner.getTokenOffset());
    if (kind === KIND.trivia || kind === KIND.lineBreak) continue;
    if ((kind === KIND.closeBrace || kind === KIND.closeBracket) && lastComma !== null) return at('a trailing comma', lastComma);
    lastComma = kind === KIND.comma ? scanner.getTokenOffset() : null;
  }
  return null;

  function at(what: StrictJsonProblem['what'], offset: number): StrictJsonProblem {
    const { line, column } = lineColumn(text, offset);
    return { what, where: `line ${line}, column ${column}` };
  }
}
