import type { ReactNode } from 'react';

/** How a state reads at a glance; always paired with words, never colour alone. */
export type Tone = 'ok' | 'warn' | 'bad' | 'neutral' | 'busy';

/** A small rounded status label. */
export function Pill({ tone, children }: { tone: Tone; children: ReactNode }) {
  return (
    <span className={`pill pill-${tone}`}>
      <span className="pill-dot" aria-hidden="true" />
      {children}
    </span>
  );
}
