import { createContext, createElement, useContext, useEffect, useState } from 'react';
import type { ReactNode } from 'react';

const NowContext = createContext<number | null>(null);

/** One clock for the whole window, so every countdown on screen shows the same second. */
export function ClockProvider({ children }: { children: ReactNode }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    // Tick on the second boundary so displays change together with the wall clock.
    let timer = window.setTimeout(function tick() {
      setNow(Date.now());
      timer = window.setTimeout(tick, 1000 - (Date.now() % 1000));
    }, 1000 - (Date.now() % 1000));
    return () => window.clearTimeout(timer);
  }, []);
  return createElement(NowContext.Provider, { value: now }, children);
}

/** The current time (epoch ms) from the shared clock, re-rendering every second. */
export function useNow(): number {
  const now = useContext(NowContext);
  if (now === null) throw new Error('useNow outside ClockProvider');
  return now;
}
