import { useEffect, useState } from 'react';
import type { ErrorDto, SettingsInput } from '../../../../app/contract';
import { api } from '../../api';
import { useDebounced } from '../../hooks/useDebounced';

/** Asks the app to validate `input` once typing pauses; answers to older inputs are dropped. */
export function useSettingsValidation(input: SettingsInput, enabled: boolean): ErrorDto[] {
  const key = JSON.stringify(input);
  const settledKey = useDebounced(key, 350);
  const [errors, setErrors] = useState<ErrorDto[]>([]);
  useEffect(() => {
    if (!enabled) return;
    let current = true;
    api.validateSettings(JSON.parse(settledKey) as SettingsInput).then(
      (found) => {
        if (current) setErrors(found);
      },
      () => {
        // Validation is advice; "Test and save" reports real failures.
      },
    );
    return () => {
      current = false;
    };
  }, [settledKey, enabled]);
  return errors;
}
