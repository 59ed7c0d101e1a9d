/**
 * The tray menu as a pure function of state. The shell rebuilds it on every change; tests check it
 * state by state, so what users see is decided here and nowhere else.
 */
import type { AgentId, AgentInfo, ProbeResult, TokenStatus } from '../../contract/api.js';
import type { ErrorDto } from '../../contract/errors.js';
import { PROVIDER_LABELS } from '../../contract/providers.js';
import type { MenuItemTemplate } from './menu-template.js';
import { formatRemaining } from './duration.js';
import { shorten, tokenStatusLine, tokenTimeLeft } from './token-summary.js';

/** Where the last connectivity test stands. */
export type ConnectivityState =
  | { state: 'never' }
  | { state: 'running' }
  | { state: 'done'; at: number; results: ProbeResult[] }
  | { state: 'failed'; at: number; error: ErrorDto };

/** What the tray knows about one agent. */
export type TrayAgent = Pick<AgentInfo, 'id' | 'name' | 'installed' | 'configured'>;

/** Today's requests and tokens (input plus output) from the usage history. */
export interface UsageToday {
  requests: number;
  tokens: number;
}

/** Everything the tray menu depends on. */
export interface TrayState {
  token: TokenStatus;
  now: number;
  /** The proxy's base URL while it listens; null when it is not running. */
  proxyUrl: string | null;
  /** The six agents, once detected; an empty list while detection runs. */
  agents: TrayAgent[];
  startAtLogin: boolean;
  demo: boolean;
  /** The client secret lives only in memory (no usable OS keyring); shown so nobody is surprised after a restart. */
  secretInMemoryOnly: boolean;
  connectivity: ConnectivityState;
  /** Today's totals, once read from the history (null before). */
  today: UsageToday | null;
}

const separator: MenuItemTemplate = { type: 'separator' };

/** The tray's context menu for `state`. */
export function trayMenu(state: TrayState): MenuItemTemplate[] {
  const items: MenuItemTemplate[] = [];
  if (state.demo) items.push({ id: 'demo', label: 'Demo gateway', enabled: false });
  items.push({ id: 'status', label: tokenStatusLine(state.token, state.now), enabled: false });
  const stillValid = stillValidLine(state.token, state.now);
  if (stillValid) items.push({ id: 'status-detail', label: stillValid, enabled: false });
  if (state.secretInMemoryOnly) items.push({ id: 'secret-memory', label: 'Client secret kept in memory only (no keyring)', enabled: false });
  // Opens the Usage screen, where the same numbers are drawn over time.
  if (state.today) items.push({ id: 'usage-today', label: todayLabel(state.today), action: 'show-usage' });

  items.push(separator, tokenItem(state.token), ...connectivityItems(state));
  items.push(separator, agentSubmenu(state.agents));
  items.push({ id: 'open', label: 'Open AI Gateway', action: 'open-window' });
  items.push({ id: 'copy-proxy-url', label: 'Copy proxy URL', enabled: state.proxyUrl !== null, action: 'copy-proxy-url' });
  items.push(separator);
  items.push({ id: 'start-at-login', label: 'Start at login', type: 'checkbox', checked: state.startAtLogin, action: 'toggle-start-at-login' });
  items.push(separator, { id: 'quit', label: 'Quit AI Gateway', action: 'quit' });
  return items;
}

/** "Today: 42 requests · 18.3k tokens". */
export function todayLabel(today: UsageToday): string {
  if (today.requests === 0) return 'Today: no requests yet';
  return `Today: ${today.requests.toLocaleString('en-US')} ${today.requests === 1 ? 'request' : 'requests'} · ${compactCount(today.tokens)} tokens`;
}

/** 950, 18.3k, 1.2M: short enough for a menu line. */
export function compactCount(n: number): string {
  const short = (value: number, unit: string) => `${value < 9.95 ? value.toFixed(1).replace(/\.0$/, '') : Math.round(value)}${unit}`;
  if (n < 1000) return String(n);
  // Below 999.5k, "k"; from there, "M", so 999,949 never shows as "1000k".
  return n < 999_500 ? short(n / 1000, 'k') : short(n / 1_000_000, 'M');
}

/** Local midnight of the day `now` falls on: where the tray's "today" starts. */
export function startOfToday(now: number): number {
  const d = new Date(now);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** When refreshes fail but the current token still works, say for how long: agents keep working meanwhile. */
function stillValidLine(token: TokenStatus, now: number): string | null {
  if (token.state !== 'failed' && token.state !== 'refreshing') return null;
  const left = tokenTimeLeft(token, now);
  return left === null ? null : `Current token valid for ${formatRemaining(left)}`;
}

/** Log in when there is nothing to refresh with; Refresh otherwise (greyed while one runs). */
function tokenItem(token: TokenStatus): MenuItemTemplate {
  if (token.state === 'unconfigured' || token.state === 'rejected') return { id: 'login', label: 'Log in…', action: 'login' };
  return { id: 'refresh', label: 'Refresh token', enabled: token.state !== 'refreshing', action: 'refresh-token' };
}

function connectivityItems(state: TrayState): MenuItemTemplate[] {
  const c = state.connectivity;
  const configured = state.token.state !== 'unconfigured';
  if (c.state === 'running') return [{ id: 'connectivity', label: 'Testing connectivity…', enabled: false }];
  const run: MenuItemTemplate = { id: 'connectivity', label: 'Run connectivity test', enabled: configured, action: 'run-connectivity-test' };
  if (c.state === 'never') return [run];
  if (c.state === 'failed') return [run, { id: 'connectivity-error', label: `Test failed: ${shorten(c.error.message, 60)}`, action: 'show-connectivity' }];
  // Results open the window, where the diagnosis comes with its fix.
  return [run, ...c.results.map((r) => ({ id: `probe:${r.provider}`, label: probeLabel(r), action: 'show-connectivity' as const }))];
}

/** "✓ Anthropic · 231 ms" or "✗ OpenAI · gateway unreachable". */
export function probeLabel(result: ProbeResult): string {
  const name = PROVIDER_LABELS[result.provider];
  if (result.ok) return `✓ ${name}${result.latencyMs === null ? '' : ` · ${Math.round(result.latencyMs)} ms`}`;
  return `✗ ${name} · ${result.diagnosis.replaceAll('_', ' ')}`;
}

function agentSubmenu(agents: TrayAgent[]): MenuItemTemplate {
  const submenu: MenuItemTemplate[] =
    agents.length === 0
      ? [{ id: 'agents-loading', label: 'Detecting agents…', enabled: false }]
      : agents.map((a) => ({ id: `agent:${a.id}`, label: agentLabel(a), action: `setup-agent:${a.id satisfies AgentId}` as const }));
  return { id: 'agents', label: 'Set up agent', type: 'submenu', submenu };
}

/** An agent's entry says whether it is set up, so the menu doubles as a checklist. */
export function agentLabel(agent: TrayAgent): string {
  if (agent.configured) return `${agent.name}: set up ✓`;
  return agent.installed ? `${agent.name}: not set up` : `${agent.name}: not installed`;
}
