import { createContext, useCallback, useContext, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { ApiError } from '../../../app/contract';
import type { AppStatus } from '../../../app/contract';
import { api } from '../api';
import { usePolling } from '../hooks/usePolling';

/** The app's status as every screen sees it, plus the clock offset to the app's own `now`. */
export interface StatusValue {
  status: AppStatus | null;
  /** Why the last read failed, or null when it worked. */
  error: ApiError | null;
  /** Server time minus this page's time, so countdowns agree with the app even when clocks differ. */
  skewMs: number;
  /** Reads the status now (after an action) instead of waiting for the next poll. */
  refresh(): Promise<void>;
}

const StatusContext = createContext<StatusValue | null>(null);

/** Polls `getStatus` every 2 s while the page is visible and shares the answer. */
export function StatusProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<AppStatus | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [skewMs, setSkewMs] = useState(0);

  const refresh = useCallback(async () => {
    const sentAt = Date.now();
    try {
      const next = await api.getStatus();
      // The server's `now` was taken somewhere during the round trip; its middle is the best guess.
      setSkewMs(next.now - (sentAt + Date.now()) / 2);
      setStatus(next);
      setError(null);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError('internal', 'Cannot read the app status.'));
    }
  }, []);

  usePolling(refresh, 2000);
  const value = useMemo(() => ({ status, error, skewMs, refresh }), [status, error, skewMs, refresh]);
  return <StatusContext.Provider value={value}>{children}</StatusContext.Provider>;
}

/** The shared status; only inside StatusProvider. */
export function useStatus(): StatusValue {
  const value = useContext(StatusContext);
  if (!value) throw new Error('useStatus outside StatusProvider');
  return value;
}
