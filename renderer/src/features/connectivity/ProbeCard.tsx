import { PROVIDER_LABELS } from '../../../../app/contract';
import type { ProbeResult, Provider } from '../../../../app/contract';
import { Pill } from '../../components/Pill';
import { DIAGNOSIS_LABELS } from './diagnosis';

/** One provider's result: green or red, with status, latency, diagnosis, message and fix. */
export function ProbeCard({ provider, result, testing }: { provider: Provider; result: ProbeResult | undefined; testing: boolean }) {
  const headingId = `probe-${provider}`;
  const tone = testing ? 'busy' : !result ? 'neutral' : result.ok ? 'ok' : 'bad';
  return (
    <article className={`card probe probe-${tone}`} aria-labelledby={headingId} data-provider={provider}>
      <div className="probe-head">
        <h2 id={headingId}>{PROVIDER_LABELS[provider]}</h2>
        <Pill tone={tone}>{testing ? 'Testing…' : !result ? 'Not tested' : DIAGNOSIS_LABELS[result.diagnosis]}</Pill>
      </div>
      {result && !testing ? (
        <>
          <p className="probe-model">
            <span className="sr-only">Model </span>
            <code>{result.model}</code>
          </p>
          <dl className="probe-facts">
            <div>
              <dt>Status</dt>
              <dd data-testid="probe-status">{result.status ?? '–'}</dd>
            </div>
            <div>
              <dt>Latency</dt>
              <dd data-testid="probe-latency">{result.latencyMs !== null ? `${Math.round(result.latencyMs)} ms` : '–'}</dd>
            </div>
            <div>
              <dt>Streaming</dt>
              <dd data-testid="probe-streaming">{result.streaming ? (result.streaming.ok ? 'ok' : 'broken') : '–'}</dd>
            </div>
          </dl>
          {!result.ok ? (
            <div className="probe-problem">
              <p data-testid="probe-message">{result.message}</p>
              {result.fix ? (
                <p className="probe-fix" data-testid="probe-fix">
                  <strong>Fix: </strong>
                  {result.fix}
                </p>
              ) : null}
            </div>
          ) : (
            <p className="muted small" data-testid="probe-message">{result.message}</p>
          )}
        </>
      ) : (
        <p className="muted small">{testing ? 'Sending a one-token request, then a streamed one…' : 'Run the test to see whether this provider answers, plain and streamed.'}</p>
      )}
    </article>
  );
}
