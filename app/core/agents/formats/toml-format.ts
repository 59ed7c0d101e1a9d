/**
 * TOML. Root keys are edited with toml-patch (it keeps comments and puts new root keys before the first
 * table, where TOML needs them). Whole tables we own (`[model_providers.aigateway]` and its sub-tables) are
 * edited as text blocks of our own, so the user's tables are never re-rendered; every result is re-parsed
 * with smol-toml and checked before it is used.
 */
import { parse as patchParse, patch } from '@decimalturn/toml-patch';
import { parse as strictParse, TomlError } from 'smol-toml';
import { AppError } from '../../errors.js';
import { ConfigParseError, type ConfigFormat } from './format.js';
import { deepEqual, getAt, isPlainObject, type PathSegment } from './path.js';

function parseStrict(text: string, file: string): Record<string, unknown> {
  try {
    return strictParse(text) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof TomlError) {
      const reason = error.message.split('\n')[0]!.replace(/^Invalid TOML document: /, '');
      throw new ConfigParseError(file, `line ${error.line}, column ${error.column}`, reason, 'TOML');
    }
    throw error;
  }
}

const BARE_KEY = /^[A-Za-z0-9_-]+$/;

function tomlKey(key: string): string {
  return BARE_KEY.test(key) ? key : JSON.stringify(key);
}

/** TOML basic strings accept JSON's escapes, so JSON.stringify renders them. */
function tomlValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(tomlValue).join(', ')}]`;
  if (isPlainObject(value)) return `{ ${Object.entries(value).map(([k, v]) => `${tomlKey(k)} = ${tomlValue(v)}`).join(', ')} }`;
  throw new Error(`cannot render ${typeof value} as TOML`);
}

/** `[a.b]` with scalar keys, then one `[a.b.c]` section per nested object. */
function renderTable(path: string[], table: Record<string, unknown>): string[] {
  const lines = [`[${path.map(tomlKey).join('.')}]`];
  const nested: [string, Record<string, unknown>][] = [];
  for (const [key, value] of Object.entries(table)) {
    if (isPlainObject(value)) nested.push([key, value]);
    else lines.push(`${tomlKey(key)} = ${tomlValue(value)}`);
  }
  for (const [key, value] of nested) lines.push('', ...renderTable([...path, key], value));
  return lines;
}

/** Splits a table header's key (`a."b.c".d`) into its parts. */
function headerPath(inner: string): string[] | null {
  const parts: string[] = [];
  const re = /\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*(\.|$)/y;
  let match: RegExpExecArray | null;
  while (re.lastIndex < inner.length && (match = re.exec(inner))) {
    parts.push(match[1] !== undefined ? (JSON.parse(`"${match[1]}"`) as string) : (match[2] ?? match[3]!));
    if (match[4] === '') break;
  }
  return re.lastIndex === 0 && parts.length === 0 ? null : parts;
}

interface Header {
  line: number;
  path: string[] | null;
}

function headers(lines: string[]): Header[] {
  const found: Header[] = [];
  lines.forEach((line, i) => {
    const m = /^\s*(\[\[?)\s*(.*?)\s*\]\]?\s*(#.*)?$/.exec(line);
    if (m) found.push({ line: i, path: m[1] === '[' ? headerPath(m[2]!) : null });
  });
  return found;
}

const startsWith = (path: string[], prefix: string[]): boolean => prefix.length <= path.length && prefix.every((p, i) => p === path[i]);

/** Line ranges [from, to) of the sections whose header is `path` or below it, without trailing blank/comment lines. */
function ownBlocks(lines: string[], path: string[]): [number, number][] {
  const all = headers(lines);
  const blocks: [number, number][] = [];
  all.forEach((h, i) => {
    if (!h.path || !startsWith(h.path, path)) return;
    let end = i + 1 < all.length ? all[i + 1]!.line : lines.length;
    // Blank lines and comments just before the next header belong to that next section.
    while (end > h.line + 1 && /^\s*(#.*)?$/.test(lines[end - 1]!)) end--;
    blocks.push([h.line, end]);
  });
  return blocks;
}

function splitText(text: string): { lines: string[]; eol: string } {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r?\n/);
  return { lines, eol };
}

/** Removes our sections; returns the new lines and where the first one was. */
function cutBlocks(lines: string[], path: string[]): { lines: string[]; at: number | null } {
  const blocks = ownBlocks(lines, path);
  if (blocks.length === 0) return { lines, at: null };
  const out = [...lines];
  for (const [from, to] of [...blocks].reverse()) out.splice(from, to - from);
  let at = blocks[0]![0];
  // Do not leave two blank lines where one section was.
  while (at > 0 && at < out.length && out[at - 1]!.trim() === '' && out[at]!.trim() === '') out.splice(at, 1);
  at = Math.min(at, out.length);
  return { lines: out, at };
}

function checked(result: string, path: readonly PathSegment[], expected: unknown, file: string): string {
  const parsed = parseStrict(result, file);
  if (!deepEqual(getAt(parsed, path), expected)) {
    throw new AppError('config_write_failed', `Could not edit ${file} safely (the result did not read back as intended); it was not changed. Edit it by hand using the diff shown, or report this.`, { field: file });
  }
  return result;
}

function stringPath(path: readonly PathSegment[], file: string): string[] {
  if (!path.every((p): p is string => typeof p === 'string')) throw new AppError('internal', `TOML paths are keys only (${file}).`);
  return [...path];
}

function setTable(text: string, path: string[], table: Record<string, unknown>): string {
  const { lines, eol } = splitText(text);
  const cut = cutBlocks(lines, path);
  const rendered = renderTable(path, table);
  const out = [...cut.lines];
  if (cut.at !== null) {
    out.splice(cut.at, 0, ...rendered);
  } else {
    while (out.length > 0 && out[out.length - 1] === '') out.pop();
    if (out.length > 0) out.push('');
    out.push(...rendered);
    out.push('');
  }
  return out.join(eol);
}

/** The TOML format. */
export const tomlFormat: ConfigFormat = {
  id: 'toml',
  parse: parseStrict,
  set(text, path, value, file) {
    const keys = stringPath(path, file);
    const parsed = parseStrict(text, file);
    if (deepEqual(getAt(parsed, keys), value)) return text;
    if (isPlainObject(value) && keys.length > 1) {
      const existing = getAt(parsed, keys);
      const { lines } = splitText(text);
      const hasHeader = ownBlocks(lines, keys).length > 0;
      if (existing === undefined || hasHeader) return checked(setTable(text, keys, value), keys, value, file);
    }
    const doc = patchParse(text) as Record<string, unknown>;
    let node: Record<string, unknown> = doc;
    for (const key of keys.slice(0, -1)) {
      if (!isPlainObject(node[key])) node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
    node[keys[keys.length - 1]!] = value;
    let result = patch(text, doc);
    if (!result.endsWith('\n')) result += '\n';
    return checked(result, keys, value, file);
  },
  remove(text, path, file) {
    const keys = stringPath(path, file);
    const parsed = parseStrict(text, file);
    if (getAt(parsed, keys) === undefined) return text;
    const { lines, eol } = splitText(text);
    if (keys.length > 1 && ownBlocks(lines, keys).length > 0) {
      const cut = cutBlocks(lines, keys);
      return checked(cut.lines.join(eol), keys, undefined, file);
    }
    const doc = patchParse(text) as Record<string, unknown>;
    let node: unknown = doc;
    for (const key of keys.slice(0, -1)) node = isPlainObject(node) ? node[key] : undefined;
    if (isPlainObject(node)) delete node[keys[keys.length - 1]!];
    return checked(patch(text, doc), keys, undefined, file);
  },
};
