import { useRef } from 'react';
import type { KeyboardEvent } from 'react';
import type { AppStatus } from '../../../app/contract';
import { useNow } from '../hooks/useNow';
import { Pill } from './Pill';
import { tokenSummary } from './token-summary';

/** A screen of the main window. */
export interface Screen {
  id: string;
  label: string;
}

/** Props of the sidebar. */
export interface SidebarProps {
  screens: readonly Screen[];
  current: string;
  onSelect(id: string): void;
  status: AppStatus | null;
  skewMs: number;
}

/** The screen list as a vertical tablist (arrow keys move, Home/End jump), with the token state below it. */
export function Sidebar({ screens, current, onSelect, status, skewMs }: SidebarProps) {
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  const onKeyDown = (event: KeyboardEvent, index: number) => {
    const last = screens.length - 1;
    const next =
      event.key === 'ArrowDown' ? (index === last ? 0 : index + 1)
      : event.key === 'ArrowUp' ? (index === 0 ? last : index - 1)
      : event.key === 'Home' ? 0
      : event.key === 'End' ? last
      : null;
    if (next === null) return;
    event.preventDefault();
    const target = screens[next];
    if (!target) return;
    onSelect(target.id);
    tabs.current[next]?.focus();
  };
  return (
    <aside className="sidebar">
      <div className="brand">
        <svg className="brand-mark" viewBox="0 0 24 24" aria-hidden="true">
          <path d="M12 2 3 7v10l9 5 9-5V7z" fill="none" stroke="currentColor" strokeWidth="2" strokeLinejoin="round" />
          <path d="M12 22V12m0 0L3 7m9 5 9-5" fill="none" stroke="currentColor" strokeWidth="2" strokeLinejoin="round" />
        </svg>
        <span>AI Gateway</span>
      </div>
      <div role="tablist" aria-orientation="vertical" aria-label="Screens" className="tabs">
        {screens.map((screen, index) => {
          const selected = screen.id === current;
          return (
            <button
              key={screen.id}
              ref={(el) => {
                tabs.current[index] = el;
              }}
              type="button"
              role="tab"
              id={`tab-${screen.id}`}
              aria-selected={selected}
              aria-controls="screen-panel"
              tabIndex={selected ? 0 : -1}
              className="tab"
              onClick={() => onSelect(screen.id)}
              onKeyDown={(e) => onKeyDown(e, index)}
            >
              <TabIcon id={screen.id} />
              {screen.label}
            </button>
          );
        })}
      </div>
      <SidebarFooter status={status} skewMs={skewMs} />
    </aside>
  );
}

function SidebarFooter({ status, skewMs }: { status: AppStatus | null; skewMs: number }) {
  const now = useNow() + skewMs;
  if (!status) return <div className="sidebar-footer" />;
  const { tone, text } = tokenSummary(status, now);
  return (
    <div className="sidebar-footer">
      <Pill tone={tone}>{text}</Pill>
      <span className="sidebar-version">v{status.version}</span>
    </div>
  );
}

function TabIcon({ id }: { id: string }) {
  const paths: Record<string, string> = {
    token: 'M15 7a3 3 0 1 1-3 3m3-3a3 3 0 0 0-3 3m3-3 5-5m-8 8-8 8v3h3l8-8',
    agents: 'M4 5h16v11H4zM8 20h8M12 16v4',
    connectivity: 'M2 12h4l3-8 6 16 3-8h4',
    activity: 'M4 6h16M4 12h16M4 18h10',
    usage: 'M4 20V10m6 10V4m6 16v-7m5 7H3',
    settings: 'M12 8a4 4 0 1 0 0 8 4 4 0 0 0 0-8zm0-6v3m0 14v3M2 12h3m14 0h3M4.9 4.9 7 7m10 10 2.1 2.1M4.9 19.1 7 17M17 7l2.1-2.1',
  };
  return (
    <svg className="tab-icon" viewBox="0 0 24 24" aria-hidden="true">
      <path d={paths[id] ?? ''} fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
