import type { UsageGroupBy } from '../../../../app/contract';
import { TimeBarChart } from './charts/TimeBarChart';
import { ChartSection } from './ChartSection';
import { bucketTitle, formatCount, tickLabel } from './usage-format';
import { groupLabel, MAX_SERIES, OTHER_KEY, type StackedSeries } from './usage-series';

/** Props of a chart over time by group. */
export interface OverTimeSectionProps {
  id: string;
  title: string;
  /** "requests", "tokens": what one unit is, for the table's caption. */
  unit: string;
  series: StackedSeries;
  by: UsageGroupBy;
  bucketMs: number;
  spanMs: number;
  /** Every group key, most requests first: a group's colour is its place here, the same in every chart. */
  palette: string[];
}

/** Requests or tokens over time, stacked by the chosen group, with the table of the slices that have any. */
export function OverTimeSection({ id, title, unit, series, by, bucketMs, spanMs, palette }: OverTimeSectionProps) {
  const labelOf = (key: string) => groupLabel(by, key);
  const filled = series.rows.filter((row) => row.total > 0);
  const colourOf = (key: string) => (key === OTHER_KEY || !palette.includes(key) ? 'series-other' : `series-${palette.indexOf(key) % MAX_SERIES}`);
  return (
    <ChartSection
      id={id}
      title={title}
      chart={<TimeBarChart title={title} keys={series.keys} labelOf={labelOf} rows={series.rows} format={formatCount} rowTitle={(start) => bucketTitle(start, bucketMs)} tick={(start) => tickLabel(start, spanMs)} colourOf={colourOf} integer />}
      table={
        <table className="table">
          <caption className="sr-only">
            {title}: {unit} per {by}, for each time slice with any
          </caption>
          <thead>
            <tr>
              <th scope="col">Time</th>
              {series.keys.map((key) => (
                <th scope="col" className="num" key={key}>
                  {labelOf(key)}
                </th>
              ))}
              <th scope="col" className="num">
                Total
              </th>
            </tr>
          </thead>
          <tbody>
            {filled.map((row) => (
              <tr key={row.start}>
                <th scope="row" className="nowrap">
                  {bucketTitle(row.start, bucketMs)}
                </th>
                {row.values.map((value, i) => (
                  <td className="num" key={series.keys[i]}>
                    {formatCount(value)}
                  </td>
                ))}
                <td className="num">{formatCount(row.total)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Total</th>
              {series.keys.map((key, i) => (
                <td className="num" key={key}>
                  {formatCount(series.rows.reduce((sum, row) => sum + (row.values[i] ?? 0), 0))}
                </td>
              ))}
              <td className="num">{formatCount(series.total)}</td>
            </tr>
          </tfoot>
        </table>
      }
    />
  );
}
