/** What one agent is, as data: where its config lives, what it needs there (pure), and how to read it back. */
import type { AgentId, SetupMode, Snippet } from '../../contract/api.js';
import type { Provider } from '../../contract/providers.js';
import type { FileSpec } from './engine/config-engine.js';
import type { AgentLocations } from './locations.js';

/** Everything `render` needs; plain values, so render stays pure. */
export interface RenderInput {
  mode: SetupMode;
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  proxyUrl: string;
  gatewayUrl: string | null;
  /** argv that prints a gateway JWT (direct mode). */
  tokenCommand: string[];
  localKey: string;
  /** Chosen models, first is the default; never empty. */
  models: string[];
  /** True when the person picked the models (else they are our defaults, and agents keep their own choice where they have one). */
  modelsChosen: boolean;
  provider: Provider;
  quiet: boolean;
}

/** What an agent needs: files to edit, and words for the person. */
export interface Rendered {
  files: FileSpec[];
  notes: string[];
  warnings: string[];
  snippets: Snippet[];
}

/** Where the agent talks to and with which key, read back from its config (for doctor and the live check). */
export interface ConfiguredEndpoint {
  baseUrl: string;
  key: string | null;
  format: 'anthropic-messages' | 'chat-completions' | 'responses';
  mode: SetupMode;
}

/** Something that beats (blocking) or sits beside (informational) what we write. */
export interface Override {
  message: string;
  blocking: boolean;
}

/** Reads a parsed config file (null when absent or unreadable). */
export type ConfigReader = (path: string) => Promise<unknown>;

/** The environment as an agent would see it (the user's shell variables). */
export type Env = Record<string, string | undefined>;

/** One agent. Adding an agent means adding one of these to the registry. */
export interface AgentDescriptor {
  id: AgentId;
  name: string;
  /** Executable to look for on PATH; null for libraries. */
  binary: string | null;
  versionArgs: string[];
  modes: SetupMode[];
  directUnsupportedReason: string | null;
  providers: Provider[];
  /**
   * True when the agent reads its JSON config files as strict JSON (no comments, no trailing commas): setup
   * then refuses a file holding them, and doctor reports it, since the agent would ignore the whole file.
   * Each descriptor says, where its files are defined, which syntax the agent's own parser accepts.
   */
  strictJson: boolean;
  /** The files setup reads and writes, in the order shown. */
  configFiles(locations: AgentLocations): string[];
  /** Pure: the values the agent's config needs. */
  render(input: RenderInput, locations: AgentLocations): Rendered;
  /** What the agent's current config points at, if it is one of ours. */
  readEndpoint(read: ConfigReader, locations: AgentLocations): Promise<ConfiguredEndpoint | null>;
  /** Things in the environment (or beside the config) that beat what we write. */
  overrides(env: Env, locations: AgentLocations, read: ConfigReader): Promise<Override[]>;
}
