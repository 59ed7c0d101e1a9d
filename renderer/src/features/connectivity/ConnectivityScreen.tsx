import { PROVIDERS } from '../../../../app/contract';
import { api } from '../../api';
import { ErrorMessage } from '../../components/ErrorMessage';
import { PageHeader } from '../../components/PageHeader';
import { useAction } from '../../hooks/useAction';
import { ProbeCard } from './ProbeCard';

/** One button tests all four providers through the gateway; results side by side. */
export function ConnectivityScreen() {
  const [probes, runProbes] = useAction(api.testConnectivity);
  const results = probes.value;
  const failed = results?.filter((r) => !r.ok).length ?? 0;
  return (
    <>
      <PageHeader
        title="Connectivity"
        description="Sends one tiny request per provider through the gateway with your current token and test models."
        actions={
          <button type="button" className="button button-primary" onClick={() => void runProbes()} disabled={probes.running}>
            {probes.running ? 'Testing…' : results ? 'Test again' : 'Test all providers'}
          </button>
        }
      />
      <ErrorMessage error={probes.error} title="The test could not run" />
      <p className="sr-only" role="status" aria-live="polite">
        {probes.running ? 'Testing all providers.' : results ? (failed === 0 ? `All ${results.length} providers answered.` : `${failed} of ${results.length} providers failed.`) : ''}
      </p>
      {results && !probes.running ? (
        <p className={`verdict ${failed === 0 ? 'verdict-ok' : 'verdict-bad'}`} data-testid="connectivity-verdict">
          {failed === 0 ? `All ${results.length} providers answered.` : `${failed} of ${results.length} providers failed.`}
        </p>
      ) : null}
      <div className="probe-grid">
        {PROVIDERS.map((provider) => (
          <ProbeCard key={provider} provider={provider} result={results?.find((r) => r.provider === provider)} testing={probes.running} />
        ))}
      </div>
    </>
  );
}
