/**
 * The life of a dialog's main action: busy while it runs, the service's refusal kept verbatim,
 * the dialog closed when it succeeds (unless the action resolves to false to keep it open).
 */
import { useState } from 'react';
import { toUiError, type UiError } from '../store/load-state';

export interface DialogAction {
  readonly busy: boolean;
  readonly error: UiError | undefined;
  run(): Promise<void>;
}

export function useDialogAction(action: () => Promise<void | boolean>, onClose: () => void): DialogAction {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError>();
  const run = async (): Promise<void> => {
    if (busy) return;
    setBusy(true);
    setError(undefined);
    try {
      const keepOpen = (await action()) === false;
      if (!keepOpen) onClose();
    } catch (caught) {
      setError(toUiError(caught));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}
