/** JSON and JSON with comments, edited through jsonc-parser so comments and formatting survive. */
import { applyEdits, findNodeAtLocation, modify, parse, parseTree, printParseErrorCode, type FormattingOptions, type ParseError } from 'jsonc-parser';
import { ConfigParseError, lineColumn, type ConfigFormat } from './format.js';
import { isPlainObject, type PathSegment } from './path.js';

/** The file's own indentation and line ending, so new lines look like the old ones. */
function detectFormatting(text: string): FormattingOptions {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indented = /^([ \t]+)["}\]]/m.exec(text);
  const indent = indented?.[1] ?? '  ';
  if (indent.startsWith('\t')) return { insertSpaces: false, tabSize: 1, eol };
  return { insertSpaces: true, tabSize: indent.length, eol };
}

function parseStrict(text: string, file: string): unknown {
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  const first = errors[0];
  if (first) {
    const { line, column } = lineColumn(text, first.offset);
    throw new ConfigParseError(file, `line ${line}, column ${column}`, printParseErrorCode(first.error), 'JSON');
  }
  if (value !== undefined && !isPlainObject(value)) {
    throw new ConfigParseError(file, 'line 1, column 1', 'the file holds no JSON object', 'JSON');
  }
  return value ?? {};
}

/** jsonc-parser paths are keys and indexes: turn `{ name }` steps into the index of that item. */
function toJsoncPath(root: unknown, path: readonly PathSegment[]): (string | number)[] | null {
  const out: (string | number)[] = [];
  let current: unknown = root;
  for (const segment of path) {
    if (typeof segment === 'string') {
      out.push(segment);
      current = isPlainObject(current) ? current[segment] : undefined;
    } else {
      if (!Array.isArray(current)) return null;
      const index = current.findIndex((item) => isPlainObject(item) && item['name'] === segment.name);
      if (index < 0) return null;
      out.push(index);
      current = current[index];
    }
  }
  return out;
}

/**
 * Where a new property goes: at the end, unless the object's last property carries a trailing comment on its
 * line; jsonc-parser would then add a comma and move that comment onto our new line, so we insert first instead.
 */
function insertionIndex(text: string, parentPath: (string | number)[]): ((properties: string[]) => number) | undefined {
  const tree = parseTree(text);
  const parent = tree ? (parentPath.length === 0 ? tree : findNodeAtLocation(tree, parentPath)) : undefined;
  const last = parent?.type === 'object' ? parent.children?.[parent.children.length - 1] : undefined;
  if (!last) return undefined;
  const end = last.offset + last.length;
  const lineEnd = text.indexOf('\n', end);
  const rest = text.slice(end, lineEnd < 0 ? text.length : lineEnd);
  return /\/\/|\/\*/.test(rest) ? () => 0 : undefined;
}

/** The JSON/JSONC format. */
export const jsonFormat: ConfigFormat = {
  id: 'json',
  parse: parseStrict,
  set(text, path, value, file) {
    const source = text.trim() === '' ? '{}\n' : text;
    const root = parseStrict(source, file);
    let jsonPath = toJsoncPath(root, path);
    if (jsonPath === null) {
      // Appending a named item: address the index one past the end.
      const parentPath = path.slice(0, -1);
      const parent = toJsoncPath(root, parentPath);
      const list = parent === null ? undefined : parent.reduce<unknown>((node, key) => (node as Record<string | number, unknown> | undefined)?.[key], root);
      jsonPath = [...(parent ?? []), Array.isArray(list) ? list.length : 0];
    }
    const getInsertionIndex = insertionIndex(source, jsonPath.slice(0, -1));
    const edits = modify(source, jsonPath, value, { formattingOptions: detectFormatting(source), ...(getInsertionIndex ? { getInsertionIndex } : {}) });
    return applyEdits(source, edits);
  },
  remove(text, path, file) {
    const root = parseStrict(text, file);
    const jsonPath = toJsoncPath(root, path);
    if (jsonPath === null) return text;
    return applyEdits(text, modify(text, jsonPath, undefined, { formattingOptions: detectFormatting(text) }));
  },
};
