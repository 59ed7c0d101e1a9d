/**
 * The config-file engine: plan (new text + diff), apply (backups, then an atomic write that aborts when the
 * file changed since it was read), and undo (exact original bytes, or only our keys removed).
 */
import { createHash } from 'node:crypto';
import { dirname } from 'node:path';
import type { FileChange } from '../../../contract/api.js';
import { AppError } from '../../errors.js';
import { formatFor } from '../formats/index.js';
import type { FormatId } from '../formats/format.js';
import { deepEqual, formatPath, getAt, isPlainObject, type PathSegment } from '../formats/path.js';
import { writeFileAtomic } from './atomic-write.js';
import type { BackupStore } from './backups.js';
import { isMissing, type FsOps } from './fs-ops.js';
import { unifiedDiff } from './line-diff.js';
import type { OwnedEditRecord, OwnedFileRecord } from './ownership.js';
import { readSnapshot, unchangedSince, type FileSnapshot } from './snapshot.js';
import { ConfigParseError } from '../formats/format.js';
import { strictJsonProblem } from '../formats/strict-json.js';
import { shellCommand } from '../descriptors/common.js';

/** One value an agent needs in a file; we own it from then on. */
export interface OwnedEdit {
  path: PathSegment[];
  value: unknown;
}

/** What one agent needs in one file (produced by the agent's pure `render`). */
export interface FileSpec {
  path: string;
  format: FormatId;
  holdsKey: boolean;
  edits: OwnedEdit[];
  /** The text a new file starts from, before our edits (`{}` for JSON). */
  skeleton: string;
  /** The agent reads this JSON file as strict JSON: a file with comments or trailing commas is refused. */
  strictJson?: boolean;
  /** The agent's name, for the refusal's wording. */
  agentName?: string;
}

/** A planned change to one file, holding what apply needs to do it and to check nothing moved meanwhile. */
export interface FilePlan {
  snapshot: FileSnapshot;
  action: FileChange['action'];
  before: string;
  after: string;
  /** Exact bytes to write (undo restores the original bytes, not a re-encoding of them). */
  afterBytes: Buffer | null;
  holdsKey: boolean;
  /** File mode to write with: 0600 when it holds a key, else the file's own (the original's, on restore). */
  mode: number;
  /** The record to store once written; null when the file is no longer ours after this change. */
  record: OwnedFileRecord | null;
  /** After a delete: folders to remove if they are empty then (the ones our first write created), deepest first. */
  removeDirs?: string[];
  /** Setup created this file: there is no "original" to keep (nothing existed before us). */
  createdBySetup: boolean;
}

/** The engine's collaborators. */
export interface EngineDeps {
  fs: FsOps;
  backups: BackupStore;
}

/** SHA-256 hex of text or bytes. */
export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

const pathKey = (path: readonly PathSegment[]): string => JSON.stringify(path);

function textOf(snapshot: FileSnapshot): string {
  return snapshot.bytes ? snapshot.bytes.toString('utf8') : '';
}

/** Removes the values we own whose current value is still what we wrote, putting back what was there before. */
function stripOwned(text: string, format: FormatId, file: string, edits: OwnedEditRecord[], containers: PathSegment[][]): string {
  const fmt = formatFor(format);
  let out = text;
  for (const edit of edits) {
    const current = getAt(fmt.parse(out, file), edit.path);
    if (!deepEqual(current, edit.wrote)) continue; // The user changed it: it is theirs now.
    out = edit.hadPrevious ? fmt.set(out, edit.path, edit.previous, file) : fmt.remove(out, edit.path, file);
  }
  // Deepest first, so a parent emptied by removing its child goes too.
  for (const container of [...containers].sort((a, b) => b.length - a.length)) {
    const value = getAt(fmt.parse(out, file), container);
    const empty = value === null || (isPlainObject(value) && Object.keys(value).length === 0) || (Array.isArray(value) && value.length === 0);
    if (empty) out = fmt.remove(out, container, file);
  }
  return out;
}

/** Plans setting `spec`'s values in the file, given what we wrote there before (if anything). */
export async function planFile(deps: EngineDeps, spec: FileSpec, previous: OwnedFileRecord | undefined): Promise<FilePlan> {
  const snapshot = await readSnapshot(deps.fs, spec.path);
  const fmt = formatFor(spec.format);
  const before = textOf(snapshot);
  const base = snapshot.exists && before.trim() !== '' ? before : snapshot.exists ? spec.skeleton || before : spec.skeleton;
  const original = fmt.parse(base, spec.path);
  if (spec.strictJson && spec.format === 'json') refuseLaxJson(base, spec);
  const wanted = new Set(spec.edits.map((e) => pathKey(e.path)));

  // Values we set last time and no longer need (say, after switching proxy -> direct) go first.
  const stale = (previous?.edits ?? []).filter((e) => !wanted.has(pathKey(e.path)));
  let text = stale.length > 0 ? stripOwned(base, spec.format, spec.path, stale, []) : base;

  const edits: OwnedEditRecord[] = [];
  for (const edit of spec.edits) {
    const current = getAt(fmt.parse(text, spec.path), edit.path);
    const known = previous?.edits.find((e) => pathKey(e.path) === pathKey(edit.path));
    const record: OwnedEditRecord = known
      ? { path: edit.path, wrote: edit.value, hadPrevious: known.hadPrevious, ...(known.hadPrevious ? { previous: known.previous } : {}) }
      : { path: edit.path, wrote: edit.value, hadPrevious: current !== undefined, ...(current !== undefined ? { previous: current } : {}) };
    edits.push(record);
    if (!deepEqual(current, edit.value)) text = fmt.set(text, edit.path, edit.value, spec.path);
  }

  const containers = new Map<string, PathSegment[]>((previous?.createdContainers ?? []).map((c) => [pathKey(c), c]));
  for (const edit of spec.edits) {
    for (let n = 1; n < edit.path.length; n++) {
      const prefix = edit.path.slice(0, n);
      if (typeof prefix[n - 1] === 'string' && getAt(original, prefix) === undefined) containers.set(pathKey(prefix), prefix);
    }
  }

  const action: FileChange['action'] = !snapshot.exists ? 'create' : text === before ? 'unchanged' : 'update';
  const createdDirs = previous ? previous.createdDirs : !snapshot.exists ? await missingDirs(deps.fs, dirname(snapshot.realPath)) : [];
  const record: OwnedFileRecord = {
    path: spec.path,
    realPath: snapshot.realPath,
    format: spec.format,
    holdsKey: spec.holdsKey,
    created: previous?.created ?? !snapshot.exists,
    original: previous?.original ?? null,
    originalMode: previous?.originalMode ?? snapshot.mode,
    written: sha256(text),
    edits,
    createdContainers: [...containers.values()],
    skeleton: spec.skeleton,
    ...(createdDirs && createdDirs.length > 0 ? { createdDirs } : {}),
  };
  const mode = spec.holdsKey ? 0o600 : (snapshot.mode ?? 0o644);
  return { snapshot, action, before, after: text, afterBytes: null, holdsKey: spec.holdsKey, mode, record, createdBySetup: record.created };
}

/**
 * Refuses to edit a JSON file the agent itself cannot read (comments, trailing commas): keeping them, as we do
 * for JSONC agents, would leave a file the agent ignores whole; removing them would drop the person's notes.
 */
function refuseLaxJson(text: string, spec: FileSpec): void {
  const problem = strictJsonProblem(text);
  if (!problem) return;
  const agent = spec.agentName ?? 'The agent';
  throw new AppError(
    'config_unparseable',
    `${spec.path} has ${problem.what} at ${problem.where}, which ${agent} cannot read: it reads this file as strict JSON and ignores all of it when it holds comments or trailing commas. Remove ${problem.what === 'a comment' ? 'the comments' : 'the trailing commas'} (the first is at ${problem.where}), then run setup again; the file was not changed.`,
    { field: spec.path },
  );
}

/** The folders above `dir` (itself included) that do not exist yet, deepest first: the ones a write there would create. */
async function missingDirs(fs: EngineDeps['fs'], dir: string): Promise<string[]> {
  const missing: string[] = [];
  for (let current = dir; ; current = dirname(current)) {
    const exists = await fs.stat(current).then(() => true, (error: unknown) => (isMissing(error) ? false : true));
    if (exists || dirname(current) === current) return missing;
    missing.push(current);
  }
}

const removeDirsOf = (record: OwnedFileRecord): { removeDirs?: string[] } => (record.created && record.createdDirs ? { removeDirs: record.createdDirs } : {});

/** Plans undoing what `record` says we did to one file. */
export async function planUndoFile(deps: EngineDeps, record: OwnedFileRecord): Promise<FilePlan> {
  const snapshot = await readSnapshot(deps.fs, record.path);
  const before = textOf(snapshot);
  const mode = record.holdsKey ? 0o600 : (snapshot.mode ?? 0o644);
  const base = { snapshot, before, holdsKey: record.holdsKey, mode, record: null, createdBySetup: record.created };
  if (!snapshot.exists) return { ...base, action: 'unchanged', after: before, afterBytes: null };
  if (sha256(snapshot.bytes!) === record.written) {
    if (record.created || record.original === null) return { ...base, action: 'delete', after: '', afterBytes: null, ...removeDirsOf(record) };
    const bytes = await deps.backups.read(record.original);
    return { ...base, mode: record.originalMode ?? mode, action: 'restore', after: bytes.toString('utf8'), afterBytes: bytes };
  }
  // The user changed the file since our write: take out only our values.
  const fmt = formatFor(record.format);
  const after = withRestoreHint(() => stripOwned(before, record.format, record.path, record.edits, record.createdContainers), record, deps.backups);
  if (record.created && deepEqual(fmt.parse(after, record.path), fmt.parse(record.skeleton, record.path))) {
    return { ...base, action: 'delete', after: '', afterBytes: null, ...removeDirsOf(record) };
  }
  return { ...base, action: after === before ? 'unchanged' : 'update', after, afterBytes: null };
}

/**
 * Runs `edit`; when the file does not parse, keeps the refusal (a file that does not parse is never rewritten)
 * and adds the way back: the backup holding the file as it was before setup and the command that restores it.
 */
function withRestoreHint(edit: () => string, record: OwnedFileRecord, backups: BackupStore): string {
  try {
    return edit();
  } catch (error) {
    if (!(error instanceof ConfigParseError)) throw error;
    const original = record.original ?? backups.firstTouchPath(record.realPath);
    const way = record.created
      ? `Setup created this file (nothing was there before), so to drop it and your edits since, remove it: ${shellCommand(['rm', record.realPath])}`
      : `To put back the file as it was before setup (dropping the edits made since), copy its backup over it: ${shellCommand(['cp', original, record.realPath])}`;
    throw new AppError('config_unparseable', `${error.file} is not valid ${error.language} at ${error.where} (${error.reason}); undo never rewrites a file that does not parse, so it was not changed. Fix that line and undo again. ${way}`, { field: error.file });
  }
}

/** The change as the UI shows it; `mask` hides the local key in the diff. */
export function toFileChange(plan: FilePlan, mask: (text: string) => string): FileChange {
  return { path: plan.snapshot.path, action: plan.action, diff: mask(unifiedDiff(plan.before, plan.after, plan.snapshot.path)), holdsKey: plan.holdsKey };
}

/** Carries out a planned change. Returns the backups made. Throws `config_changed` if the file moved since the plan. */
export async function applyFile(deps: EngineDeps, plan: FilePlan): Promise<{ backups: string[]; written: boolean; record: OwnedFileRecord | null }> {
  const { snapshot } = plan;
  const backups: string[] = [];
  if (!(await unchangedSince(deps.fs, snapshot))) {
    throw new AppError('config_changed', `${snapshot.path} changed since the plan was made. Review the new plan and apply again.`, { field: snapshot.path });
  }
  let record = plan.record;
  if (plan.action === 'unchanged') {
    // Nothing to write, but a key must never sit in a file others can read.
    if (plan.holdsKey && snapshot.exists && snapshot.mode !== null && (snapshot.mode & 0o077) !== 0) await deps.fs.chmod(snapshot.realPath, 0o600);
    return { backups, written: false, record };
  }
  if (snapshot.exists) {
    // A file setup created had no original: its first-touch copy would hold our own content under that name.
    const first = plan.createdBySetup ? null : await deps.backups.keepFirstTouch(snapshot.realPath, snapshot.bytes!);
    // The first touch is these very bytes: one copy is enough.
    const before = first?.created ? first.path : await deps.backups.keepBeforeApply(snapshot.realPath, snapshot.bytes!, record?.original ? [record.original] : []);
    backups.push(before);
    if (record && record.original === null && !record.created) record = { ...record, original: before };
  }
  if (plan.action === 'delete') {
    await deps.fs.unlink(snapshot.realPath).catch((error: unknown) => {
      throw new AppError('config_write_failed', `Could not delete ${snapshot.realPath}. Check its permissions and try again.`, { field: snapshot.path, cause: error });
    });
    // Folders we created go too, but only while empty: anything the agent or the user put there since stays.
    for (const dir of plan.removeDirs ?? []) {
      const removed = await deps.fs.rmdir(dir).then(() => true, () => false);
      if (!removed) break;
    }
    return { backups, written: true, record };
  }
  // Read once more right before the write: the backups above took time.
  if (!(await unchangedSince(deps.fs, snapshot))) {
    throw new AppError('config_changed', `${snapshot.path} changed while it was being backed up. Review the new plan and apply again.`, { field: snapshot.path });
  }
  await writeFileAtomic(deps.fs, snapshot.realPath, plan.afterBytes ?? plan.after, plan.mode);
  return { backups, written: true, record };
}

/** A short description of the values a record owns, for notes. */
export function describeOwned(record: OwnedFileRecord): string {
  return record.edits.map((e) => formatPath(e.path)).join(', ');
}
