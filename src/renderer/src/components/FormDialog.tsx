/** A dialog holding a small form: Enter submits, the service's refusal shows verbatim, success closes it. */
import { useId, useState, type ReactNode } from 'react';
import { toUiError, type UiError } from '../store/load-state';
import { ErrorMessage } from './ErrorMessage';
import { Modal } from './Modal';

export interface FormDialogProps {
  readonly title: string;
  readonly submitLabel: string;
  readonly onSubmit: () => Promise<void | boolean>;
  readonly onClose: () => void;
  readonly children: ReactNode;
  readonly testId?: string;
  readonly submitDisabled?: boolean;
  readonly danger?: boolean;
  readonly wide?: boolean;
}

export function FormDialog(props: FormDialogProps): React.JSX.Element {
  const formId = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError>();
  const submit = async (event: React.FormEvent): Promise<void> => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(undefined);
    try {
      const keepOpen = (await props.onSubmit()) === false;
      if (!keepOpen) props.onClose();
    } catch (caught) {
      setError(toUiError(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      title={props.title}
      onClose={props.onClose}
      testId={props.testId}
      wide={props.wide}
      footer={
        <>
          <button type="button" className="button" onClick={props.onClose}>
            Cancel
          </button>
          <button
            type="submit"
            form={formId}
            className={`button ${props.danger ? 'danger' : 'primary'}`}
            disabled={busy || props.submitDisabled}
            data-testid="submit-button"
          >
            {busy ? 'Working…' : props.submitLabel}
          </button>
        </>
      }
    >
      <form id={formId} onSubmit={(event) => void submit(event)} className="form">
        {props.children}
      </form>
      <ErrorMessage error={error} />
    </Modal>
  );
}
