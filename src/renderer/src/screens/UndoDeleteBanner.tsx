/**
 * Shown after versions were deleted and the trash keeps them: says what went and offers Undo, which
 * restores them from the trash. It stays until dismissed, replaced by the next delete, or used.
 */
import { useState } from 'react';
import { displayPackageName } from '../store/refs';
import { useApp } from '../store/store-context';

export function UndoDeleteBanner(): React.JSX.Element | null {
  const offer = useApp((state) => state.undoOffer);
  const undoDelete = useApp((state) => state.undoDelete);
  const dismissUndo = useApp((state) => state.dismissUndo);
  const [busy, setBusy] = useState(false);
  if (!offer) return null;
  const name = displayPackageName(offer.ref.format, offer.ref.namespace, offer.ref.package);
  const what =
    offer.versions.length === 1
      ? `${name} ${offer.versions[0]}`
      : `${offer.versions.length} versions of ${name}`;
  return (
    <div className="notice notice-info undo-banner" role="status" data-testid="undo-delete">
      <span>
        Deleted {what} from {offer.ref.repository}. It is kept in the domain’s trash.
      </span>
      <button
        type="button"
        className="button small"
        disabled={busy}
        data-testid="undo-delete-button"
        onClick={() => {
          setBusy(true);
          void undoDelete().finally(() => setBusy(false));
        }}
      >
        Undo
      </button>
      <button type="button" className="icon-button" aria-label="Dismiss" onClick={dismissUndo}>
        ×
      </button>
    </div>
  );
}
