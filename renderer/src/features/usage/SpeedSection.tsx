import { GroupedBarChart } from './charts/GroupedBarChart';
import { ChartSection } from './ChartSection';
import { formatCount, formatMs } from './usage-format';
import type { LatencyRow } from './usage-series';

const SERIES = [
  { key: 'first-p50', label: 'First token, p50' },
  { key: 'first-p95', label: 'First token, p95' },
  { key: 'total-p50', label: 'Total, p50' },
  { key: 'total-p95', label: 'Total, p95' },
];

/** Time to first token and total time, p50 and p95, per provider. */
export function SpeedSection({ rows }: { rows: LatencyRow[] }) {
  return (
    <ChartSection
      id="usage-speed"
      title="Time to first token and total time by provider"
      description="p50: half of the requests were faster; p95: all but the slowest 5%. On a stream the first token is its first event."
      chart={
        <GroupedBarChart
          title="Time to first token and total time by provider"
          series={SERIES}
          categories={rows.map((r) => ({ key: r.key, label: r.label, values: [r.firstByte.p50, r.firstByte.p95, r.total.p50, r.total.p95] }))}
          format={formatMs}
        />
      }
      table={
        <table className="table">
          <caption className="sr-only">Time to first token and total time by provider</caption>
          <thead>
            <tr>
              <th scope="col">Provider</th>
              <th scope="col" className="num">
                Requests
              </th>
              {SERIES.map((s) => (
                <th scope="col" className="num" key={s.key}>
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}>
                <th scope="row">{r.label}</th>
                <td className="num">{formatCount(r.requests)}</td>
                <td className="num">{formatMs(r.firstByte.p50)}</td>
                <td className="num">{formatMs(r.firstByte.p95)}</td>
                <td className="num">{formatMs(r.total.p50)}</td>
                <td className="num">{formatMs(r.total.p95)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}
