import { useCallback, useEffect } from 'react';
import type { AgentId, AgentInfo } from '../../../../app/contract';
import { api } from '../../api';
import { ErrorMessage } from '../../components/ErrorMessage';
import { PageHeader } from '../../components/PageHeader';
import { useAction } from '../../hooks/useAction';
import { AgentCard } from './AgentCard';
import { AgentWizard } from './wizard/AgentWizard';

/** Which agent's setup is open (from the route: the tray's "Set up agent" opens one), and how to change it. */
export interface AgentsScreenProps {
  open: AgentId | null;
  onOpen(agent: AgentId | null): void;
}

/** The six agents with what detection found, each opening its setup wizard. */
export function AgentsScreen({ open, onOpen: setOpen }: AgentsScreenProps) {
  const [agents, runList] = useAction(api.listAgents);
  const reload = useCallback(() => void runList(), [runList]);
  useEffect(reload, [reload]);

  const current = open ? agents.value?.find((a) => a.id === open) : undefined;
  if (current) {
    return (
      <AgentWizard
        key={current.id}
        agent={current}
        onChanged={reload}
        onClose={() => {
          setOpen(null);
          reload();
        }}
      />
    );
  }
  return (
    <>
      <PageHeader
        title="Agents"
        description="Set up each coding agent to reach the gateway through this app. Every change is shown before it is written, and can be undone."
        actions={
          <button type="button" className="button" onClick={reload} disabled={agents.running}>
            {agents.running ? 'Detecting…' : 'Detect again'}
          </button>
        }
      />
      <ErrorMessage error={agents.error} title="Could not list the agents" />
      <ul className="agent-grid" aria-busy={agents.running && !agents.value}>
        {(agents.value ?? []).map((agent: AgentInfo) => (
          <li key={agent.id}>
            <AgentCard agent={agent} onOpen={() => setOpen(agent.id)} />
          </li>
        ))}
      </ul>
    </>
  );
}
