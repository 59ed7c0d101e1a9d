import type { FileChange, SetupPlan } from '../../../../../app/contract';
import { DiffView } from '../../../components/DiffView';
import { Pill } from '../../../components/Pill';
import type { Tone } from '../../../components/Pill';
import { SnippetTabs } from './SnippetTabs';

const ACTION_TONE: Record<FileChange['action'], Tone> = {
  create: 'ok',
  update: 'warn',
  unchanged: 'neutral',
  delete: 'bad',
  restore: 'warn',
};

/** Exactly what a setup or undo will do: each file with its action and diff, notes, warnings, snippets. */
export function PlanView({ plan }: { plan: SetupPlan }) {
  return (
    <div className="plan">
      {plan.warnings.length > 0 ? (
        <div className="callout callout-warn" role="note">
          <strong className="callout-title">Before you apply</strong>
          <ul>
            {plan.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {plan.changes.length === 0 && plan.snippets.length === 0 ? <p className="muted">No files change.</p> : null}
      {plan.changes.map((change) => (
        <section className="file-change" key={change.path} aria-label={`${change.action} ${change.path}`}>
          <div className="file-change-head">
            <code className="file-path">{change.path}</code>
            <Pill tone={ACTION_TONE[change.action]}>{change.action}</Pill>
            {change.holdsKey ? <span className="muted small">holds this agent&rsquo;s local key (not the gateway token)</span> : null}
          </div>
          {change.diff ? <DiffView diff={change.diff} label={`Changes to ${change.path}`} /> : null}
        </section>
      ))}
      {plan.notes.length > 0 ? (
        <ul className="notes" aria-label="Notes">
          {plan.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      ) : null}
      {plan.snippets.length > 0 ? <SnippetTabs snippets={plan.snippets} /> : null}
    </div>
  );
}
