/** Addresses inside a parsed config: object keys, and array items picked by their `name` (Continue's `models[]`). */

/** One step of a path: an object key, or the array item whose `name` equals the given one. */
export type PathSegment = string | { name: string };

/** A path as people read it: `env.ANTHROPIC_BASE_URL`, `models[name=GPT (AI Gateway)]`. */
export function formatPath(path: readonly PathSegment[]): string {
  return path.map((s, i) => (typeof s === 'string' ? (i === 0 ? s : `.${s}`) : `[name=${s.name}]`)).join('');
}

/** True for a plain JSON-like object (not an array, not null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** The value at `path` in a parsed document, or undefined. */
export function getAt(root: unknown, path: readonly PathSegment[]): unknown {
  let current: unknown = root;
  for (const segment of path) {
    if (typeof segment === 'string') {
      if (!isPlainObject(current) || !Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
      current = current[segment];
    } else {
      if (!Array.isArray(current)) return undefined;
      current = current.find((item) => isPlainObject(item) && item['name'] === segment.name);
    }
  }
  return current;
}

/** Structural equality for JSON-like values (dates by time). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}
