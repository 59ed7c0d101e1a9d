import type { UsageReport } from '../../../../app/contract';
import { formatCount, formatMs } from './usage-format';
import { groupLabel } from './usage-series';

const BY_WORDS = { agent: 'agent', provider: 'provider', model: 'model' } as const;

/** Every group of the window with its totals (the charts sum the smaller ones as "Other"; this table does not). */
export function GroupsTable({ report }: { report: UsageReport }) {
  const priced = report.priced;
  return (
    <section className="card table-card" aria-labelledby="usage-groups-title">
      <h2 id="usage-groups-title" className="table-card-title">
        By {BY_WORDS[report.by]}
      </h2>
      <table className="table" data-testid="usage-groups">
        <caption className="sr-only">Requests, failures, tokens and times by {BY_WORDS[report.by]}</caption>
        <thead>
          <tr>
            <th scope="col">{report.by === 'agent' ? 'Agent' : report.by === 'provider' ? 'Provider' : 'Model'}</th>
            <th scope="col" className="num">
              Requests
            </th>
            <th scope="col" className="num">
              Failed
            </th>
            <th scope="col" className="num">
              Tokens in / out
            </th>
            <th scope="col" className="num">
              p50 first token / total
            </th>
            {priced ? (
              <th scope="col" className="num">
                Est. cost
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {report.groups.map((g) => (
            <tr key={g.key}>
              <th scope="row">{report.by === 'model' && g.key !== '(unknown)' ? <code>{g.key}</code> : groupLabel(report.by, g.key)}</th>
              <td className="num">{formatCount(g.requests)}</td>
              <td className="num">{formatCount(g.errors)}</td>
              <td className="num">
                {formatCount(g.inputTokens)} / {formatCount(g.outputTokens)}
              </td>
              <td className="num">
                {formatMs(g.firstByteMs.p50)} / {formatMs(g.totalMs.p50)}
              </td>
              {priced ? <td className="num">{g.costUsd === null ? '–' : `$${g.costUsd.toFixed(2)}`}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
