import type { UsageGroupBy } from '../../../../app/contract';
import type { UsageSpan } from './usage-series';

/** What the screen shows: the window, the grouping, and whether the demo's requests count. */
export interface UsageView {
  span: UsageSpan;
  by: UsageGroupBy;
  includeDemo: boolean;
}

const SPANS: { value: UsageSpan; label: string }[] = [
  { value: '1d', label: 'Last 24 hours' },
  { value: '7d', label: 'Last 7 days' },
];

const GROUPINGS: { value: UsageGroupBy; label: string }[] = [
  { value: 'agent', label: 'Agent' },
  { value: 'provider', label: 'Provider' },
  { value: 'model', label: 'Model' },
];

/** The usage screen's choices: native radios, a select and a checkbox, so the keyboard and screen readers know them. */
export function UsageControls({ view, onChange }: { view: UsageView; onChange(next: UsageView): void }) {
  return (
    <div className="usage-controls" role="group" aria-label="What to show">
      <fieldset className="choice-group">
        <legend>Time</legend>
        {SPANS.map((s) => (
          <label key={s.value} className="choice">
            <input type="radio" name="usage-span" value={s.value} checked={view.span === s.value} onChange={() => onChange({ ...view, span: s.value })} />
            {s.label}
          </label>
        ))}
      </fieldset>
      <div className="field field-inline">
        <label htmlFor="usage-by">Group by</label>
        <select id="usage-by" value={view.by} onChange={(e) => onChange({ ...view, by: e.target.value as UsageGroupBy })}>
          {GROUPINGS.map((g) => (
            <option key={g.value} value={g.value}>
              {g.label}
            </option>
          ))}
        </select>
      </div>
      <label className="checkbox">
        <input type="checkbox" checked={view.includeDemo} onChange={(e) => onChange({ ...view, includeDemo: e.target.checked })} />
        Include the demo&apos;s requests
      </label>
    </div>
  );
}
