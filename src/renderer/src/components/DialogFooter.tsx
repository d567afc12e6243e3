/**
 * The footer every confirming dialog shares: Cancel, then the action (primary, or danger for an
 * irreversible one), disabled while it runs or while the input is incomplete, saying "Working…" as
 * it runs unless the caller words its own progress. With `form`, the action submits that form.
 */
import type { ReactNode } from 'react';

export interface DialogFooterProps {
  readonly onCancel: () => void;
  /** What the action button says when idle. */
  readonly confirmLabel: ReactNode;
  /** Runs the action; absent when the button submits `form` instead. */
  readonly onConfirm?: () => void;
  /** The id of the form the action button submits. */
  readonly form?: string;
  readonly busy?: boolean;
  /** What the button says while busy; "Working…" by default. */
  readonly busyLabel?: ReactNode;
  readonly disabled?: boolean;
  readonly danger?: boolean;
  readonly testId?: string;
}

export function DialogFooter(props: DialogFooterProps): React.JSX.Element {
  return (
    <>
      <button type="button" className="button" onClick={props.onCancel}>
        Cancel
      </button>
      <button
        type={props.form ? 'submit' : 'button'}
        {...(props.form ? { form: props.form } : {})}
        className={`button ${props.danger ? 'danger' : 'primary'}`}
        onClick={props.onConfirm}
        disabled={props.busy || props.disabled}
        data-testid={props.testId ?? 'confirm-button'}
      >
        {props.busy ? (props.busyLabel ?? 'Working…') : props.confirmLabel}
      </button>
    </>
  );
}
