/**
 * A menu item as plain data. Structurally a subset of Electron's MenuItemConstructorOptions, plus an
 * `action` id instead of a `click` closure: core stays free of electron, menus stay comparable in tests,
 * and app/main maps ids to handlers in one place.
 */
import type { AgentId } from '../../contract/api.js';
import { routeHash } from '../../contract/routes.js';

/** Every command the tray can ask the shell to run. */
export type TrayAction =
  | 'open-window'
  | 'show-connectivity'
  | 'show-usage'
  | 'login'
  | 'refresh-token'
  | 'run-connectivity-test'
  | 'copy-proxy-url'
  | 'toggle-start-at-login'
  | 'quit'
  | `setup-agent:${AgentId}`;

/** One menu entry; `submenu` nests, `action` names what a click does. */
export interface MenuItemTemplate {
  id?: string;
  type?: 'normal' | 'separator' | 'submenu' | 'checkbox' | 'radio';
  label?: string;
  toolTip?: string;
  enabled?: boolean;
  checked?: boolean;
  submenu?: MenuItemTemplate[];
  action?: TrayAction;
}

/** A tray action split into its command and, for agent setup, the agent. */
export type ParsedTrayAction = { command: Exclude<TrayAction, `setup-agent:${string}`> } | { command: 'setup-agent'; agent: AgentId };

/** Splits `setup-agent:<id>` into command and agent; other actions pass through. */
export function parseTrayAction(action: TrayAction): ParsedTrayAction {
  if (action.startsWith('setup-agent:')) return { command: 'setup-agent', agent: action.slice('setup-agent:'.length) as AgentId };
  return { command: action as Exclude<TrayAction, `setup-agent:${string}`> };
}

/**
 * The window route (URL fragment) an action opens, so the window lands on the screen the user picked:
 * `#/agents/codex`, `#/connectivity`, `#/settings`. Undefined keeps whatever screen is showing.
 */
export function windowRouteFor(action: TrayAction): string | undefined {
  const parsed = parseTrayAction(action);
  // Built from the contract's route table, which the renderer's router reads (app/contract/routes.ts).
  if (parsed.command === 'setup-agent') return routeHash({ screen: 'agents', agent: parsed.agent });
  if (parsed.command === 'show-connectivity') return routeHash({ screen: 'connectivity' });
  if (parsed.command === 'show-usage') return routeHash({ screen: 'usage' });
  // Settings holds the gateway form; with nothing configured the window shows the first-run form instead.
  if (parsed.command === 'login') return routeHash({ screen: 'settings' });
  return undefined;
}
