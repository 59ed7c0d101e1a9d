import type { AgentInfo } from '../../../../app/contract';
import { Pill } from '../../components/Pill';

/** One agent in the list: installed or not, set up or not, warnings, and the button to its wizard. */
export function AgentCard({ agent, onOpen }: { agent: AgentInfo; onOpen(): void }) {
  const headingId = `agent-${agent.id}-name`;
  // An agent without config files (LangChain) is never "set up": it has snippets to paste, and a check of their request.
  const library = agent.configFiles.length === 0;
  return (
    <article className="card agent-card" aria-labelledby={headingId} data-agent={agent.id}>
      <div className="agent-card-head">
        <h2 id={headingId}>{agent.name}</h2>
        {library ? (
          <Pill tone="neutral">No files · snippets</Pill>
        ) : agent.configProblem ? (
          // A file the agent cannot read: "Not set up" would send the person to a setup that refuses it.
          <Pill tone="bad">Config unreadable</Pill>
        ) : agent.configured ? (
          <Pill tone="ok">Set up{agent.mode ? ` · ${agent.mode}` : ''}</Pill>
        ) : (
          <Pill tone="neutral">Not set up</Pill>
        )}
      </div>
      <p className="muted agent-detected">
        {library ? 'Library: set up in your code' : agent.installed ? `Installed${agent.version ? ` · ${agent.version}` : ''}` : 'Not found on this machine'}
      </p>
      {agent.configProblem ? (
        <p className="verdict verdict-bad" role="alert">
          {agent.configProblem}
        </p>
      ) : null}
      {agent.warnings.length > 0 ? (
        <ul className="warnings">
          {agent.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      ) : null}
      <div className="agent-card-actions">
        <button type="button" className={`button${agent.configured || library ? '' : ' button-primary'}`} onClick={onOpen} aria-describedby={headingId}>
          {library ? 'Show snippets' : agent.configured ? 'Manage' : 'Set up'}
        </button>
      </div>
    </article>
  );
}
