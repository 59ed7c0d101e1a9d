/**
 * What `settings.json` may hold, checked by hand rather than with a schema library: `ai-gateway status`
 * and `token` read this file on every run, and loading zod alone took longer than Node's whole start-up
 * (docs/benchmark.md, CLI start-up). Unknown keys are kept, so a newer app's settings survive an older CLI.
 */
import { PROVIDERS, type Provider } from '../../contract/providers.js';

/** The stored settings (never the secret). */
export interface StoredSettings {
  gatewayUrl?: string;
  clientId?: string;
  tokenEndpoint?: string;
  scope?: string;
  authMethod?: 'client_secret_basic' | 'client_secret_post';
  port?: number;
  caFile?: string;
  testModels?: Partial<Record<Provider, string>>;
  /** What the company's Portkey needs beyond the provider: Azure options, extra x-portkey-* headers (provider-options.ts). */
  providerOptions?: StoredProviderOptions;
  /** Whether the gateway serves the Responses API itself: auto-detected unless forced. */
  responsesApi?: 'auto' | 'passthrough' | 'translate';
  /** The user asked to keep the client secret in a 0600 file because no keyring exists. */
  secretInFile?: boolean;
  /** How many days of usage history to keep (usage/usage-limits.ts). */
  usageRetentionDays?: number;
  /** The usage history's size cap, in MB. */
  usageMaxMb?: number;
  [unknownKey: string]: unknown;
}

/** Provider options as `settings.json` holds them (environment variables win over them). */
export interface StoredProviderOptions {
  azure?: { resourceName?: string; deploymentId?: string; deployments?: Record<string, string>; apiVersion?: string };
  headers?: Record<string, string>;
  providerHeaders?: Partial<Record<Provider, Record<string, string>>>;
  [unknownKey: string]: unknown;
}

/** The first problem found in a settings object: where (a key path) and what is wrong. */
export interface SettingsIssue {
  path: string[];
  message: string;
}

type Check = (value: unknown) => string | null;

const text: Check = (v) => (typeof v === 'string' ? null : `expected text, got ${describe(v)}`);
const oneOf = (...allowed: string[]): Check => (v) => (typeof v === 'string' && allowed.includes(v) ? null : `expected one of ${allowed.map((a) => `"${a}"`).join(', ')}, got ${describe(v)}`);
const flag: Check = (v) => (typeof v === 'boolean' ? null : `expected true or false, got ${describe(v)}`);
const wholeNumber = (min: number, max: number): Check => (v) => (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? null : `expected a whole number from ${min} to ${max}, got ${describe(v)}`);
const port: Check = (v) => (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 65535 ? null : `expected a whole number from 1 to 65535, got ${describe(v)}`);

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
  if (typeof value === 'object') return 'an object';
  return String(value);
}

const CHECKS: Record<string, Check> = {
  gatewayUrl: text,
  clientId: text,
  tokenEndpoint: text,
  scope: text,
  authMethod: oneOf('client_secret_basic', 'client_secret_post'),
  port,
  caFile: text,
  responsesApi: oneOf('auto', 'passthrough', 'translate'),
  secretInFile: flag,
  usageRetentionDays: wholeNumber(1, 366),
  usageMaxMb: wholeNumber(1, 1024),
};

/** Checks a parsed settings file; `undefined` values count as absent, unknown keys pass through. */
export function parseStoredSettings(raw: unknown): { ok: true; settings: StoredSettings } | { ok: false; issue: SettingsIssue } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, issue: { path: [], message: `expected an object, got ${describe(raw)}` } };
  const record = raw as Record<string, unknown>;
  for (const [key, check] of Object.entries(CHECKS)) {
    if (record[key] === undefined) continue;
    const problem = check(record[key]);
    if (problem) return { ok: false, issue: { path: [key], message: problem } };
  }
  const models = record.testModels;
  if (models !== undefined) {
    if (typeof models !== 'object' || models === null || Array.isArray(models)) return { ok: false, issue: { path: ['testModels'], message: `expected an object, got ${describe(models)}` } };
    for (const provider of PROVIDERS) {
      const model = (models as Record<string, unknown>)[provider];
      if (model !== undefined && (typeof model !== 'string' || model === '')) return { ok: false, issue: { path: ['testModels', provider], message: `expected a model name, got ${describe(model)}` } };
    }
  }
  const options = record.providerOptions;
  if (options !== undefined) {
    const issue = providerOptionsShapeIssue(options);
    if (issue) return { ok: false, issue };
  }
  return { ok: true, settings: record as StoredSettings };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The first problem in a text map (`{name: value}`) at `path`, or null. */
function checkTextMap(value: unknown, path: string[]): SettingsIssue | null {
  if (!isRecord(value)) return { path, message: `expected an object of names to text, got ${describe(value)}` };
  for (const [name, entry] of Object.entries(value)) if (typeof entry !== 'string') return { path: [...path, name], message: `expected text, got ${describe(entry)}` };
  return null;
}

/** The first problem in `providerOptions` (its shape; provider-options.ts checks the values). */
function providerOptionsShapeIssue(options: unknown): SettingsIssue | null {
  const at = ['providerOptions'];
  if (!isRecord(options)) return { path: at, message: `expected an object, got ${describe(options)}` };
  const azure = options.azure;
  if (azure !== undefined) {
    if (!isRecord(azure)) return { path: [...at, 'azure'], message: `expected an object, got ${describe(azure)}` };
    for (const key of ['resourceName', 'deploymentId', 'apiVersion']) {
      const problem = azure[key] === undefined ? null : text(azure[key]);
      if (problem) return { path: [...at, 'azure', key], message: problem };
    }
    if (azure.deployments !== undefined) {
      const issue = checkTextMap(azure.deployments, [...at, 'azure', 'deployments']);
      if (issue) return issue;
    }
  }
  if (options.headers !== undefined) {
    const issue = checkTextMap(options.headers, [...at, 'headers']);
    if (issue) return issue;
  }
  const perProvider = options.providerHeaders;
  if (perProvider !== undefined) {
    if (!isRecord(perProvider)) return { path: [...at, 'providerHeaders'], message: `expected an object, got ${describe(perProvider)}` };
    for (const provider of PROVIDERS) {
      if (perProvider[provider] === undefined) continue;
      const issue = checkTextMap(perProvider[provider], [...at, 'providerHeaders', provider]);
      if (issue) return issue;
    }
  }
  return null;
}
