/**
 * YAML, edited by splicing text at the positions eemeli/yaml reports, so every byte outside the value we
 * own stays exactly as the user wrote it (re-stringifying a document would re-indent and re-quote it).
 */
import { isMap, isScalar, isSeq, parseDocument, stringify, type Document, type Node, type Pair } from 'yaml';
import { AppError } from '../../errors.js';
import { ConfigParseError, type ConfigFormat } from './format.js';
import { isPlainObject, type PathSegment } from './path.js';

type Range = [number, number, number];

function parseDoc(text: string, file: string): Document.Parsed {
  const doc = parseDocument(text, { keepSourceTokens: false });
  const error = doc.errors[0];
  if (error) {
    const pos = error.linePos?.[0];
    const where = pos ? `line ${pos.line}, column ${pos.col}` : 'an unknown position';
    const reason = error.message.split('\n')[0];
    throw new ConfigParseError(file, where, reason ?? 'unknown error', 'YAML');
  }
  if (doc.contents !== null && !isMap(doc.contents)) {
    throw new ConfigParseError(file, 'line 1, column 1', 'the file holds no YAML mapping', 'YAML');
  }
  return doc;
}

function rootPair(doc: Document.Parsed, key: string): Pair<Node, Node | null> | undefined {
  if (!isMap(doc.contents)) return undefined;
  return (doc.contents.items as Pair<Node, Node | null>[]).find((p) => isScalar(p.key) && p.key.value === key);
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Block YAML for a value, each line after the first prefixed with `indent`. */
function block(value: unknown, indent: string): string {
  const body = stringify(value, { lineWidth: 0 }).replace(/\n$/, '');
  return body
    .split('\n')
    .map((line, i) => (i === 0 ? line : indent + line))
    .join('\n');
}

function isCollection(value: unknown): boolean {
  return isPlainObject(value) || Array.isArray(value);
}

/** `key: value` lines for a new root key. */
function pairText(key: string, value: unknown): string {
  if (!isCollection(value)) return `${stringify({ [key]: value }, { lineWidth: 0 })}`;
  return `${key}:\n  ${block(value, '  ')}\n`;
}

function withTrailingNewline(text: string): string {
  return text === '' || text.endsWith('\n') ? text : `${text}\n`;
}

/** The offset just after the line that contains offset `end - 1` (or the end of the text). */
function toLineEnd(text: string, end: number): number {
  if (end <= 0 || text[end - 1] === '\n') return end;
  const newline = text.indexOf('\n', end);
  return newline < 0 ? text.length : newline + 1;
}

function setRoot(text: string, doc: Document.Parsed, key: string, value: unknown): string {
  const pair = rootPair(doc, key);
  if (!pair) return withTrailingNewline(text) + pairText(key, value);
  const keyNode = pair.key as Node & { range: Range };
  const valueNode = pair.value as (Node & { range: Range }) | null;
  if (!isCollection(value) && valueNode && isScalar(valueNode) && valueNode.range[1] > valueNode.range[0]) {
    const rendered = stringify(value, { lineWidth: 0 }).replace(/\n$/, '');
    return text.slice(0, valueNode.range[0]) + rendered + text.slice(valueNode.range[1]);
  }
  // Replace the whole pair: from the key's line to the end of its value's last line.
  const start = lineStart(text, keyNode.range[0]);
  const end = toLineEnd(text, valueNode ? valueNode.range[2] : keyNode.range[2]);
  const indent = text.slice(start, keyNode.range[0]);
  const replaced = pairText(key, value)
    .split('\n')
    .map((line) => (line === '' ? line : indent + line))
    .join('\n');
  return text.slice(0, start) + replaced + text.slice(end);
}

function removeRoot(text: string, doc: Document.Parsed, key: string): string {
  const pair = rootPair(doc, key);
  if (!pair) return text;
  const keyNode = pair.key as Node & { range: Range };
  const valueNode = pair.value as (Node & { range: Range }) | null;
  const start = lineStart(text, keyNode.range[0]);
  const end = toLineEnd(text, valueNode ? valueNode.range[2] : keyNode.range[2]);
  return text.slice(0, start) + text.slice(end);
}

/** Upserts the item named `name` in the root sequence `key`, splicing one item's lines. */
function setItem(text: string, doc: Document.Parsed, key: string, name: string, value: unknown, file: string): string {
  const pair = rootPair(doc, key);
  const seq = pair?.value;
  if (!pair || !seq || !isSeq(seq) || seq.flow || seq.items.length === 0) {
    // No block sequence to splice into: (re)write the key with every item it had plus ours.
    const existing = seq && isSeq(seq) ? (seq.toJSON() as unknown[]) : [];
    const items = existing.filter((item) => !(isPlainObject(item) && item['name'] === name));
    return setRoot(text, doc, key, [...items, value]);
  }
  const items = seq.items as (Node & { range: Range })[];
  const existing = items.find((item) => isMap(item) && item.get('name') === name);
  const anchor = existing ?? items[items.length - 1]!;
  const dashLine = lineStart(text, anchor.range[0]);
  const prefix = text.slice(dashLine, anchor.range[0]);
  const dashAt = prefix.lastIndexOf('-');
  if (dashAt < 0) throw new AppError('config_unparseable', `${file}: the list "${key}" has an item this app cannot edit safely. Edit the file by hand or move it aside.`, { field: file });
  const itemIndent = ' '.repeat(prefix.length);
  const dashIndent = prefix.slice(0, dashAt);
  const itemText = `${block(value, itemIndent)}\n`;
  if (existing) {
    // Keep whatever precedes the item's content on its dash line (the dash and spaces), replace the content.
    return text.slice(0, existing.range[0]) + itemText + text.slice(toLineEnd(text, existing.range[2]));
  }
  const end = toLineEnd(text, anchor.range[2]);
  return `${withTrailingNewline(text.slice(0, end))}${dashIndent}- ${itemText}${text.slice(end)}`;
}

function removeItem(text: string, doc: Document.Parsed, key: string, name: string): string {
  const seq = rootPair(doc, key)?.value;
  if (!seq || !isSeq(seq)) return text;
  const item = (seq.items as (Node & { range: Range })[]).find((i) => isMap(i) && i.get('name') === name);
  if (!item) return text;
  if (seq.flow) {
    const rest = (seq.toJSON() as unknown[]).filter((i) => !(isPlainObject(i) && i['name'] === name));
    return setRoot(text, doc, key, rest);
  }
  const start = lineStart(text, item.range[0]);
  return text.slice(0, start) + text.slice(toLineEnd(text, item.range[2]));
}

function unsupported(file: string, path: readonly PathSegment[]): never {
  throw new AppError('internal', `Editing ${file} at ${JSON.stringify(path)} is not supported.`, { field: file });
}

/**
 * Runs an edit on LF text and gives a CRLF file its CRLF back, so new lines match the file's own.
 * Files that mix both endings are edited as they are: converting would touch bytes we do not own.
 */
function keepingLineEndings(text: string, edit: (lf: string) => string): string {
  const crlf = text.includes('\r\n') && !/(^|[^\r])\n/.test(text);
  return crlf ? edit(text.replace(/\r\n/g, '\n')).replace(/\n/g, '\r\n') : edit(text);
}

/** The YAML format: root keys and named items of root lists. */
export const yamlFormat: ConfigFormat = {
  id: 'yaml',
  parse(text, file) {
    const doc = parseDoc(text, file);
    return doc.toJSON() ?? {};
  },
  set(original, path, value, file) {
    return keepingLineEndings(original, (text) => {
      const doc = parseDoc(text, file);
      const [first, second] = path;
      if (typeof first !== 'string') unsupported(file, path);
      if (path.length === 1) return setRoot(text, doc, first, value);
      if (path.length === 2 && typeof second === 'object') return setItem(text, doc, first, second.name, value, file);
      return unsupported(file, path);
    });
  },
  remove(original, path, file) {
    return keepingLineEndings(original, (text) => {
      const doc = parseDoc(text, file);
      const [first, second] = path;
      if (typeof first !== 'string') unsupported(file, path);
      if (path.length === 1) return removeRoot(text, doc, first);
      if (path.length === 2 && typeof second === 'object') return removeItem(text, doc, first, second.name);
      return unsupported(file, path);
    });
  },
};
