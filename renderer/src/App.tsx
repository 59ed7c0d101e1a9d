import { useEffect, useState } from 'react';
import { parseRoute, routeHash } from '../../app/contract';
import type { AgentId, ApiError, AppStatus, ScreenId, WindowRoute } from '../../app/contract';
import { DemoBanner } from './components/DemoBanner';
import { Sidebar } from './components/Sidebar';
import type { Screen } from './components/Sidebar';
import { ActivityScreen } from './features/activity/ActivityScreen';
import { AgentsScreen } from './features/agents/AgentsScreen';
import { ConnectivityScreen } from './features/connectivity/ConnectivityScreen';
import { FirstRunScreen } from './features/first-run/FirstRunScreen';
import { SettingsScreen } from './features/settings/SettingsScreen';
import { TokenScreen } from './features/token/TokenScreen';
import { UsageScreen } from './features/usage/UsageScreen';
import { useStatus } from './status/StatusProvider';

const SCREENS = [
  { id: 'token', label: 'Token' },
  { id: 'agents', label: 'Agents' },
  { id: 'connectivity', label: 'Connectivity' },
  { id: 'activity', label: 'Activity' },
  { id: 'usage', label: 'Usage' },
  { id: 'settings', label: 'Settings' },
] as const satisfies readonly (Screen & { id: ScreenId })[];

/** The route in the address's fragment; the token screen for none or an unknown one. */
function routeFromHash(): WindowRoute {
  return parseRoute(window.location.hash) ?? { screen: 'token' };
}

/**
 * The route, kept in the URL fragment both ways. The tray opens a screen by loading the page with a
 * fragment (app/main/main-window.ts); on an open window that is a same-document navigation, which only
 * a `hashchange` listener sees. The app's own moves use replaceState (no event, no Back-button trail).
 */
function useRoute(): [WindowRoute, (next: WindowRoute) => void] {
  const [route, setRoute] = useState<WindowRoute>(routeFromHash);
  useEffect(() => {
    const follow = () => setRoute(routeFromHash());
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  const go = (next: WindowRoute) => {
    setRoute(next);
    window.history.replaceState(window.history.state, '', `#${routeHash(next)}`);
  };
  return [route, go];
}

/** First run until a gateway is configured; then the sidebar and the six screens. Demo banner throughout. */
export function App() {
  const { status, error, skewMs, refresh } = useStatus();
  const [route, go] = useRoute();
  const screen = route.screen;

  useEffect(() => {
    const label = SCREENS.find((s) => s.id === screen)?.label ?? '';
    document.title = status?.demo ? `${label} · AI Gateway (demo)` : `${label} · AI Gateway`;
  }, [screen, status?.demo]);

  const select = (id: string) => {
    const next = SCREENS.find((s) => s.id === id)?.id;
    if (next) go({ screen: next });
  };
  const openAgent = (agent: AgentId | null) => go(agent ? { screen: 'agents', agent } : { screen: 'agents' });

  if (!status) {
    return error ? <Unreachable error={error} /> : <p className="loading" role="status">Loading…</p>;
  }
  const firstRun = status.settings === null || status.token.state === 'unconfigured';
  return (
    <div className="app">
      {status.demo ? <DemoBanner /> : null}
      {error ? <StaleBanner error={error} /> : null}
      {firstRun ? (
        <FirstRunScreen settings={status.settings} onSaved={() => void refresh()} />
      ) : (
        <div className="shell">
          <Sidebar screens={SCREENS} current={screen} onSelect={select} status={status} skewMs={skewMs} />
          <main className="content" id="screen-panel" role="tabpanel" aria-labelledby={`tab-${screen}`}>
            <CurrentScreen route={route} status={status} skewMs={skewMs} refresh={refresh} onOpenAgent={openAgent} />
          </main>
        </div>
      )}
    </div>
  );
}

interface CurrentScreenProps {
  route: WindowRoute;
  status: AppStatus;
  skewMs: number;
  refresh(): Promise<void>;
  onOpenAgent(agent: AgentId | null): void;
}

function CurrentScreen({ route, status, skewMs, refresh, onOpenAgent }: CurrentScreenProps) {
  switch (route.screen) {
    case 'token':
      return <TokenScreen status={status} skewMs={skewMs} onChanged={() => void refresh()} />;
    case 'agents':
      return <AgentsScreen open={route.agent ?? null} onOpen={onOpenAgent} />;
    case 'connectivity':
      return <ConnectivityScreen />;
    case 'activity':
      return <ActivityScreen />;
    case 'usage':
      return <UsageScreen demo={status.demo} />;
    case 'settings':
      return <SettingsScreen status={status} onSaved={() => void refresh()} />;
  }
}

/**
 * Shows the failure's own text, session ones included: the server knows which command printed the URL
 * (`serve --ui` or `demo --ui`, spelled as it runs on this machine) and which fix applies.
 */
function Unreachable({ error }: { error: ApiError }) {
  return (
    <main className="first-run">
      <div className="first-run-card" role="alert">
        <h1>{error.code === 'unauthorized' ? 'This page has no session' : 'Cannot reach AI Gateway'}</h1>
        <p className="page-description">{error.message}</p>
      </div>
    </main>
  );
}

function StaleBanner({ error }: { error: ApiError }) {
  return (
    <div className="stale-banner" role="alert">
      Lost contact with the app; what you see may be out of date. {error.message}
    </div>
  );
}
