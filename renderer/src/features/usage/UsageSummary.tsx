import type { UsageReport } from '../../../../app/contract';
import { formatCount, formatRate } from './usage-format';
import { costText } from './usage-series';

/** The window's totals at a glance: requests, tokens, failures, and the estimated cost when prices are set. */
export function UsageSummary({ report }: { report: UsageReport }) {
  const { totals } = report;
  const cost = costText(report);
  return (
    <dl className="usage-summary" data-testid="usage-summary">
      <div>
        <dt>Requests</dt>
        <dd>{formatCount(totals.requests)}</dd>
      </div>
      <div>
        <dt>Tokens in / out</dt>
        <dd>
          {formatCount(totals.inputTokens)} / {formatCount(totals.outputTokens)}
        </dd>
      </div>
      <div>
        <dt>Failed</dt>
        <dd>
          {formatCount(totals.errors)} <span className="muted small">({formatRate(totals.requests > 0 ? totals.errors / totals.requests : null)})</span>
        </dd>
      </div>
      {cost !== null ? (
        <div>
          <dt>Estimated cost</dt>
          <dd>
            {cost}
            {report.unpricedModels.length > 0 ? <span className="muted small usage-unpriced"> No price for {report.unpricedModels.join(', ')} in prices.json</span> : null}
          </dd>
        </div>
      ) : null}
    </dl>
  );
}
