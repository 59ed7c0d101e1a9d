import type { SetupResult } from '../../../../../app/contract';

/** What a setup or undo wrote or removed, and where the backups are. */
export function ResultView({ result, verb }: { result: SetupResult; verb: string }) {
  const { removed } = result;
  return (
    <div>
      {result.written.length > 0 || removed.length === 0 ? (
        <p>{result.written.length === 0 ? `Nothing needed to be ${verb}.` : `${result.written.length} file${result.written.length === 1 ? '' : 's'} ${verb}:`}</p>
      ) : null}
      {result.written.length > 0 ? (
        <ul className="plain-list">
          {result.written.map((f) => (
            <li key={f}>
              <code>{f}</code>
            </li>
          ))}
        </ul>
      ) : null}
      {removed.length > 0 ? (
        <ul className="plain-list">
          {removed.map((f) => (
            <li key={f}>
              Removed <code>{f}</code> (setup had created it)
            </li>
          ))}
        </ul>
      ) : null}
      {result.backups.length > 0 ? (
        <>
          <p className="muted">Backups of the previous versions:</p>
          <ul className="plain-list muted">
            {result.backups.map((f) => (
              <li key={f}>
                <code>{f}</code>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
