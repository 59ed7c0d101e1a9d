/**
 * The window's routes: the URL fragment that names a screen (and, for agents, the agent whose setup is
 * open). One table for both sides: the tray builds routes with `routeHash`, the renderer reads them with
 * `parseRoute`, so the tray can never emit a route the renderer does not know.
 */
import { AGENT_IDS, type AgentId } from './api.js';

/** The window's screens, in sidebar order. */
export const SCREEN_IDS = ['token', 'agents', 'connectivity', 'activity', 'usage', 'settings'] as const;

/** A screen of the window. */
export type ScreenId = (typeof SCREEN_IDS)[number];

/** Where the window is: a screen, and on the agents screen optionally one agent's setup. */
export interface WindowRoute {
  screen: ScreenId;
  agent?: AgentId;
}

/** The fragment for a route, without `#`: `/connectivity`, `/agents/codex`. */
export function routeHash(route: WindowRoute): string {
  return route.screen === 'agents' && route.agent ? `/agents/${route.agent}` : `/${route.screen}`;
}

/** Reads `#/agents/codex`, `/settings` or the older `#token`; null for anything else. */
export function parseRoute(hash: string): WindowRoute | null {
  const [screen, agent, ...rest] = hash.replace(/^#/, '').replace(/^\//, '').split('/');
  if (rest.length > 0) return null;
  const known = SCREEN_IDS.find((id) => id === screen);
  if (!known) return null;
  if (agent === undefined || agent === '') return { screen: known };
  const knownAgent = known === 'agents' ? AGENT_IDS.find((id) => id === agent) : undefined;
  return knownAgent ? { screen: 'agents', agent: knownAgent } : null;
}
