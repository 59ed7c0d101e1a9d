/** The ownership record (`stateDir/ownership.json`): what we wrote, where, and what was there before. */
import { join } from 'node:path';
import type { AgentId, SetupMode, SetupRequest } from '../../../contract/api.js';
import type { FormatId } from '../formats/format.js';
import type { PathSegment } from '../formats/path.js';
import { dirname } from 'node:path';
import { writeFileAtomic } from './atomic-write.js';
import { isMissing, type FsOps } from './fs-ops.js';

/** One value we own in a file. `previous` is what the key held before we first set it, when it existed. */
export interface OwnedEditRecord {
  path: PathSegment[];
  wrote: unknown;
  hadPrevious: boolean;
  previous?: unknown;
}

/** One file we changed. `written` is the SHA-256 of the bytes we last wrote, to tell whether the user edited it since. */
export interface OwnedFileRecord {
  path: string;
  realPath: string;
  format: FormatId;
  holdsKey: boolean;
  created: boolean;
  /** Backup of the bytes before our first write in this setup (null when we created the file). */
  original: string | null;
  originalMode: number | null;
  written: string;
  edits: OwnedEditRecord[];
  /** Objects/tables that did not exist before us; removed on undo when they end up empty. */
  createdContainers: PathSegment[][];
  skeleton: string;
  /** Folders our first write created (`~/.codex`, say), deepest first; undo removes them when they are empty. Absent in older records. */
  createdDirs?: string[];
}

/** One agent's setup as we left it. */
export interface AgentRecord {
  agent: AgentId;
  mode: SetupMode;
  appliedAt: number;
  /** The request that was applied, so a regenerated local key can be written with the same choices. */
  request?: SetupRequest;
  files: OwnedFileRecord[];
}

interface OwnershipDocument {
  version: 1;
  agents: Partial<Record<AgentId, AgentRecord>>;
}

/** Reads and writes the ownership record; one JSON file, written atomically, 0600. */
export class OwnershipStore {
  private readonly file: string;

  constructor(
    private readonly fs: FsOps,
    stateDir: string,
  ) {
    this.file = join(stateDir, 'ownership.json');
  }

  private async load(): Promise<OwnershipDocument> {
    try {
      const parsed = JSON.parse((await this.fs.readFile(this.file)).toString('utf8')) as OwnershipDocument;
      return parsed.version === 1 && typeof parsed.agents === 'object' ? parsed : { version: 1, agents: {} };
    } catch (error) {
      if (isMissing(error)) return { version: 1, agents: {} };
      throw error;
    }
  }

  /** The agent's record, if we set it up. */
  async get(agent: AgentId): Promise<AgentRecord | undefined> {
    return (await this.load()).agents[agent];
  }

  /** Stores (or, with null, forgets) the agent's record. */
  async put(agent: AgentId, record: AgentRecord | null): Promise<void> {
    const doc = await this.load();
    if (record) doc.agents[agent] = record;
    else delete doc.agents[agent];
    // The state folder (agents/) holds backups of config files with keys in them: private, even if it existed wider.
    await this.fs.mkdir(dirname(this.file), { recursive: true, mode: 0o700 });
    await this.fs.chmod(dirname(this.file), 0o700);
    await writeFileAtomic(this.fs, this.file, `${JSON.stringify(doc, null, 2)}\n`, 0o600);
  }
}
