import type { ActivityEntry } from '../../../../app/contract';
import { PROVIDER_LABELS, isProvider } from '../../../../app/contract';
import { AGE_FILTERS, agentsIn, DEMO_SAMPLE_AGENT, hideSamples, providersIn, STATUS_FILTERS } from './activity-filter';
import type { ActivityFilter, AgeFilter, StatusFilter } from './activity-filter';

/** Props of the filter bar. */
export interface ActivityFiltersProps {
  entries: readonly ActivityEntry[];
  filter: ActivityFilter;
  onChange(next: ActivityFilter): void;
  /** How many of the entries are the demo's samples. */
  samples: number;
  /** How many rows the filter lets through, announced to screen readers. */
  shown: number;
}

/** The activity list's filters: agent, provider, status, age, and the demo's samples. */
export function ActivityFilters({ entries, filter, onChange, samples, shown }: ActivityFiltersProps) {
  const agents = agentsIn(entries, filter.showSamples);
  const providers = providersIn(entries, filter.showSamples);
  const set = (patch: Partial<ActivityFilter>) => onChange({ ...filter, ...patch });
  return (
    <div className="activity-filter" role="group" aria-label="Filter the requests">
      <div className="field field-inline">
        <label htmlFor="activity-agent">Agent</label>
        <select id="activity-agent" value={filter.agent ?? ''} onChange={(e) => set({ agent: e.target.value === '' ? null : e.target.value })}>
          <option value="">All agents</option>
          {agents.map((a) => (
            <option key={a} value={a}>
              {a === DEMO_SAMPLE_AGENT ? 'Demo samples' : a}
            </option>
          ))}
        </select>
      </div>
      <div className="field field-inline">
        <label htmlFor="activity-provider">Provider</label>
        <select id="activity-provider" value={filter.provider ?? ''} onChange={(e) => set({ provider: isProvider(e.target.value) ? e.target.value : null })}>
          <option value="">All providers</option>
          {providers.map((p) => (
            <option key={p} value={p}>
              {PROVIDER_LABELS[p]}
            </option>
          ))}
        </select>
      </div>
      <div className="field field-inline">
        <label htmlFor="activity-status">Status</label>
        <select id="activity-status" value={filter.status} onChange={(e) => set({ status: e.target.value as StatusFilter })}>
          {STATUS_FILTERS.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field field-inline">
        <label htmlFor="activity-age">Time</label>
        <select id="activity-age" value={filter.age} onChange={(e) => set({ age: e.target.value as AgeFilter })}>
          {AGE_FILTERS.map((a) => (
            <option key={a.value} value={a.value}>
              {a.label}
            </option>
          ))}
        </select>
      </div>
      {samples > 0 ? (
        <label className="checkbox">
          <input type="checkbox" checked={filter.showSamples} onChange={(e) => onChange(e.target.checked ? { ...filter, showSamples: true } : hideSamples(entries, filter))} />
          Show the demo&apos;s sample requests ({samples})
        </label>
      ) : null}
      <span className="muted small activity-count">
        {shown} of {entries.length} shown
      </span>
    </div>
  );
}
