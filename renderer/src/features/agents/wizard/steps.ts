/** The wizard's steps in order; undo is a side path reached from detect or after verify. */
export const WIZARD_STEPS = [
  { id: 'detect', label: 'Detect' },
  { id: 'choose', label: 'Mode and models' },
  { id: 'preview', label: 'Preview' },
  { id: 'apply', label: 'Apply' },
  { id: 'verify', label: 'Verify' },
] as const;

/** A step of the setup path, or the undo path. */
export type WizardStep = (typeof WIZARD_STEPS)[number]['id'] | 'undo';
