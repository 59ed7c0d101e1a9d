import { WIZARD_STEPS } from './steps';
import type { WizardStep } from './steps';

/** Where the wizard is: past steps ticked, the current one marked for screen readers. */
export function Stepper({ current }: { current: WizardStep }) {
  const index = WIZARD_STEPS.findIndex((s) => s.id === current);
  return (
    <ol className="stepper" aria-label="Setup steps">
      {WIZARD_STEPS.map((step, i) => (
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
