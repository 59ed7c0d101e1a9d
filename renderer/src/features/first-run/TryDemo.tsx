import { api } from '../../api';
import { useAction } from '../../hooks/useAction';

/** "No credentials yet?": starts the built-in demo gateway (the desktop app restarts into it) or says how. */
export function TryDemo() {
  const [launch, runLaunch] = useAction(api.startDemo);
  return (
    <section className="try-demo" aria-labelledby="try-demo-title">
      <h2 id="try-demo-title">No credentials at hand?</h2>
      <p>Try the app against a built-in demo gateway on this machine. It keeps its own settings, and agents you set up in the demo get their config in the demo&apos;s own folder: your real settings and agents are never changed.</p>
      <button type="button" className="button" onClick={() => void runLaunch()} disabled={launch.running}>
        {launch.running ? 'Starting the demo...' : 'Try the demo'}
      </button>
      <p className="try-demo-result" role="status" aria-live="polite">
        {launch.value?.instructions ?? launch.error?.message ?? ''}
      </p>
    </section>
  );
}
