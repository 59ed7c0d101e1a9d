import { useEffect, useRef, useState } from 'react';
import type { AgentInfo, SetupRequest } from '../../../../../app/contract';
import { api } from '../../../api';
import { ErrorMessage } from '../../../components/ErrorMessage';
import { PageHeader } from '../../../components/PageHeader';
import { useAction } from '../../../hooks/useAction';
import { useStatus } from '../../../status/StatusProvider';
import { ChooseStep, chosenModels, initialChoice } from './ChooseStep';
import type { Choice } from './ChooseStep';
import { DetectStep } from './DetectStep';
import { PlanView } from './PlanView';
import { ResultView } from './ResultView';
import { Stepper } from './Stepper';
import { WIZARD_STEPS } from './steps';
import type { WizardStep } from './steps';
import { VerifyReport } from './VerifyReport';

/** Props of the wizard. */
export interface AgentWizardProps {
  agent: AgentInfo;
  /** Something was written: the list should detect again. */
  onChanged(): void;
  onClose(): void;
}

const STEP_TITLES: Record<WizardStep, string> = {
  detect: 'What is on this machine',
  choose: 'Choose mode and models',
  preview: 'Review the exact change',
  apply: 'Applied',
  verify: 'Verify',
  undo: 'Undo the setup',
};

/** One agent's setup: detect, choose, preview the diff, apply, verify with a real request, undo. */
export function AgentWizard({ agent, onChanged, onClose }: AgentWizardProps) {
  const { status } = useStatus();
  const [step, setStep] = useState<WizardStep>('detect');
  const [choice, setChoice] = useState<Choice>(() => initialChoice(agent));
  const [plan, runPlan] = useAction(api.planSetup);
  const [applied, runApply] = useAction(api.applySetup);
  const [report, runVerify] = useAction(api.verifyAgent);
  const [undoPlan, runPlanUndo] = useAction(api.planUndo);
  const [undone, runUndo] = useAction(api.undoSetup);
  const heading = useRef<HTMLHeadingElement>(null);
  // LangChain and any agent without files: no Apply and no Undo, the snippet then a check of its own request.
  const library = agent.configFiles.length === 0;
  const firstRender = useRef(true);

  // Moving focus to the new step's heading tells keyboard and screen-reader users the step changed.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    heading.current?.focus();
  }, [step]);

  const request = (): SetupRequest => {
    const models = chosenModels(choice);
    return models.length > 0 ? { agent: agent.id, mode: choice.mode, models } : { agent: agent.id, mode: choice.mode };
  };

  const preview = async () => {
    if (await runPlan(request())) setStep('preview');
  };
  const apply = async () => {
    const result = await runApply(request());
    if (result) {
      setStep('apply');
      onChanged();
    }
  };
  const verify = async () => {
    setStep('verify');
    await runVerify(agent.id);
  };
  const startUndo = async () => {
    setStep('undo');
    await runPlanUndo(agent.id);
  };
  const undo = async () => {
    if (await runUndo(agent.id)) onChanged();
  };

  const error = plan.error ?? applied.error ?? report.error ?? undoPlan.error ?? undone.error;
  const steps = library ? WIZARD_STEPS.filter((s) => s.id !== 'apply') : WIZARD_STEPS;
  const stepIndex = steps.findIndex((s) => s.id === step);
  const title = library && step === 'preview' ? 'The snippet and its environment' : STEP_TITLES[step];

  return (
    <>
      <PageHeader
        title={`Set up ${agent.name}`}
        description={
          library
            ? `${agent.name} is a library: nothing is written. Paste a snippet into your code and run it with the variables of \`${status?.cliCommand ?? 'ai-gateway'} env${status?.demo ? ' --demo' : ''}\`; Verify sends the snippet's own request through the proxy.`
            : status?.demo
              ? 'This sets the agent up against the demo gateway on this machine, in the demo\'s own folder: your real agent config is not changed.'
              : 'Nothing is written until you apply, and every change can be undone.'
        }
        actions={
          <button type="button" className="button" onClick={onClose}>
            Back to agents
          </button>
        }
      />
      {step !== 'undo' ? <Stepper current={step} library={library} /> : null}
      <section className="card wizard" aria-labelledby="wizard-step-title">
        <h2 id="wizard-step-title" ref={heading} tabIndex={-1}>
          {step !== 'undo' ? <span className="sr-only">{`Step ${stepIndex + 1} of ${steps.length}: `}</span> : null}
          {title}
        </h2>
        <ErrorMessage error={error} />
        {step === 'detect' ? <DetectStep agent={agent} /> : null}
        {step === 'choose' ? <ChooseStep agent={agent} choice={choice} onChange={setChoice} /> : null}
        {step === 'preview' && plan.value ? <PlanView plan={plan.value} /> : null}
        {step === 'apply' && applied.value ? <ResultView result={applied.value} verb="written" /> : null}
        {step === 'apply' && applied.value && applied.value.plan.snippets.length > 0 ? <PlanView plan={{ ...applied.value.plan, changes: [], notes: [], warnings: [] }} /> : null}
        {step === 'verify' && report.running ? <p role="status">Sending {library ? 'the snippet\'s request' : 'a test request'} through {choice.mode === 'proxy' ? 'the proxy' : 'the gateway'}…</p> : null}
        {step === 'verify' && report.value ? (
          <>
            <p role="status" className={report.value.ok ? 'verdict verdict-ok' : 'verdict verdict-bad'}>
              {report.value.ok
                ? library
                  ? `The snippet's request reaches the gateway through the proxy.`
                  : `${agent.name} is set up and reaches the gateway.`
                : `${agent.name} is not working yet: see the failed checks.`}
            </p>
            <VerifyReport report={report.value} />
          </>
        ) : null}
        {step === 'undo' && undoPlan.running ? <p role="status">Working out what to restore…</p> : null}
        {step === 'undo' && undoPlan.value && !undone.value ? <PlanView plan={undoPlan.value} /> : null}
        {step === 'undo' && undone.value ? (
          <>
            <p role="status" className="verdict verdict-ok">
              {agent.name}&rsquo;s setup was undone.
            </p>
            <ResultView result={undone.value} verb="restored" />
          </>
        ) : null}
        <div className="wizard-actions">
          {step === 'detect' ? (
            <>
              {agent.configured && !library ? (
                <button type="button" className="button button-danger-quiet" onClick={startUndo}>
                  Undo setup
                </button>
              ) : null}
              <button type="button" className="button button-primary" onClick={() => setStep('choose')}>
                Next
              </button>
            </>
          ) : null}
          {step === 'choose' ? (
            <>
              <button type="button" className="button" onClick={() => setStep('detect')}>
                Back
              </button>
              <button type="button" className="button button-primary" onClick={preview} disabled={plan.running}>
                {plan.running ? 'Preparing…' : 'Preview changes'}
              </button>
            </>
          ) : null}
          {step === 'preview' ? (
            <>
              <button type="button" className="button" onClick={() => setStep('choose')}>
                Back
              </button>
              {library ? (
                <button type="button" className="button button-primary" onClick={verify}>
                  Verify
                </button>
              ) : (
                <button type="button" className="button button-primary" onClick={apply} disabled={applied.running}>
                  {applied.running ? 'Applying…' : 'Apply changes'}
                </button>
              )}
            </>
          ) : null}
          {step === 'apply' ? (
            <>
              <button type="button" className="button button-danger-quiet" onClick={startUndo}>
                Undo setup
              </button>
              <button type="button" className="button button-primary" onClick={verify}>
                Verify
              </button>
            </>
          ) : null}
          {step === 'verify' ? (
            <>
              {library ? null : (
                <button type="button" className="button button-danger-quiet" onClick={startUndo}>
                  Undo setup
                </button>
              )}
              <button type="button" className="button" onClick={verify} disabled={report.running}>
                Verify again
              </button>
              <button type="button" className="button button-primary" onClick={onClose}>
                Done
              </button>
            </>
          ) : null}
          {step === 'undo' && !undone.value ? (
            <>
              <button type="button" className="button" onClick={() => setStep('detect')}>
                Cancel
              </button>
              <button type="button" className="button button-danger" onClick={undo} disabled={undone.running || !undoPlan.value}>
                {undone.running ? 'Undoing…' : 'Undo changes'}
              </button>
            </>
          ) : null}
          {step === 'undo' && undone.value ? (
            <button type="button" className="button button-primary" onClick={onClose}>
              Done
            </button>
          ) : null}
        </div>
      </section>
    </>
  );
}
