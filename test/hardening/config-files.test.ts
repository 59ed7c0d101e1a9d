/**
 * Config files through the agent engine's public API (AgentService): generated JSON-with-comments, YAML and TOML
 * documents keep every comment and foreign value through setup, and come back byte for byte after undo.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lstat, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { parse as parseJsonc } from 'jsonc-parser';
import { parse as parseYaml } from 'yaml';
import { parse as parseToml } from 'smol-toml';
import type { AgentId } from '../../app/contract/api.js';
import { AgentService } from '../../app/core/agents/service.js';
import { nodeFsOps, type FsOps } from '../../app/core/agents/engine/fs-ops.js';
import { AppError } from '../../app/core/errors.js';

const LOCAL_KEY = 'agw-local-hardeningconfigkey0123456789abcdefABCDEF';

/** A temp HOME and an AgentService over it, with an optional file-system seam. */
async function sandbox(fs: FsOps = nodeFsOps): Promise<{ home: string; service: AgentService; cleanup: () => Promise<void> }> {
  const home = await mkdtemp(join(tmpdir(), 'aigw-hard-cfg-'));
  const env = { HOME: home, PATH: '/nonexistent' };
  const service = new AgentService({ env, platform: 'linux', cwd: home, stateDir: join(home, '.aigw-state', 'agents') }, async () => ({
    proxyUrl: 'http://127.0.0.1:48484',
    localKeyFor: async () => LOCAL_KEY,
    gatewayUrl: 'https://gateway.example.invalid',
    tokenCommand: ['/opt/ai-gateway/bin/ai-gateway', 'token'],
  }), { fs, which: async () => null, readVersion: async () => null });
  return { home, service, cleanup: () => rm(home, { recursive: true, force: true }) };
}

// ---- A small document model, rendered to each language with comments, indentation and line-ending choices.

type Scalar = string | number | boolean;
interface Entry {
  key: string;
  value: Scalar | Scalar[] | Entry[];
  comment: string | null;
}
interface Doc {
  entries: Entry[];
  header: string | null;
  indent: string;
  crlf: boolean;
  finalNewline: boolean;
}

const keyArb = fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/);
const commentArb = fc.stringMatching(/^[A-Za-z0-9 ,.:()-]{1,30}$/).map((s) => s.trim() || 'note');
const scalarArb: fc.Arbitrary<Scalar> = fc.oneof(fc.integer({ min: -1000, max: 100000 }), fc.boolean(), fc.stringMatching(/^[A-Za-z0-9 ._:/-]{0,20}$/));
const leafArb = fc.oneof({ weight: 4, arbitrary: scalarArb }, { weight: 1, arbitrary: fc.array(fc.oneof(fc.integer({ min: 0, max: 99 }), fc.stringMatching(/^[a-z]{1,6}$/)), { minLength: 1, maxLength: 4 }) });
const entriesArb = (reserved: string[], depth: number): fc.Arbitrary<Entry[]> =>
  fc.uniqueArray(
    fc.record({
      key: keyArb.filter((k) => !reserved.includes(k)),
      value: depth > 0 ? fc.oneof({ weight: 3, arbitrary: leafArb }, { weight: 1, arbitrary: entriesArb([], depth - 1) }) : leafArb,
      comment: fc.option(commentArb, { freq: 3 }),
    }),
    { selector: (e) => e.key, minLength: depth > 0 ? 1 : 1, maxLength: 5 },
  ) as fc.Arbitrary<Entry[]>;
const docArb = (reserved: string[]) =>
  fc.record({
    entries: entriesArb(reserved, 1),
    header: fc.option(commentArb, { freq: 2 }),
    indent: fc.constantFrom('  ', '    ', '\t'),
    crlf: fc.boolean(),
    finalNewline: fc.boolean(),
  });

function finish(lines: string[], doc: Doc): string {
  const eol = doc.crlf ? '\r\n' : '\n';
  return lines.join(eol) + (doc.finalNewline ? eol : '');
}

function jsonc(doc: Doc): string {
  const lines: string[] = [];
  if (doc.header) lines.push(`// ${doc.header}`);
  const obj = (entries: Entry[], pad: string) => {
    entries.forEach((e, i) => {
      const comma = i < entries.length - 1 ? ',' : '';
      const note = e.comment ? ` // ${e.comment}` : '';
      if (Array.isArray(e.value) && e.value.length > 0 && typeof e.value[0] === 'object') {
        lines.push(`${pad}"${e.key}": {`);
        obj(e.value as Entry[], pad + doc.indent);
        lines.push(`${pad}}${comma}${note}`);
      } else {
        if (e.comment && i % 2 === 0) lines.push(`${pad}/* ${e.comment} */`);
        lines.push(`${pad}"${e.key}": ${JSON.stringify(e.value)}${comma}${note}`);
      }
    });
  };
  lines.push('{');
  obj(doc.entries, doc.indent);
  lines.push('}');
  return finish(lines, doc);
}

function yaml(doc: Doc): string {
  const lines: string[] = [];
  if (doc.header) lines.push(`# ${doc.header}`);
  const indent = doc.indent === '\t' ? '  ' : doc.indent; // YAML forbids tabs for indentation.
  const obj = (entries: Entry[], pad: string) => {
    for (const e of entries) {
      const note = e.comment ? `  # ${e.comment}` : '';
      if (Array.isArray(e.value) && e.value.length > 0 && typeof e.value[0] === 'object') {
        lines.push(`${pad}${e.key}:${note}`);
        obj(e.value as Entry[], pad + indent);
      } else if (Array.isArray(e.value)) {
        lines.push(`${pad}${e.key}:${note}`);
        for (const item of e.value) lines.push(`${pad}${indent}- ${JSON.stringify(item)}`);
      } else {
        lines.push(`${pad}${e.key}: ${JSON.stringify(e.value)}${note}`);
      }
    }
  };
  obj(doc.entries, '');
  return finish(lines, doc);
}

function toml(doc: Doc): string {
  const lines: string[] = [];
  if (doc.header) lines.push(`# ${doc.header}`);
  const isTable = (e: Entry) => Array.isArray(e.value) && e.value.length > 0 && typeof e.value[0] === 'object';
  const kv = (e: Entry) => `${e.key} = ${JSON.stringify(e.value).replace(/,/g, ', ')}${e.comment ? ` # ${e.comment}` : ''}`;
  for (const e of doc.entries.filter((x) => !isTable(x))) lines.push(kv(e));
  for (const t of doc.entries.filter(isTable)) {
    lines.push('', `[${t.key}]${t.comment ? ` # ${t.comment}` : ''}`);
    for (const e of t.value as Entry[]) lines.push(isTable(e) ? `${e.key} = ${JSON.stringify(Object.fromEntries((e.value as Entry[]).map((x) => [x.key, x.value]))).replace(/"([a-z][a-z0-9_]*)":/g, '$1 = ').replace(/^\{/, '{ ').replace(/\}$/, ' }')}` : kv(e));
  }
  return finish(lines, doc);
}

function comments(doc: Doc): string[] {
  const out: string[] = doc.header ? [doc.header] : [];
  const walk = (entries: Entry[]) => {
    for (const e of entries) {
      if (e.comment) out.push(e.comment);
      if (Array.isArray(e.value) && typeof e.value[0] === 'object') walk(e.value as Entry[]);
    }
  };
  walk(doc.entries);
  return out;
}

/** Every leaf of a parsed document, with its path. */
function leaves(value: unknown, path: string[] = []): [string[], unknown][] {
  if (value && typeof value === 'object' && !Array.isArray(value)) return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]));
  return [[path, value]];
}
const at = (value: unknown, path: string[]): unknown => path.reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], value);

interface Lang {
  name: string;
  agent: AgentId;
  file: (home: string) => string;
  render: (doc: Doc) => string;
  parse: (text: string) => unknown;
  /** Top-level keys setup owns (the generator avoids them). */
  reserved: string[];
}

const LANGS: Lang[] = [
  // OpenCode, not Claude Code: Claude reads settings.json as strict JSON, so setup refuses comments there (broken-configs.test.ts).
  { name: 'JSON with comments (OpenCode opencode.jsonc)', agent: 'opencode', file: (h) => join(h, '.config', 'opencode', 'opencode.jsonc'), render: jsonc, parse: (t) => parseJsonc(t), reserved: ['provider', 'model', '$schema'] },
  { name: 'YAML (goose config.yaml)', agent: 'goose', file: (h) => join(h, '.config', 'goose', 'config.yaml'), render: yaml, parse: (t) => parseYaml(t), reserved: [] },
  { name: 'TOML (Codex config.toml)', agent: 'codex', file: (h) => join(h, '.codex', 'config.toml'), render: toml, parse: (t) => parseToml(t), reserved: ['model', 'model_provider', 'model_providers', 'profile', 'analytics'] },
];

for (const lang of LANGS) {
  test(`${lang.name}: comments and foreign values survive setup; undo restores every byte`, async () => {
    await fc.assert(
      fc.asyncProperty(docArb(lang.reserved), async (doc) => {
        const text = lang.render(doc);
        const original = lang.parse(text); // The generator must make valid documents.
        const sb = await sandbox();
        try {
          const path = lang.file(sb.home);
          await mkdir(dirname(path), { recursive: true });
          await writeFile(path, text);
          await sb.service.apply({ agent: lang.agent });
          const after = await readFile(path, 'utf8');
          for (const c of comments(doc)) assert.ok(after.includes(c), `comment kept: ${c}`);
          const parsed = lang.parse(after);
          for (const [p, v] of leaves(original)) assert.deepEqual(at(parsed, p), v, `foreign value ${p.join('.')} kept`);
          if (text.includes('\r\n')) assert.doesNotMatch(after, /[^\r]\n/, 'CRLF file stays CRLF');
          await sb.service.undo(lang.agent);
          assert.ok((await readFile(path)).equals(Buffer.from(text)), 'undo restores the exact bytes');
        } finally {
          await sb.cleanup();
        }
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 40) },
    );
  });
}

for (const lang of LANGS.filter((l) => l.agent === 'goose')) {
  test(`${lang.name}: a CRLF file stays CRLF after setup`, async () => {
    const sb = await sandbox();
    try {
      const path = lang.file(sb.home);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, '# mine\r\nGOOSE_MODE: smart_approve\r\n');
      await sb.service.apply({ agent: lang.agent });
      assert.doesNotMatch(await readFile(path, 'utf8'), /[^\r]\n/);
    } finally {
      await sb.cleanup();
    }
  });
}

test('unparseable files are refused and left untouched, with no temp file behind', async () => {
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...LANGS), docArb(['env', 'model', 'model_provider', 'model_providers', 'profile', 'analytics']), fc.constantFrom('\n{{{ broken', '\n"a": [1, 2', '\nkey = = "x"\n[[[', '\n  - : ]['), async (lang, doc, damage) => {
      const text = lang.render(doc) + damage;
      let valid = true;
      try {
        lang.parse(text);
      } catch {
        valid = false;
      }
      fc.pre(!valid);
      const sb = await sandbox();
      try {
        const path = lang.file(sb.home);
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, text);
        await assert.rejects(sb.service.apply({ agent: lang.agent }), (e: unknown) => e instanceof AppError && e.code === 'config_unparseable' && /line \d+/.test(e.message));
        assert.equal(await readFile(path, 'utf8'), text);
        assert.deepEqual((await readdir(dirname(path))).filter((n) => n.endsWith('.tmp')), []);
      } finally {
        await sb.cleanup();
      }
    }),
    { numRuns: 20 },
  );
});

test('a symlinked YAML config stays a symlink through setup and undo', async () => {
  const sb = await sandbox();
  try {
    const real = join(sb.home, 'dotfiles', 'goose.yaml');
    const text = '# mine\r\nGOOSE_MODE: smart_approve  # keep\r\nextensions:\r\n  dev:\r\n    enabled: true';
    await mkdir(dirname(real), { recursive: true });
    await writeFile(real, text);
    const link = join(sb.home, '.config', 'goose', 'config.yaml');
    await mkdir(dirname(link), { recursive: true });
    await symlink(real, link);
    await sb.service.apply({ agent: 'goose' });
    assert.ok((await lstat(link)).isSymbolicLink());
    assert.match(await readFile(real, 'utf8'), /GOOSE_PROVIDER/);
    await sb.service.undo('goose');
    assert.ok((await lstat(link)).isSymbolicLink());
    assert.equal(await readFile(real, 'utf8'), text);
  } finally {
    await sb.cleanup();
  }
});

test('a crash between the temp write and the rename leaves the original intact', async () => {
  const text = '# codex\nmodel = "o3"\napproval_policy = "never"';
  let target = '';
  const crashing: FsOps = {
    ...nodeFsOps,
    rename: async (from, to) => {
      if (to === target) throw Object.assign(new Error('simulated crash'), { code: 'EIO' });
      return nodeFsOps.rename(from, to);
    },
  };
  const sb = await sandbox(crashing);
  try {
    target = join(sb.home, '.codex', 'config.toml');
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, text);
    await assert.rejects(sb.service.apply({ agent: 'codex' }), (e: unknown) => e instanceof AppError && e.code === 'config_write_failed' && /left as it was/.test(e.message) && !e.message.includes(LOCAL_KEY));
    assert.equal(await readFile(target, 'utf8'), text);
    assert.deepEqual((await readdir(dirname(target))).filter((n) => n.endsWith('.tmp')), [], 'no temp file left');
  } finally {
    await sb.cleanup();
  }
});

test('a file changed by the user while setup backs it up is not overwritten', async () => {
  // Strict JSON: Claude Code ignores a settings.json with comments, and setup refuses one.
  const text = '{\n  "theme": "dark",\n  "mine": true\n}\n';
  const edited = '{\n  "theme": "light",\n  "changed": "meanwhile"\n}\n';
  let target = '';
  let edits = 0;
  const racing: FsOps = {
    ...nodeFsOps,
    open: async (path, flags, mode) => {
      // The user's editor saves while the engine writes its backups.
      if (edits === 0 && path.includes('backups') && flags === 'wx') {
        edits++;
        await writeFile(target, edited);
      }
      return nodeFsOps.open(path, flags, mode);
    },
  };
  const sb = await sandbox(racing);
  try {
    target = join(sb.home, '.claude', 'settings.json');
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, text);
    await assert.rejects(sb.service.apply({ agent: 'claude-code' }), (e: unknown) => e instanceof AppError && e.code === 'config_changed' && /apply again/.test(e.message));
    assert.equal(edits, 1);
    assert.equal(await readFile(target, 'utf8'), edited, "the user's edit is kept");
    await sb.service.apply({ agent: 'claude-code' });
    assert.match(await readFile(target, 'utf8'), /"changed": "meanwhile"/);
  } finally {
    await sb.cleanup();
  }
});
