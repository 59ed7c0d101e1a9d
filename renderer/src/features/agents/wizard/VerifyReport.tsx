import type { DoctorReport } from '../../../../../app/contract';

/** The verify step's checks, each passed or failed with its message and fix. */
export function VerifyReport({ report }: { report: DoctorReport }) {
  return (
    <ul className="checks" aria-label="Checks">
      {report.checks.map((check) => (
        <li key={check.name} className={check.ok ? 'check-ok' : 'check-bad'}>
          <span className="check-icon" aria-hidden="true">
            {check.ok ? '✓' : '✕'}
          </span>
          <div>
            <strong>{check.name}</strong>
            <span className="sr-only">{check.ok ? ': passed' : ': failed'}</span>
            <p>{check.message}</p>
            {check.fix ? <p className="check-fix">Fix: {check.fix}</p> : null}
          </div>
        </li>
      ))}
    </ul>
  );
}
