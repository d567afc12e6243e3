/** A dialog holding a small form: Enter submits, the service's refusal shows verbatim, success closes it. */
import { useId, type ReactNode } from 'react';
import { ErrorMessage } from './ErrorMessage';
import { Modal } from './Modal';
import { useDialogAction } from './use-dialog-action';
import { DialogFooter } from './DialogFooter';

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
  const action = useDialogAction(props.onSubmit, props.onClose);
  const { busy, error } = action;
  const submit = async (event: React.FormEvent): Promise<void> => {
    event.preventDefault();
    await action.run();
  };
  return (
    <Modal
      title={props.title}
      onClose={props.onClose}
      testId={props.testId}
      wide={props.wide}
      footer={
        <DialogFooter
          onCancel={props.onClose}
          form={formId}
          busy={busy}
          disabled={props.submitDisabled ?? false}
          danger={props.danger ?? false}
          confirmLabel={props.submitLabel}
          testId="submit-button"
        />
      }
    >
      <form id={formId} onSubmit={(event) => void submit(event)} className="form">
        {props.children}
      </form>
      <ErrorMessage error={error} />
    </Modal>
  );
}
