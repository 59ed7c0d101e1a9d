/** The shape of a CLI command and its argument parsing, so every command has --help and clear usage errors. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { AppError } from '../core/errors.js';
import type { Io } from './io.js';
import { clause } from '../core/text/clause.js';

/** Option definitions, as node:util parseArgs takes them, plus help text. */
export type OptionSpec = NonNullable<ParseArgsConfig['options']>[string] & { help: string; valueName?: string };

/** One `ai-gateway` command. */
export interface Command {
  name: string;
  summary: string;
  /** Usage line after `ai-gateway NAME`. */
  usage: string;
  options: Record<string, OptionSpec>;
  /** Extra help after the options. */
  details?: string;
  allowPositionals?: boolean;
  run(args: ParsedArgs, io: Io): Promise<number>;
}

/** Parsed values and positionals. */
export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
  /** Everything after `--`, for `run`. */
  rest: string[];
}

/** Parses argv for a command; unknown options become a usage error that names the fix. */
export function parseCommandArgs(command: Command, argv: string[]): ParsedArgs {
  // Nothing to parse (the usual `ai-gateway token`, on every apiKeyHelper call): parseArgs would only
  // fill in defaults, and its first call costs ~0.35 ms of start-up to load.
  if (argv.length === 0 && Object.values(command.options).every((spec) => spec.default === undefined)) return { values: {}, positionals: [], rest: [] };
  const dashDash = argv.indexOf('--');
  const own = dashDash === -1 ? argv : argv.slice(0, dashDash);
  const rest = dashDash === -1 ? [] : argv.slice(dashDash + 1);
  const options = Object.fromEntries(Object.entries(command.options).map(([name, { help: _h, valueName: _v, ...spec }]) => [name, spec]));
  try {
    const parsed = parseArgs({ args: own, options, allowPositionals: command.allowPositionals ?? false, strict: true });
    return { values: parsed.values as ParsedArgs['values'], positionals: parsed.positionals, rest };
  } catch (error) {
    throw new AppError('bad_request', `${describeParseError(error as Error, command, own)}. See \`ai-gateway ${command.name} --help\`.`);
  }
}

/**
 * parseArgs's complaint, as one clause that names the fix. A value that starts with a dash (`--since -1d`)
 * or none at all gets the option's accepted values from its help: parseArgs only says "ambiguous".
 */
function describeParseError(error: Error, command: Command, argv: string[]): string {
  const message = clause(error.message.split('\n')[0]!);
  const name = /'--([\w-]+)/.exec(message)?.[1];
  const spec = name === undefined ? undefined : command.options[name];
  if (!spec || spec.type !== 'string' || !/ambiguous|missing/.test(message)) return message;
  const at = argv.findIndex((arg) => arg === `--${name}` || (spec.short !== undefined && arg === `-${spec.short}`));
  const given = at === -1 ? undefined : argv[at + 1];
  const got = given === undefined ? ' and got none' : `, and "${given}" reads as another option (write --${name}=${given} for a value that starts with a dash)`;
  return `--${name} needs a value${got}. --${name}: ${clause(spec.help)}`;
}

/** The command's --help text. */
export function helpText(command: Command): string {
  const lines = [`Usage: ai-gateway ${command.name} ${command.usage}`.trimEnd(), '', command.summary, ''];
  const entries = Object.entries(command.options);
  if (entries.length > 0) {
    lines.push('Options:');
    for (const [name, spec] of entries) {
      const flag = `${spec.short ? `-${spec.short}, ` : '    '}--${name}${spec.type === 'string' ? ` ${spec.valueName ?? 'VALUE'}` : ''}`;
      lines.push(`  ${flag.padEnd(30)} ${spec.help}`);
    }
  }
  if (command.details) lines.push('', command.details);
  return lines.join('\n');
}

/** A whole-number option, or a usage error. */
export function intOption(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new AppError('bad_request', `--${name} must be a whole number from 1 to 65535 (or 0 for any free port), not "${String(value)}".`);
  return n;
}
