/**
 * Which modules an entry file needs, resolved inside an extracted app.asar: our own compiled files are
 * read and followed (static and dynamic imports, export-from, require), every package they name must
 * resolve from the importing file to a folder inside the archive, and each package's own production
 * dependencies must resolve from it in turn. `electron` and Node's built-ins are provided by Electron.
 */
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
// eslint's own parser (a dependency of eslint, installed with the dev dependencies).
import { parse } from 'acorn';

const PROVIDED = new Set(['electron', ...builtinModules]);

interface AstNode {
  type: string;
  [key: string]: unknown;
}

function isNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && typeof (value as AstNode).type === 'string';
}

function literal(node: unknown): string | null {
  return isNode(node) && node.type === 'Literal' && typeof node.value === 'string' ? node.value : null;
}

/**
 * The module specifiers a compiled file names: import/export-from declarations, `import('x')` and
 * `require('x')` with a literal. Parsed with acorn (eslint's parser), so import lines inside strings,
 * such as the code snippets the LangChain card shows, are not mistaken for imports.
 */
export function specifiersIn(source: string, sourceType: 'module' | 'script'): string[] {
  const found = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!isNode(node)) return;
    if (node.type === 'ImportDeclaration' || node.type === 'ExportNamedDeclaration' || node.type === 'ExportAllDeclaration' || node.type === 'ImportExpression') {
      const value = literal(node.source);
      if (value) found.add(value);
    }
    if (node.type === 'CallExpression' && isNode(node.callee) && node.callee.type === 'Identifier' && node.callee.name === 'require') {
      const value = literal((node.arguments as unknown[])[0]);
      if (value) found.add(value);
    }
    for (const [key, child] of Object.entries(node)) if (key !== 'type') visit(child);
  };
  visit(parse(source, { ecmaVersion: 'latest', sourceType, allowHashBang: true, allowReturnOutsideFunction: sourceType === 'script' }));
  return [...found];
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** The folder of the package a resolved file belongs to. */
function packageRoot(file: string, name: string): string {
  const marker = `${sep}node_modules${sep}${name.split('/').join(sep)}${sep}`;
  const at = file.lastIndexOf(marker);
  return at < 0 ? dirname(file) : file.slice(0, at + marker.length - 1);
}

/** Node's package folder lookup (node_modules of `from` and its parents, up to `root`), without `exports`. */
function findPackageDir(root: string, from: string, name: string): string | null {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === root || dirname(dir) === dir) return null;
  }
}

/** What a walk found: the files and packages reached, and every specifier that did not resolve inside `root`. */
export interface ModuleGraph {
  files: Set<string>;
  packages: Set<string>;
  unresolved: string[];
}

/** Walks from `entries` (paths relative to `root`, the extracted archive). */
export function walkModules(root: string, entries: readonly string[]): ModuleGraph {
  const graph: ModuleGraph = { files: new Set(), packages: new Set(), unresolved: [] };
  const inside = (path: string) => !relative(root, path).startsWith('..');
  const visitPackage = (dir: string, name: string) => {
    if (graph.packages.has(dir)) return;
    graph.packages.add(dir);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    for (const dependency of Object.keys(manifest.dependencies ?? {})) {
      const found = findPackageDir(root, dir, dependency);
      if (!found) graph.unresolved.push(`${dependency} (a dependency of ${name})`);
      else visitPackage(found, dependency);
    }
  };
  const visitFile = (file: string) => {
    if (graph.files.has(file)) return;
    graph.files.add(file);
    const requireFrom = createRequire(file);
    for (const specifier of specifiersIn(readFileSync(file, 'utf8'), file.endsWith('.cjs') ? 'script' : 'module')) {
      if (specifier.startsWith('node:') || PROVIDED.has(specifier)) continue;
      const from = relative(root, file);
      if (specifier.startsWith('.')) {
        const target = join(dirname(file), specifier);
        if (existsSync(target)) visitFile(target);
        else graph.unresolved.push(`${specifier} (imported by ${from})`);
        continue;
      }
      const name = packageName(specifier);
      let dir: string | null;
      try {
        // Honours the package's `exports` (the "require" conditions; a package that only offers "import" falls through).
        dir = packageRoot(requireFrom.resolve(specifier), name);
      } catch {
        dir = findPackageDir(root, dirname(file), name);
      }
      if (!dir) graph.unresolved.push(`${specifier} (imported by ${from})`);
      else if (!inside(dir)) graph.unresolved.push(`${specifier} (imported by ${from}, found outside the archive)`);
      else visitPackage(dir, name);
    }
  };
  for (const entry of entries) visitFile(join(root, entry));
  return graph;
}
