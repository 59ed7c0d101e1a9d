/** Shared builders for the desktop unit tests. */
import type { ProbeResult, TokenStatus } from '../../../app/contract/api.js';
import { AGENT_IDS } from '../../../app/contract/api.js';
import type { TrayAgent, TrayState } from '../../../app/core/desktop/tray-menu.js';

export const NOW = Date.UTC(2025, 0, 15, 9, 0, 0);
export const MIN = 60_000;

const AGENT_NAMES: Record<(typeof AGENT_IDS)[number], string> = {
  'claude-code': 'Claude Code',
  opencode: 'OpenCode',
  codex: 'Codex',
  continue: 'Continue',
  goose: 'Goose',
  langchain: 'LangChain',
};

/** A token status with the given state and overrides. */
export function token(state: TokenStatus['state'], overrides: Partial<TokenStatus> = {}): TokenStatus {
  return { state, validUntil: null, obtainedAt: null, nextRefreshAt: null, lastError: null, ...overrides };
}

/** The six agents; `configured` lists the ones set up. */
export function agents(configured: readonly string[] = [], notInstalled: readonly string[] = []): TrayAgent[] {
  return AGENT_IDS.map((id) => ({ id, name: AGENT_NAMES[id], installed: !notInstalled.includes(id), configured: configured.includes(id) }));
}

/** A tray state with a valid token for 42 minutes and everything else at rest. */
export function trayState(overrides: Partial<TrayState> = {}): TrayState {
  return {
    token: token('valid', { validUntil: NOW + 42 * MIN + 30_000, obtainedAt: NOW - 18 * MIN }),
    now: NOW,
    proxyUrl: 'http://127.0.0.1:8484',
    agents: agents(['claude-code']),
    startAtLogin: false,
    demo: false,
    secretInMemoryOnly: false,
    connectivity: { state: 'never' },
    today: null,
    ...overrides,
  };
}

/** A probe result. */
export function probe(provider: ProbeResult['provider'], ok: boolean, overrides: Partial<ProbeResult> = {}): ProbeResult {
  return {
    provider,
    model: 'm',
    ok,
    status: ok ? 200 : 502,
    latencyMs: ok ? 231.4 : null,
    diagnosis: ok ? 'ok' : 'gateway_unreachable',
    message: ok ? 'ok' : 'The gateway did not answer.',
    fix: ok ? null : 'Check the VPN.',
    ...overrides,
  };
}
