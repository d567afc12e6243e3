/**
 * Asks before an action that changes or removes data, stating what will happen. The action runs from
 * the dialog, so a refusal from the service appears right there, verbatim.
 */
import type { ReactNode } from 'react';
import { ErrorMessage } from './ErrorMessage';
import { Modal } from './Modal';
import { useDialogAction } from './use-dialog-action';
import { DialogFooter } from './DialogFooter';

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
        <DialogFooter
          onCancel={props.onClose}
          onConfirm={() => void confirm()}
          busy={busy}
          danger={props.danger ?? false}
          confirmLabel={props.confirmLabel}
        />
      }
    >
      <div className="consequence" data-testid="consequence">
        {props.children}
      </div>
      <ErrorMessage error={error} />
    </Modal>
  );
}
