/** Shared set-up for the agent tests: a temp HOME, an AgentService over it, and fixture loading. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentId } from '../../../app/contract/api.js';
import { AgentService, type AgentServiceSeams, type AgentTarget } from '../../../app/core/agents/service.js';

/** The fixture folder (tests run from out/test/unit/agents). */
export const FIXTURES = new URL('../../../../test/fixtures/agents/', import.meta.url);

/** A fixture file's text. */
export function fixture(name: string): Promise<string> {
  return readFile(new URL(name, FIXTURES), 'utf8');
}

/** The local key each agent gets in tests. */
export function keyFor(agent: AgentId): string {
  return `aigw_local_${agent.replace(/-/g, '_')}_0123456789abcdef`;
}

/** A fresh HOME and a service over it. */
export interface Sandbox {
  home: string;
  stateDir: string;
  env: Record<string, string | undefined>;
  service: AgentService;
  target: AgentTarget;
  cleanup(): Promise<void>;
}

/** Makes a temp HOME; `extraEnv` adds to it (XDG_CONFIG_HOME, CODEX_HOME...). */
export async function sandbox(extraEnv: Record<string, string> = {}, seams: AgentServiceSeams = {}, port = 47800): Promise<Sandbox> {
  const home = await mkdtemp(join(tmpdir(), 'aigw-agents-'));
  const stateDir = join(home, '.ai-gateway', 'agents');
  const env = { HOME: home, PATH: '/nonexistent', ...extraEnv };
  const target: AgentTarget = {
    proxyUrl: `http://127.0.0.1:${port}`,
    localKeyFor: async (agent) => keyFor(agent),
    gatewayUrl: 'https://gateway.example.invalid',
    tokenCommand: ['/opt/ai-gateway/bin/ai-gateway', 'token'],
  };
  const service = new AgentService({ env, platform: 'linux', cwd: home, stateDir }, async () => target, { now: () => 1_700_000_000_000, ...seams });
  return { home, stateDir, env, service, target, cleanup: () => rm(home, { recursive: true, force: true }) };
}
