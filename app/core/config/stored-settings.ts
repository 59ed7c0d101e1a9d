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
  /** Whether the gateway serves the Responses API itself: auto-detected unless forced. */
  responsesApi?: 'auto' | 'passthrough' | 'translate';
  /** The user asked to keep the client secret in a 0600 file because no keyring exists. */
  secretInFile?: boolean;
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
  return { ok: true, settings: record as StoredSettings };
}
