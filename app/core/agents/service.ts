/** The agents service the CLI and UI call: list, plan/apply setup, plan/apply undo, and the doctor's static checks. */
import { join } from 'node:path';
import type { AgentId, AgentInfo, DoctorCheck, SetupPlan, SetupRequest, SetupResult } from '../../contract/api.js';
import { DEFAULT_TEST_MODELS } from '../../contract/providers.js';
import { AppError } from '../errors.js';
import type { AgentDescriptor, ConfigReader, RenderInput } from './descriptor.js';
import { readVersion, which, type VersionFn, type WhichFn } from './detect.js';
import { BackupStore } from './engine/backups.js';
import { applyFile, planFile, planUndoFile, toFileChange, type EngineDeps, type FilePlan } from './engine/config-engine.js';
import { isMissing, nodeFsOps, type FsOps } from './engine/fs-ops.js';
import { OwnershipStore, type AgentRecord, type OwnedFileRecord } from './engine/ownership.js';
import { formatFor } from './formats/index.js';
import { ConfigParseError, type FormatId } from './formats/format.js';
import { strictJsonProblem } from './formats/strict-json.js';
import { resolveLocations, type AgentLocations } from './locations.js';
import { AGENT_DESCRIPTORS, findDescriptor } from './registry.js';

/** Where the agents live: the user's environment as the agents see it, and our own state folder. */
export interface AgentEnvironment {
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  cwd: string;
  /** AI_GATEWAY_HOME/agents: ownership record and backups. */
  stateDir: string;
}

/** What agents are pointed at. */
export interface AgentTarget {
  /** `http://127.0.0.1:PORT` */
  proxyUrl: string;
  localKeyFor(agent: AgentId): Promise<string>;
  gatewayUrl: string | null;
  /** argv printing a gateway JWT, for direct mode (e.g. ['/usr/local/bin/ai-gateway', 'token']). */
  tokenCommand: string[];
}

/** Optional seams (tests inject failing file systems, fake PATH lookups, a fixed clock). */
export interface AgentServiceSeams {
  fs?: FsOps;
  which?: WhichFn;
  readVersion?: VersionFn;
  now?: () => number;
  descriptors?: readonly AgentDescriptor[];
}

/** The base URL, format and key an agent's config currently uses (for the live check). */
export interface ConfiguredEndpoint {
  baseUrl: string;
  key: string | null;
  format: 'anthropic-messages' | 'chat-completions' | 'responses';
}

interface PendingPlan {
  plan: SetupPlan;
  requestKey: string;
  mode: SetupRequest['mode'];
  plans: FilePlan[];
}

const FORMAT_BY_EXTENSION: [RegExp, FormatId][] = [
  [/\.jsonc?$/, 'json'],
  [/\.ya?ml$/, 'yaml'],
  [/\.toml$/, 'toml'],
];

/** Sets agents up to use the local proxy (or the gateway directly), and undoes it. */
export class AgentService {
  private readonly fs: FsOps;
  private readonly which: WhichFn;
  private readonly readVersion: VersionFn;
  private readonly descriptors: readonly AgentDescriptor[];
  private readonly ownership: OwnershipStore;
  private readonly deps: EngineDeps;
  /** The last plan per agent: apply writes exactly what was shown, or fails with config_changed. */
  private readonly pending = new Map<AgentId, PendingPlan>();

  constructor(
    private readonly environment: AgentEnvironment,
    private readonly target: () => Promise<AgentTarget>,
    seams: AgentServiceSeams = {},
  ) {
    this.fs = seams.fs ?? nodeFsOps;
    this.which = seams.which ?? which;
    this.readVersion = seams.readVersion ?? readVersion;
    this.descriptors = seams.descriptors ?? AGENT_DESCRIPTORS;
    this.ownership = new OwnershipStore(this.fs, environment.stateDir);
    this.deps = { fs: this.fs, backups: new BackupStore(this.fs, join(environment.stateDir, 'backups'), seams.now ?? Date.now) };
    this.now = seams.now ?? Date.now;
  }

  private readonly now: () => number;

  private locations(): AgentLocations {
    return resolveLocations(this.environment.env, this.environment.platform, this.environment.cwd);
  }

  private descriptor(agent: string): AgentDescriptor {
    const found = findDescriptor(agent, this.descriptors);
    if (!found) throw new AppError('agent_unknown', `Unknown agent "${agent}". Known agents: ${this.descriptors.map((d) => d.id).join(', ')}.`, { field: 'agent' });
    return found;
  }

  /** Reads a config file as parsed data; null when absent or unparseable (detection never throws on a bad file). */
  private readonly read: ConfigReader = async (path) => {
    const format = FORMAT_BY_EXTENSION.find(([re]) => re.test(path))?.[1];
    if (!format) return null;
    try {
      return formatFor(format).parse((await this.fs.readFile(path)).toString('utf8'), path);
    } catch (error) {
      if (isMissing(error) || error instanceof AppError) return null;
      throw error;
    }
  };

  /** Detection and state of every agent. */
  async list(): Promise<AgentInfo[]> {
    return Promise.all(this.descriptors.map((d) => this.info(d)));
  }

  private async info(d: AgentDescriptor): Promise<AgentInfo> {
    const loc = this.locations();
    const { env, platform } = this.environment;
    const binary = d.binary ? await this.which(d.binary, env, platform) : null;
    const version = binary ? await this.readVersion(binary, d.versionArgs, env) : null;
    const endpoint = await d.readEndpoint(this.read, loc);
    const record = await this.ownership.get(d.id);
    const overrides = await d.overrides(env, loc, this.read);
    return {
      id: d.id,
      name: d.name,
      installed: binary !== null,
      version,
      binary,
      configFiles: d.configFiles(loc),
      configured: endpoint !== null,
      configProblem: (await this.configProblem(d))?.message ?? null,
      mode: endpoint?.mode ?? record?.mode ?? null,
      modes: [...d.modes],
      directUnsupportedReason: d.directUnsupportedReason,
      warnings: overrides.map((o) => o.message),
      providers: [...d.providers],
      defaultModels: [...new Set(d.providers.map((p) => DEFAULT_TEST_MODELS[p]))],
    };
  }

  private async renderInput(d: AgentDescriptor, req: SetupRequest): Promise<RenderInput> {
    const mode = req.mode ?? 'proxy';
    if (!d.modes.includes(mode)) {
      throw new AppError('bad_request', `${d.name} cannot be set up in ${mode} mode: ${d.directUnsupportedReason ?? 'not supported'}`, { field: 'mode' });
    }
    const target = await this.target();
    if (mode === 'direct' && (!target.gatewayUrl || target.tokenCommand.length === 0)) {
      throw new AppError('settings_missing', 'Direct mode needs the gateway URL and the token command. Save the gateway settings first (ai-gateway login), then try again.', { field: 'gatewayUrl' });
    }
    const provider = req.provider ?? d.providers[0]!;
    const chosen = (req.models ?? []).map((m) => m.trim()).filter(Boolean);
    return {
      mode,
      proxyUrl: target.proxyUrl.replace(/\/+$/, ''),
      gatewayUrl: target.gatewayUrl,
      tokenCommand: target.tokenCommand,
      localKey: mode === 'proxy' ? await target.localKeyFor(d.id) : '',
      models: chosen.length > 0 ? chosen : [DEFAULT_TEST_MODELS[provider]],
      modelsChosen: chosen.length > 0,
      provider,
      quiet: req.quiet ?? false,
    };
  }

  private masker(key: string): (text: string) => string {
    return (text) => (key.length >= 8 ? text.split(key).join('<local key>') : text);
  }

  private async planInternal(req: SetupRequest): Promise<{ plan: SetupPlan; pending: PendingPlan }> {
    const d = this.descriptor(req.agent);
    const input = await this.renderInput(d, req);
    const rendered = d.render(input, this.locations());
    const record = await this.ownership.get(d.id);
    const plans: FilePlan[] = [];
    for (const spec of rendered.files) plans.push(await planFile(this.deps, { ...spec, strictJson: d.strictJson, agentName: d.name }, record?.files.find((f) => f.path === spec.path)));
    // Files we wrote last time that this setup no longer needs are undone.
    for (const old of record?.files ?? []) {
      if (!rendered.files.some((f) => f.path === old.path)) plans.push(await planUndoFile(this.deps, old));
    }
    const mask = this.masker(input.localKey);
    const plan: SetupPlan = {
      agent: d.id,
      mode: input.mode,
      changes: plans.map((p) => toFileChange(p, mask)),
      notes: rendered.notes,
      warnings: [...rendered.warnings, ...(await d.overrides(this.environment.env, this.locations(), this.read)).map((o) => o.message)],
      snippets: rendered.snippets,
    };
    return { plan, pending: { plan, requestKey: JSON.stringify(req), mode: input.mode, plans } };
  }

  /** What a setup would change, as diffs (the local key is masked). */
  async plan(req: SetupRequest): Promise<SetupPlan> {
    const { plan, pending } = await this.planInternal(req);
    this.pending.set(plan.agent, pending);
    return plan;
  }

  /** Applies the setup: the last plan for the same request if there is one (failing if a file changed since), else a fresh plan. */
  async apply(req: SetupRequest): Promise<SetupResult> {
    const d = this.descriptor(req.agent);
    const fresh = await this.planInternal(req);
    const cached = this.pending.get(d.id);
    this.pending.delete(d.id);
    const pending = cached && cached.requestKey === JSON.stringify(req) ? cached : fresh.pending;
    const written: string[] = [];
    const removed: string[] = [];
    const backups: string[] = [];
    const files: OwnedFileRecord[] = [];
    const processed = new Set<string>();
    const previous = await this.ownership.get(d.id);
    try {
      for (const plan of pending.plans) {
        const done = await applyFile(this.deps, plan);
        processed.add(plan.snapshot.path);
        if (done.written) (plan.action === 'delete' ? removed : written).push(plan.snapshot.path);
        backups.push(...done.backups);
        if (done.record) files.push(done.record);
      }
    } finally {
      // Record what was written even when a later file failed, so undo can still find it.
      const kept = (previous?.files ?? []).filter((f) => !processed.has(f.path));
      const record: AgentRecord = { agent: d.id, mode: pending.mode ?? 'proxy', appliedAt: this.now(), request: req, files: [...files, ...kept] };
      await this.ownership.put(d.id, record.files.length > 0 ? record : null);
    }
    return { plan: pending.plan, written, removed, backups };
  }

  /**
   * After the agent's local key was regenerated: writes the new key with the choices of the last setup.
   * Returns null when the agent was not set up in proxy mode (nothing holds the old key).
   */
  async rekey(agent: AgentId): Promise<SetupResult | null> {
    const record = await this.ownership.get(this.descriptor(agent).id);
    if (!record || record.mode !== 'proxy') return null;
    return this.apply(record.request ?? { agent, mode: 'proxy' });
  }

  /** What undo would change. */
  async planUndo(agent: AgentId): Promise<SetupPlan> {
    return (await this.planUndoInternal(agent)).plan;
  }

  private async planUndoInternal(agent: AgentId): Promise<{ plan: SetupPlan; plans: FilePlan[]; record: AgentRecord | undefined }> {
    const d = this.descriptor(agent);
    const record = await this.ownership.get(d.id);
    const plans: FilePlan[] = [];
    for (const file of record?.files ?? []) plans.push(await planUndoFile(this.deps, file));
    const key = record?.mode === 'proxy' ? await (await this.target()).localKeyFor(d.id).catch(() => '') : '';
    const notes = record ? [] : [`${d.name} was not set up by this app, so there is nothing to undo.`];
    if (plans.some((p) => p.action === 'update')) notes.push('Some files were edited since setup: only the values this app wrote are removed; your other changes stay.');
    return {
      plan: { agent: d.id, mode: record?.mode ?? 'proxy', changes: plans.map((p) => toFileChange(p, this.masker(key))), notes, warnings: [], snippets: [] },
      plans,
      record,
    };
  }

  /** Undoes the setup: exact original bytes where the file is as we left it, else only our values removed. */
  async undo(agent: AgentId): Promise<SetupResult> {
    const { plan, plans, record } = await this.planUndoInternal(agent);
    const written: string[] = [];
    const removed: string[] = [];
    const backups: string[] = [];
    const remaining = [...(record?.files ?? [])];
    try {
      for (const p of plans) {
        const done = await applyFile(this.deps, p);
        if (done.written) (p.action === 'delete' ? removed : written).push(p.snapshot.path);
        backups.push(...done.backups);
        remaining.splice(remaining.findIndex((f) => f.path === p.snapshot.path), 1);
      }
    } finally {
      if (record) await this.ownership.put(record.agent, remaining.length > 0 ? { ...record, files: remaining } : null);
    }
    this.pending.delete(plan.agent);
    return { plan, written, removed, backups };
  }

  /** Static doctor checks: config present, pointing at the proxy with the current key, nothing overriding it. */
  async inspect(agent: AgentId): Promise<DoctorCheck[]> {
    const d = this.descriptor(agent);
    const loc = this.locations();
    if (d.configFiles(loc).length === 0) {
      return [{ name: `${d.name}: nothing to configure`, ok: true, message: `${d.name} is a library; programs use the snippets from \`ai-gateway setup ${d.id}\`.`, fix: null }];
    }
    const checks: DoctorCheck[] = [];
    // A file the agent cannot read is the problem to report, not "not set up" (reading it back fails the same way).
    const problem = await this.configProblem(d);
    if (problem) return [{ name: 'config parses', ok: false, message: problem.message, fix: `Edit ${problem.file} at ${problem.where} (or move the file aside), then run \`ai-gateway doctor ${d.id}\` again.` }];
    const endpoint = await d.readEndpoint(this.read, loc);
    checks.push(
      endpoint
        ? { name: 'config present', ok: true, message: `${d.configFiles(loc)[0]} is set up (${endpoint.mode} mode).`, fix: null }
        : { name: 'config present', ok: false, message: `${d.name} is not set up for the AI Gateway.`, fix: `ai-gateway setup ${d.id}` },
    );
    if (endpoint) {
      const target = await this.target();
      if (endpoint.mode === 'proxy') {
        const ok = endpoint.baseUrl.startsWith(`${target.proxyUrl.replace(/\/+$/, '')}/`);
        checks.push({ name: 'points at the proxy', ok, message: ok ? `Uses ${endpoint.baseUrl}.` : `Uses ${endpoint.baseUrl}, not the running proxy at ${target.proxyUrl}.`, fix: ok ? null : `ai-gateway setup ${d.id}` });
        const key = await target.localKeyFor(d.id);
        const keyOk = endpoint.key === key;
        checks.push({ name: 'current local key', ok: keyOk, message: keyOk ? 'Uses its current local key.' : 'Its local key is missing or was regenerated since setup.', fix: keyOk ? null : `ai-gateway setup ${d.id}` });
      } else {
        const root = (target.gatewayUrl ?? '').replace(/\/+$/, '').replace(/\/v1$/, '');
        const ok = root !== '' && endpoint.baseUrl.startsWith(root);
        checks.push({ name: 'points at the gateway', ok, message: ok ? `Uses ${endpoint.baseUrl}.` : `Uses ${endpoint.baseUrl}, not the configured gateway.`, fix: ok ? null : `ai-gateway setup ${d.id} --mode direct` });
      }
    }
    const overrides = (await d.overrides(this.environment.env, loc, this.read)).filter((o) => o.blocking);
    checks.push(
      overrides.length === 0
        ? { name: 'nothing overrides it', ok: true, message: 'No environment variable or project file overrides this config.', fix: null }
        : { name: 'nothing overrides it', ok: false, message: overrides.map((o) => o.message).join(' '), fix: overrides[0]!.message },
    );
    return checks;
  }

  /**
   * Why one of the agent's config files cannot be read by the agent itself, or null: a file that does not
   * parse, or (for agents whose parser is strict JSON) a comment or trailing comma that makes it ignore the file.
   */
  private async configProblem(d: AgentDescriptor): Promise<{ message: string; file: string; where: string } | null> {
    for (const path of d.configFiles(this.locations())) {
      const format = FORMAT_BY_EXTENSION.find(([re]) => re.test(path))?.[1];
      if (!format) continue;
      let text: string;
      try {
        text = (await this.fs.readFile(path)).toString('utf8');
      } catch (error) {
        if (isMissing(error)) continue;
        throw error;
      }
      try {
        formatFor(format).parse(text, path);
      } catch (error) {
        if (error instanceof ConfigParseError) return { message: `${path} does not parse at ${error.where}: ${error.reason}; fix that line (${d.name} cannot read the file as it is).`, file: path, where: error.where };
        throw error;
      }
      const lax = format === 'json' && d.strictJson ? strictJsonProblem(text) : null;
      if (lax) return { message: `${path} has ${lax.what} at ${lax.where}: ${d.name} reads it as strict JSON and ignores the whole file; remove it (and any other comment or trailing comma).`, file: path, where: lax.where };
    }
    return null;
  }

  /** True for an agent with no config file (LangChain): it gets snippets, and is checked with their request. */
  isLibrary(agent: AgentId): boolean {
    return this.descriptor(agent).configFiles(this.locations()).length === 0;
  }

  /** The base URL, key and wire format the agent's config uses now, for the live check; null when not set up. */
  async configuredEndpoint(agent: AgentId): Promise<ConfiguredEndpoint | null> {
    const d = this.descriptor(agent);
    const endpoint = await d.readEndpoint(this.read, this.locations());
    return endpoint ? { baseUrl: endpoint.baseUrl, key: endpoint.key, format: endpoint.format } : null;
  }
}
