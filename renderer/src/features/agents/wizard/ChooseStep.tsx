import type { AgentInfo, SetupMode } from '../../../../../app/contract';

/** What the user picked on the "Mode and models" step. */
export interface Choice {
  mode: SetupMode;
  models: string[];
  otherModels: string;
}

/** The starting choice: proxy when offered, the first default model ticked. */
export function initialChoice(agent: AgentInfo): Choice {
  const mode: SetupMode = agent.mode ?? (agent.modes.includes('proxy') ? 'proxy' : (agent.modes[0] ?? 'proxy'));
  return { mode, models: agent.defaultModels.slice(0, 1), otherModels: '' };
}

/** The models to send: the ticked defaults plus the free-text ones, without duplicates. */
export function chosenModels(choice: Choice): string[] {
  const extra = choice.otherModels
    .split(/[,\s]+/)
    .map((m) => m.trim())
    .filter(Boolean);
  return [...new Set([...choice.models, ...extra])];
}

/** Mode (proxy or direct, direct explained when unavailable) and models (defaults offered, any allowed). */
export function ChooseStep({ agent, choice, onChange }: { agent: AgentInfo; choice: Choice; onChange(choice: Choice): void }) {
  const directOffered = agent.modes.includes('direct');
  const toggleModel = (model: string, on: boolean) =>
    onChange({ ...choice, models: on ? [...choice.models, model] : choice.models.filter((m) => m !== model) });
  return (
    <div className="choose">
      <fieldset className="fieldset">
        <legend>How should {agent.name} reach the gateway?</legend>
        <label className="radio-card">
          <input type="radio" name="mode" value="proxy" checked={choice.mode === 'proxy'} disabled={!agent.modes.includes('proxy')} onChange={() => onChange({ ...choice, mode: 'proxy' })} />
          <span>
            <strong>Through the local proxy</strong> <span className="badge">Recommended</span>
            <span className="radio-help">The agent gets its own local key; the app adds the gateway token and renews it. The token never leaves the app.</span>
          </span>
        </label>
        <label className={`radio-card${directOffered ? '' : ' radio-disabled'}`}>
          <input
            type="radio"
            name="mode"
            value="direct"
            checked={choice.mode === 'direct'}
            disabled={!directOffered}
            aria-describedby={directOffered ? undefined : 'direct-reason'}
            onChange={() => onChange({ ...choice, mode: 'direct' })}
          />
          <span>
            <strong>Directly to the gateway</strong>
            <span className="radio-help">The agent runs this app&apos;s token command (the preview shows it) for a token when it needs one.</span>
            {!directOffered ? (
              <span className="radio-help radio-reason" id="direct-reason">
                Not available: {agent.directUnsupportedReason ?? 'this agent cannot run a token command.'}
              </span>
            ) : null}
          </span>
        </label>
      </fieldset>
      <fieldset className="fieldset">
        <legend>Models</legend>
        {agent.defaultModels.length > 0 ? (
          <div className="checkbox-list">
            {agent.defaultModels.map((model) => (
              <label key={model} className="checkbox">
                <input type="checkbox" checked={choice.models.includes(model)} onChange={(e) => toggleModel(model, e.target.checked)} />
                <code>{model}</code>
              </label>
            ))}
          </div>
        ) : null}
        <div className="field">
          <label htmlFor="other-models">Other models</label>
          <input
            id="other-models"
            spellCheck={false}
            value={choice.otherModels}
            placeholder="e.g. claude-opus-4-1, gpt-4.1"
            aria-describedby="other-models-hint"
            onChange={(e) => onChange({ ...choice, otherModels: e.target.value })}
          />
          <p className="field-hint" id="other-models-hint">
            Any model your gateway routes, separated by commas.
          </p>
        </div>
      </fieldset>
    </div>
  );
}
