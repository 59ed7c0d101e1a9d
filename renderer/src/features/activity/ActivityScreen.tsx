import { useCallback, useState } from 'react';
import { ApiError, PROVIDER_LABELS } from '../../../../app/contract';
import type { ActivityEntry } from '../../../../app/contract';
import { api } from '../../api';
import { ErrorMessage } from '../../components/ErrorMessage';
import { PageHeader } from '../../components/PageHeader';
import { Pill } from '../../components/Pill';
import { formatTime } from '../../format';
import { usePolling } from '../../hooks/usePolling';
import { useNow } from '../../hooks/useNow';
import { ActivityFilters } from './ActivityFilters';
import { DEFAULT_FILTER, DEMO_SAMPLE_AGENT, filterActivity, type ActivityFilter } from './activity-filter';

/** The last requests through the proxy (no bodies, no secrets), refreshed every 2 s while shown, filtered. */
export function ActivityScreen() {
  const [entries, setEntries] = useState<ActivityEntry[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [filter, setFilter] = useState<ActivityFilter>(DEFAULT_FILTER);
  const load = useCallback(async () => {
    try {
      const list = await api.getActivity();
      setEntries([...list].sort((a, b) => b.at - a.at || b.id - a.id));
      setError(null);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError('internal', 'Could not read the activity.'));
    }
  }, []);
  usePolling(load, 2000);
  const now = useNow();
  const shown = entries ? filterActivity(entries, filter, now) : null;
  const samples = entries ? entries.filter((e) => e.agent === DEMO_SAMPLE_AGENT).length : 0;

  return (
    <>
      <PageHeader title="Activity" description="The last requests agents sent through the local proxy. Bodies and keys are never recorded." />
      <ErrorMessage error={error} />
      {entries && entries.length === 0 ? (
        <div className="card empty">
          <p>No requests yet.</p>
          <p className="muted">Requests appear here as soon as an agent set up in proxy mode, or the connectivity test, sends one.</p>
        </div>
      ) : null}
      {entries && entries.length > 0 ? <ActivityFilters entries={entries} filter={filter} onChange={setFilter} samples={samples} shown={shown?.length ?? 0} /> : null}
      {entries && entries.length > 0 && shown && shown.length === 0 ? (
        <div className="card empty">
          <p>No requests match the filter.</p>
          {samples > 0 && !filter.showSamples ? <p className="muted">The demo sends {samples} sample requests of its own; they are hidden unless you tick “Show the demo’s sample requests”.</p> : null}
        </div>
      ) : null}
      {shown && shown.length > 0 ? (
        <div className="card table-card">
          <table className="table">
            <caption className="sr-only">Requests through the proxy, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Agent</th>
                <th scope="col">Provider</th>
                <th scope="col">Model</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Latency
                </th>
                <th scope="col" className="num">
                  Tokens in / out
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((e) => (
                <tr key={e.id} data-testid="activity-row">
                  <td className="nowrap">{formatTime(e.at)}</td>
                  <td>{e.agent === DEMO_SAMPLE_AGENT ? <Pill tone="neutral">Demo sample</Pill> : (e.agent ?? '–')}</td>
                  <td>{e.provider ? PROVIDER_LABELS[e.provider] : '–'}</td>
                  <td>{e.model ? <code>{e.model}</code> : '–'}</td>
                  <td>
                    <Pill tone={e.status >= 200 && e.status < 300 ? 'ok' : 'bad'}>{e.status}</Pill>
                    {e.error ? <span className="muted small status-code"> {e.error}</span> : null}
                  </td>
                  <td className="num">{Math.round(e.latencyMs)} ms</td>
                  <td className="num">{e.inputTokens !== null || e.outputTokens !== null ? `${e.inputTokens ?? '–'} / ${e.outputTokens ?? '–'}` : '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}
