import type { AgentInfo } from '../../../../../app/contract';

/** What detection found: installed version and binary, config files, current setup, warnings. */
export function DetectStep({ agent }: { agent: AgentInfo }) {
  return (
    <div>
      <dl className="facts facts-wide">
        <div>
          <dt>Installed</dt>
          <dd>{agent.installed ? `Yes${agent.version ? `, version ${agent.version}` : ''}` : agent.id === 'langchain' ? 'A library: nothing to install here' : 'Not found on this machine'}</dd>
        </div>
        {agent.binary ? (
          <div>
            <dt>Program</dt>
            <dd>
              <code>{agent.binary}</code>
            </dd>
          </div>
        ) : null}
        <div>
          <dt>Configuration</dt>
          <dd>
            {agent.configFiles.length > 0 ? (
              <ul className="plain-list">
                {agent.configFiles.map((f) => (
                  <li key={f}>
                    <code>{f}</code>
                  </li>
                ))}
              </ul>
            ) : (
              'No configuration files yet'
            )}
          </dd>
        </div>
        <div>
          <dt>Set up</dt>
          <dd>{agent.configProblem ? agent.configProblem : agent.configured ? `Yes, ${agent.mode === 'direct' ? 'directly to the gateway' : 'through the local proxy'}` : 'Not yet'}</dd>
        </div>
        <div>
          <dt>Providers</dt>
          <dd>{agent.providers.join(', ') || '–'}</dd>
        </div>
      </dl>
      {!agent.installed && agent.id !== 'langchain' ? (
        <p className="callout callout-info">You can set it up now; the configuration will be ready when you install it.</p>
      ) : null}
      {agent.warnings.length > 0 ? (
        <div className="callout callout-warn" role="note">
          <ul>
            {agent.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
