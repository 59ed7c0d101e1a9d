import type { AppStatus } from '../../../../app/contract';
import { PageHeader } from '../../components/PageHeader';
import { GatewayForm } from '../gateway-form/GatewayForm';
import { LocalKeys } from './LocalKeys';

/** Gateway values, port, test models and auth method; and each agent's local key. */
export function SettingsScreen({ status, onSaved }: { status: AppStatus; onSaved(): void }) {
  return (
    <>
      <PageHeader title="Settings" description="Changes are tested by fetching a token before they are saved." />
      <section className="card" aria-labelledby="gateway-heading">
        <h2 id="gateway-heading">Gateway</h2>
        <GatewayForm settings={status.settings} advanced submitLabel="Test and save" onSaved={onSaved} running={status.proxy.running ? { port: status.proxy.port, demo: status.demo } : undefined} />
      </section>
      <LocalKeys />
    </>
  );
}
