import type { PublicSettings } from '../../../../app/contract';
import { GatewayForm } from '../gateway-form/GatewayForm';
import { TryDemo } from './TryDemo';

/** The first screen when no gateway is configured: four values, checked by fetching a real token. */
export function FirstRunScreen({ settings, onSaved }: { settings: PublicSettings | null; onSaved(): void }) {
  return (
    <main className="first-run" aria-labelledby="page-title">
      <div className="first-run-card">
        <svg className="first-run-mark" viewBox="0 0 24 24" aria-hidden="true">
          <path d="M12 2 3 7v10l9 5 9-5V7z" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinejoin="round" />
          <path d="M12 22V12m0 0L3 7m9 5 9-5" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinejoin="round" />
        </svg>
        <h1 id="page-title" tabIndex={-1}>
          Connect to your AI Gateway
        </h1>
        <p className="page-description">
          Enter the four values your platform team gave you. The app fetches a token with them before saving, so you
          know right away whether they work.
        </p>
        <GatewayForm settings={settings} advanced={false} submitLabel="Test and save" onSaved={onSaved} />
        <TryDemo />
      </div>
    </main>
  );
}
