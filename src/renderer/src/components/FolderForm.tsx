/**
 * One folder path and one action on it (back up into, restore from): the data safety panel's forms.
 * The button stays disabled while the path is empty or the action runs.
 */
import { useState } from 'react';

export interface FolderFormProps {
  readonly label: string;
  readonly actionLabel: string;
  /** The button's text while the action runs; the action label when absent. */
  readonly busyLabel?: string;
  readonly busy: boolean;
  readonly danger?: boolean;
  /** Test ids of the path field and the button. */
  readonly inputTestId: string;
  readonly buttonTestId: string;
  onSubmit(folder: string): void;
}

export function FolderForm({
  label,
  actionLabel,
  busyLabel,
  busy,
  danger = false,
  inputTestId,
  buttonTestId,
  onSubmit,
}: FolderFormProps): React.JSX.Element {
  const [folder, setFolder] = useState('');
  return (
    <form
      className="inline-form"
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit(folder);
      }}
    >
      <label>
        {label}
        <input
          type="text"
          className="mono"
          value={folder}
          onChange={(event) => setFolder(event.target.value)}
          data-testid={inputTestId}
        />
      </label>
      <button
        type="submit"
        className={danger ? 'button danger-outline' : 'button'}
        disabled={folder.trim() === '' || busy}
        data-testid={buttonTestId}
      >
        {busy && busyLabel ? busyLabel : actionLabel}
      </button>
    </form>
  );
}
