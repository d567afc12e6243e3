/**
 * The state of a settings form's Save: whether a save is running, whether the last one succeeded,
 * and the error of the last failure (or of loading what the form shows, through `fail`).
 */
import { useCallback, useState } from 'react';
import { toUiError, type UiError } from '../store/load-state';

export interface SaveAction {
  readonly saving: boolean;
  readonly saved: boolean;
  readonly error: UiError | undefined;
  /** Runs `save`; on success calls `onSaved` and marks the form saved, on failure shows the error. */
  readonly run: (save: () => Promise<unknown>, onSaved: () => void) => void;
  /** Shows `failure` as the form's error. */
  readonly fail: (failure: unknown) => void;
  /** Clears "saved" once the user edits again. */
  readonly clearSaved: () => void;
}

export function useSaveAction(): SaveAction {
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<UiError>();
  const fail = useCallback((failure: unknown) => setError(toUiError(failure)), []);
  const clearSaved = useCallback(() => setSaved(false), []);
  const run = useCallback(
    (save: () => Promise<unknown>, onSaved: () => void) => {
      setSaving(true);
      setSaved(false);
      setError(undefined);
      save()
        .then(() => {
          onSaved();
          setSaved(true);
        })
        .catch(fail)
        .finally(() => setSaving(false));
    },
    [fail],
  );
  return { saving, saved, error, run, fail, clearSaved };
}
