import { useCallback, useRef, useState } from 'react';
import { ApiError } from '../../../app/contract';

/** The state of one button's call: idle, running, done with a value, or failed with an ApiError. */
export interface ActionState<T> {
  running: boolean;
  value: T | undefined;
  error: ApiError | null;
}

/** Wraps an api call for a button: tracks running/value/error and ignores answers to superseded calls. */
export function useAction<A extends unknown[], T>(call: (...args: A) => Promise<T>): [ActionState<T>, (...args: A) => Promise<T | undefined>, () => void] {
  const [state, setState] = useState<ActionState<T>>({ running: false, value: undefined, error: null });
  const generation = useRef(0);
  const latestCall = useRef(call);
  latestCall.current = call;
  const run = useCallback(async (...args: A) => {
    const mine = ++generation.current;
    setState((s) => ({ ...s, running: true, error: null }));
    try {
      const value = await latestCall.current(...args);
      if (mine === generation.current) setState({ running: false, value, error: null });
      return value;
    } catch (error) {
      const apiError = error instanceof ApiError ? error : new ApiError('internal', 'Unexpected error.');
      if (mine === generation.current) setState({ running: false, value: undefined, error: apiError });
      return undefined;
    }
  }, []);
  const reset = useCallback(() => {
    generation.current++;
    setState({ running: false, value: undefined, error: null });
  }, []);
  return [state, run, reset];
}
