import { WIZARD_STEPS } from './steps';
import type { WizardStep } from './steps';

/** Where the wizard is: past steps ticked, the current one marked for screen readers. */
export function Stepper({ current, library = false }: { current: WizardStep; library?: boolean }) {
  // A library (LangChain) has nothing to apply: its path is detect, choose, the snippet, verify.
  const steps = library ? WIZARD_STEPS.filter((s) => s.id !== 'apply').map((s) => (s.id === 'preview' ? { ...s, label: 'Snippet' } : s)) : WIZARD_STEPS;
  const index = steps.findIndex((s) => s.id === current);
  return (
    <ol className="stepper" aria-label="Setup steps">
      {steps.map((step, i) => (
        <li key={step.id} className={i < index ? 'step-done' : i === index ? 'step-current' : ''} aria-current={i === index ? 'step' : undefined}>
          <span className="step-number" aria-hidden="true">
            {i < index ? '✓' : i + 1}
          </span>
          {step.label}
        </li>
      ))}
    </ol>
  );
}
