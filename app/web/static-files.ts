/** Serves the built renderer from one folder: known content types, nothing outside the folder. */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** A file ready to stream, or the reason there is none. */
export type StaticLookup = { found: true; path: string; size: number; contentType: string } | { found: false };

/** The content type for a file name; unknown kinds are served as opaque bytes (and nosniff keeps them so). */
export function contentTypeFor(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Resolves a URL path inside `root`. Refuses encoded separators, NUL bytes, dot segments and anything
 * whose real path (after symlinks) leaves the folder.
 */
export async function findStaticFile(root: string, urlPath: string): Promise<StaticLookup> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { found: false };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { found: false };
  const segments = decoded.split('/').filter((s) => s.length > 0);
  if (segments.some((s) => s === '..' || s === '.')) return { found: false };
  const relative = segments.length === 0 ? 'index.html' : segments.join(sep);
  try {
    const realRoot = await realpath(root);
    const candidate = await realpath(resolve(join(realRoot, relative)));
    if (!candidate.startsWith(realRoot + sep)) return { found: false };
    const info = await stat(candidate);
    if (!info.isFile()) return { found: false };
    return { found: true, path: candidate, size: info.size, contentType: contentTypeFor(candidate) };
  } catch {
    return { found: false };
  }
}

/** Opens a found file for streaming. */
export function openStaticFile(path: string): NodeJS.ReadableStream {
  return createReadStream(path);
}
