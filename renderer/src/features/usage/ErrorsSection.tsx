import { GroupedBarChart } from './charts/GroupedBarChart';
import { TimeBarChart } from './charts/TimeBarChart';
import { ChartSection } from './ChartSection';
import { bucketTitle, formatCount, formatRate, tickLabel } from './usage-format';
import type { CauseRow, ErrorRow } from './usage-series';

/** Props of the errors card. */
export interface ErrorsSectionProps {
  rows: ErrorRow[];
  causes: CauseRow[];
  requests: number;
  errors: number;
  bucketMs: number;
  spanMs: number;
}

/** The share of failed requests over time, and why they failed (who and what), most frequent first. */
export function ErrorsSection({ rows, causes, requests, errors, bucketMs, spanMs }: ErrorsSectionProps) {
  const failing = rows.filter((r) => r.requests > 0);
  const of = (row: ErrorRow | undefined) => (row && row.requests > 0 ? `${formatCount(row.errors)} of ${formatCount(row.requests)} requests failed` : null);
  return (
    <ChartSection
      id="usage-errors"
      title="Error rate and causes"
      description={`${formatCount(errors)} of ${formatCount(requests)} requests failed (${formatRate(requests > 0 ? errors / requests : null)}).`}
      chart={
        <>
          <TimeBarChart
            title="Error rate over time"
            keys={['errors']}
            labelOf={() => 'Error rate'}
            rows={rows.map((r) => ({ start: r.start, values: [r.rate ?? 0] }))}
            format={(v) => formatRate(v)}
            rowTitle={(start) => bucketTitle(start, bucketMs)}
            tick={(start) => tickLabel(start, spanMs)}
            note={(i) => of(rows[i])}
            tone="bad"
          />
          {causes.length > 0 ? (
            <>
              <h3 className="chart-subtitle">Why requests failed</h3>
              <GroupedBarChart
                title="Causes of failed requests"
                series={[{ key: 'count', label: 'Failed requests' }]}
                categories={causes.map((c) => ({ key: `${c.side}:${c.cause}`, label: `${c.sideLabel}: ${c.label}`, values: [c.count] }))}
                format={(v) => (v === null ? '–' : formatCount(v))}
                note={(i) => (causes[i] ? `${formatRate(causes[i].share)} of the failures` : null)}
                tone="bad"
                integer
              />
            </>
          ) : (
            <p className="muted">No request failed in this window.</p>
          )}
        </>
      }
      table={
        <>
          <table className="table">
            <caption>Why requests failed</caption>
            <thead>
              <tr>
                <th scope="col">Who failed</th>
                <th scope="col">Cause</th>
                <th scope="col" className="num">
                  Failed requests
                </th>
                <th scope="col" className="num">
                  Share
                </th>
              </tr>
            </thead>
            <tbody>
              {causes.map((c) => (
                <tr key={`${c.side}:${c.cause}`}>
                  <td>{c.sideLabel}</td>
                  <th scope="row">
                    {c.label} <code className="muted small">{c.cause}</code>
                  </th>
                  <td className="num">{formatCount(c.count)}</td>
                  <td className="num">{formatRate(c.share)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table className="table">
            <caption>Error rate over time, for each time slice with requests</caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col" className="num">
                  Requests
                </th>
                <th scope="col" className="num">
                  Failed
                </th>
                <th scope="col" className="num">
                  Error rate
                </th>
              </tr>
            </thead>
            <tbody>
              {failing.map((r) => (
                <tr key={r.start}>
                  <th scope="row" className="nowrap">
                    {bucketTitle(r.start, bucketMs)}
                  </th>
                  <td className="num">{formatCount(r.requests)}</td>
                  <td className="num">{formatCount(r.errors)}</td>
                  <td className="num">{formatRate(r.rate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      }
    />
  );
}
