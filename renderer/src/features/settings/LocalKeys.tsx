import { useEffect, useState } from 'react';
import { ApiError } from '../../../../app/contract';
import type { AgentId } from '../../../../app/contract';
import { api } from '../../api';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useAction } from '../../hooks/useAction';

/** Each agent's local key (the one it shows the proxy), with a two-step Regenerate. */
export function LocalKeys() {
  const [agents, runList] = useAction(api.listAgents);
  const [busy, setBusy] = useState(false);
  const [regenError, setRegenError] = useState<ApiError | null>(null);
  const [confirming, setConfirming] = useState<AgentId | null>(null);
  const [done, setDone] = useState<AgentId | null>(null);
  useEffect(() => void runList(), [runList]);

  const regenerate = async (agent: AgentId) => {
    setDone(null);
    setRegenError(null);
    setBusy(true);
    try {
      await api.regenerateLocalKey(agent);
      setDone(agent);
    } catch (e) {
      setRegenError(e instanceof ApiError ? e : new ApiError('internal', 'Could not regenerate the key.'));
    } finally {
      setBusy(false);
      setConfirming(null);
    }
  };
  const nameOf = (id: AgentId) => agents.value?.find((a) => a.id === id)?.name ?? id;

  return (
    <section className="card" aria-labelledby="keys-heading">
      <h2 id="keys-heading">Local keys</h2>
      <p className="muted">
        Each agent talks to the local proxy with its own random key, never with the gateway token. Regenerate a key if it
        may have been copied somewhere it should not be: the old key stops working at once, and an agent set up in proxy
        mode gets the new key written into its config.
      </p>
      <ErrorMessage error={agents.error ?? regenError} />
      <ul className="key-list">
        {(agents.value ?? []).map((agent) => (
          <li key={agent.id} className="key-row">
            <span className="key-name">{agent.name}</span>
            {confirming === agent.id ? (
              <span className="key-confirm">
                <span className="small">Replace {agent.name}&rsquo;s key?</span>
                <button type="button" className="button button-small" onClick={() => setConfirming(null)}>
                  Cancel
                </button>
                <button type="button" className="button button-small button-danger" onClick={() => void regenerate(agent.id)} disabled={busy}>
                  Regenerate
                </button>
              </span>
            ) : (
              <button type="button" className="button button-small" onClick={() => setConfirming(agent.id)} aria-label={`Regenerate ${agent.name}'s local key`}>
                Regenerate key
              </button>
            )}
          </li>
        ))}
      </ul>
      <p role="status" className="small">
        {done ? `${nameOf(done)} has a new local key.` : ''}
      </p>
    </section>
  );
}
