/** What the engine needs from each config language: parse with positions, and surgical set/remove. */
import { AppError } from '../../errors.js';
import type { PathSegment } from './path.js';

/** The config languages the agents use. */
export type FormatId = 'json' | 'yaml' | 'toml';

/** One config language. Edits touch only the addressed value; every other byte of the file stays as it was. */
export interface ConfigFormat {
  id: FormatId;
  /** The parsed document; throws `config_unparseable` naming the file, line, column and reason. */
  parse(text: string, file: string): unknown;
  /** The text with the value at `path` set (created with its parents when missing). */
  set(text: string, path: readonly PathSegment[], value: unknown, file: string): string;
  /** The text without the value at `path` (unchanged when it is not there). */
  remove(text: string, path: readonly PathSegment[], file: string): string;
}

/** Line and column (1-based) of an offset, for error messages. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return { line, column };
}

/**
 * A config file that does not parse: where and why, kept apart so each caller can word its own advice
 * (setup and undo refuse and leave the file alone; doctor reports it as the agent's problem).
 */
export class ConfigParseError extends AppError {
  constructor(
    readonly file: string,
    /** `line 3, column 19` */
    readonly where: string,
    readonly reason: string,
    /** `JSON`, `TOML`, `YAML` */
    readonly language: string,
  ) {
    super('config_unparseable', `${file} is not valid ${language} at ${where} (${reason}). Fix that line or move the file aside, then try again; it was not changed.`, { field: file });
  }
}
