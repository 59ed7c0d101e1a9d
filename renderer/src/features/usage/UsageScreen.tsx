import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../../../app/contract';
import type { UsageReport } from '../../../../app/contract';
import { ErrorMessage } from '../../components/ErrorMessage';
import { PageHeader } from '../../components/PageHeader';
import { usePolling } from '../../hooks/usePolling';
import { ErrorsSection } from './ErrorsSection';
import { GroupsTable } from './GroupsTable';
import { OverTimeSection } from './OverTimeSection';
import { SpeedSection } from './SpeedSection';
import { UsageControls, type UsageView } from './UsageControls';
import { UsageSummary } from './UsageSummary';
import { api } from '../../api';
import { causeRows, errorRate, latencyByProvider, overTime, SPAN_MS, usageQuery } from './usage-series';

/**
 * The first view: in the demo its requests are all there is, so they are shown; elsewhere the demo's stay
 * out until asked for (issue 14: they are not your usage).
 */
function defaultView(demo: boolean): UsageView {
  return { span: '1d', by: 'agent', includeDemo: demo };
}

/** The usage history as charts: requests and tokens over time by group, speed by provider, errors and their causes. */
export function UsageScreen({ demo }: { demo: boolean }) {
  const [view, setView] = useState<UsageView>(() => defaultView(demo));
  const [report, setReport] = useState<UsageReport | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  // Only the newest query's answer is shown: a slow answer for the previous choice must not overwrite it.
  const latest = useRef(0);
  const load = useCallback(async () => {
    const ticket = ++latest.current;
    try {
      const next = await api.getUsage(usageQuery(view.span, view.by, view.includeDemo, Date.now()));
      if (ticket !== latest.current) return;
      setReport(next);
      setError(null);
    } catch (e) {
      if (ticket !== latest.current) return;
      setError(e instanceof ApiError ? e : new ApiError('internal', 'Could not read the usage history.'));
    }
  }, [view]);
  usePolling(load, 10_000);
  useEffect(() => {
    void load();
  }, [load]);
  const shownView = report && report.by === view.by ? report : null;

  return (
    <>
      <PageHeader title="Usage" description="What your agents sent through the local proxy: how much, how fast, and what failed. Kept on this machine; never a prompt, a body or a key." />
      <ErrorMessage error={error} />
      <UsageControls view={view} onChange={setView} />
      {shownView && shownView.totals.requests === 0 ? (
        <div className="card empty" data-testid="usage-empty">
          <p>No requests in this window yet.</p>
          <p className="muted">
            Requests are recorded as agents set up in proxy mode use the proxy.{view.includeDemo ? '' : ' The demo’s requests are left out unless you include them.'}
          </p>
        </div>
      ) : null}
      {shownView && shownView.totals.requests > 0 ? <UsageCharts report={shownView} spanMs={SPAN_MS[view.span]} /> : null}
    </>
  );
}

function UsageCharts({ report, spanMs }: { report: UsageReport; spanMs: number }) {
  const palette = report.groups.map((g) => g.key);
  return (
    <div className="usage-charts">
      <UsageSummary report={report} />
      <OverTimeSection id="usage-requests" title="Requests over time" unit="requests" series={overTime(report, 'requests')} by={report.by} bucketMs={report.bucketMs} spanMs={spanMs} palette={palette} />
      <OverTimeSection id="usage-tokens" title="Tokens over time" unit="tokens (in + out)" series={overTime(report, 'tokens')} by={report.by} bucketMs={report.bucketMs} spanMs={spanMs} palette={palette} />
      <SpeedSection rows={latencyByProvider(report)} />
      <ErrorsSection rows={errorRate(report)} causes={causeRows(report)} requests={report.totals.requests} errors={report.totals.errors} bucketMs={report.bucketMs} spanMs={spanMs} />
      <GroupsTable report={report} />
    </div>
  );
}
