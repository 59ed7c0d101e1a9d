import { useEffect, useState } from 'react';
import type { ErrorDto, SettingsInput } from '../../../../app/contract';
import { api } from '../../api';
import { useDebounced } from '../../hooks/useDebounced';

/** The app's verdict on one input: the errors, and the input they are about. */
export interface Validation {
  errors: ErrorDto[];
  input: SettingsInput | null;
}

/** Asks the app to validate `input` once typing pauses; answers to older inputs are dropped. */
export function useSettingsValidation(input: SettingsInput, enabled: boolean): Validation {
  const key = JSON.stringify(input);
  const settledKey = useDebounced(key, 350);
  const [validation, setValidation] = useState<Validation>({ errors: [], input: null });
  useEffect(() => {
    if (!enabled) return;
    let current = true;
    const validated = JSON.parse(settledKey) as SettingsInput;
    api.validateSettings(validated).then(
      (errors) => {
        if (current) setValidation({ errors, input: validated });
      },
      () => {
        // Validation is advice; "Test and save" reports real failures.
      },
    );
    return () => {
      current = false;
    };
  }, [settledKey, enabled]);
  return validation;
}
