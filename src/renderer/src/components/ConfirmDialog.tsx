/**
 * Asks before an action that changes or removes data, stating what will happen. The action runs from
 * the dialog, so a refusal from the service appears right there, verbatim.
 */
import type { ReactNode } from 'react';
import { ErrorMessage } from './ErrorMessage';
import { Modal } from './Modal';
import { useDialogAction } from './use-dialog-action';

export interface ConfirmDialogProps {
  readonly title: string;
  /** The consequence, in plain words. */
  readonly children: ReactNode;
  readonly confirmLabel: string;
  readonly danger?: boolean;
  /** Runs the action; the dialog closes when it resolves (unless it resolves to false). */
  readonly onConfirm: () => Promise<void | boolean>;
  readonly onClose: () => void;
  readonly testId?: string;
}

export function ConfirmDialog(props: ConfirmDialogProps): React.JSX.Element {
  const { busy, error, run: confirm } = useDialogAction(props.onConfirm, props.onClose);
  return (
    <Modal
      title={props.title}
      onClose={props.onClose}
      testId={props.testId ?? 'confirm-dialog'}
      footer={
        <>
          <button type="button" className="button" onClick={props.onClose}>
            Cancel
          </button>
          <button
            type="button"
            className={`button ${props.danger ? 'danger' : 'primary'}`}
            onClick={() => void confirm()}
            disabled={busy}
            data-testid="confirm-button"
          >
            {busy ? 'Working…' : props.confirmLabel}
          </button>
        </>
      }
    >
      <div className="consequence" data-testid="consequence">
        {props.children}
      </div>
      <ErrorMessage error={error} />
    </Modal>
  );
}
