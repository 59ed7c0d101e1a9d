import type { AppStatus } from '../../../../app/contract';
import { api } from '../../api';
import { CopyButton } from '../../components/CopyButton';
import { ErrorMessage } from '../../components/ErrorMessage';
import { PageHeader } from '../../components/PageHeader';
import { Pill } from '../../components/Pill';
import { tokenSummary } from '../../components/token-summary';
import { formatClock, formatRelative, formatTime } from '../../format';
import { useAction } from '../../hooks/useAction';
import { useNow } from '../../hooks/useNow';

/** Props of the token screen. */
export interface TokenScreenProps {
  status: AppStatus;
  skewMs: number;
  onChanged(): void;
}

/** The token's life: time left (ticking locally), last and next refresh, last error, and Refresh now. */
export function TokenScreen({ status, skewMs, onChanged }: TokenScreenProps) {
  const now = useNow() + skewMs;
  const [refresh, runRefresh] = useAction(api.refreshToken);
  const { token, proxy } = status;
  const summary = tokenSummary(status, now);
  const left = token.validUntil !== null ? token.validUntil - now : null;
  const lifetime = token.validUntil !== null && token.obtainedAt !== null ? token.validUntil - token.obtainedAt : null;
  const refreshing = refresh.running || token.state === 'refreshing';

  const refreshNow = async () => {
    await runRefresh();
    onChanged();
  };

  return (
    <>
      <PageHeader
        title="Token"
        description="The app fetches a gateway token with your client credentials and renews it before it expires. Agents never see it."
        actions={
          <button type="button" className="button button-primary" onClick={refreshNow} disabled={refreshing}>
            {refreshing ? 'Refreshing…' : 'Refresh now'}
          </button>
        }
      />
      <section className="card token-card" aria-labelledby="token-heading">
        <div className="token-head">
          <h2 id="token-heading">Gateway token</h2>
          <span role="status" aria-live="polite" data-testid="token-state">
            <Pill tone={summary.tone}>{summary.text === 'Expired' || status.token.state === 'failed' ? summary.text : stateLabel(status)}</Pill>
          </span>
        </div>
        <div className="countdown">
          <span className="countdown-label" id="countdown-label">
            {left !== null && left > 0 ? 'Expires in' : token.validUntil !== null ? 'Expired' : 'No token yet'}
          </span>
          <span className="countdown-value" role="timer" aria-labelledby="countdown-label" data-testid="countdown">
            {left !== null ? formatClock(left) : '–'}
          </span>
          {left !== null && lifetime !== null && lifetime > 0 ? (
            <progress className="countdown-bar" max={lifetime} value={Math.max(0, left)} aria-label="Share of the token's lifetime left" />
          ) : null}
        </div>
        <dl className="facts">
          <div>
            <dt>Last refresh</dt>
            <dd data-testid="obtained-at">{token.obtainedAt !== null ? `${formatTime(token.obtainedAt)} (${formatRelative(token.obtainedAt, now)})` : 'Never'}</dd>
          </div>
          <div>
            <dt>Next refresh</dt>
            <dd data-testid="next-refresh">{token.nextRefreshAt !== null ? `${formatTime(token.nextRefreshAt)} (${formatRelative(token.nextRefreshAt, now)})` : 'Not scheduled'}</dd>
          </div>
          <div>
            <dt>Valid until</dt>
            <dd>{token.validUntil !== null ? formatTime(token.validUntil) : '–'}</dd>
          </div>
        </dl>
        <ErrorMessage error={refresh.error ?? token.lastError} title={refresh.error ? 'Refresh failed' : 'Last error'} />
      </section>
      <section className="card" aria-labelledby="proxy-heading">
        <div className="token-head">
          <h2 id="proxy-heading">Local proxy</h2>
          <Pill tone={proxy.running ? 'ok' : 'bad'}>{proxy.running ? 'Running' : 'Stopped'}</Pill>
        </div>
        <p className="muted">Agents set up in proxy mode send their requests here; the proxy adds the token.</p>
        <div className="copy-row">
          <code className="code-inline" data-testid="proxy-url">{proxy.url}</code>
          <CopyButton text={proxy.url} label="Copy URL" />
        </div>
      </section>
    </>
  );
}

function stateLabel(status: AppStatus): string {
  switch (status.token.state) {
    case 'valid':
      return 'Valid';
    case 'refreshing':
      return 'Refreshing';
    case 'failed':
      return 'Refresh failed';
    case 'rejected':
      return 'Credentials rejected';
    case 'idle':
      return 'No token yet';
    case 'unconfigured':
      return 'Not configured';
  }
}
