/**
 * The Settings screen's "Trash" section: how many days deleted versions stay restorable (0 turns
 * the trash off). Saved in the data directory; entries past a shorter retention are purged at once.
 */
import { useEffect, useId, useState } from 'react';
import { ErrorMessage } from '../components/ErrorMessage';
import { FieldHint, fieldHintId } from '../components/FieldHint';
import { useSaveAction } from '../lib/use-save-action';
import { useApp } from '../store/store-context';
import { trashRetentionProblem, trashRetentionRule } from '../../../shared/trash';

export function TrashRetentionForm(): React.JSX.Element {
  const retentionDays = useApp((state) => state.trashRetentionDays);
  const load = useApp((state) => state.loadTrashSettings);
  const save = useApp((state) => state.setTrashRetention);
  const fieldId = useId();
  const [typed, setTyped] = useState<string>();
  const { saving, saved, error, run, fail, clearSaved } = useSaveAction();
  useEffect(() => {
    void load().catch(fail);
  }, [load, fail]);
  const draft = typed ?? (retentionDays === undefined ? '' : String(retentionDays));
  const value = draft.trim() === '' ? Number.NaN : Number(draft);
  const problem = trashRetentionProblem(value);
  return (
    <form
      className="settings-form"
      data-testid="trash-retention"
      onSubmit={(event) => {
        event.preventDefault();
        run(
          () => save(value),
          () => setTyped(undefined),
        );
      }}
    >
      <label className="field">
        <span>Keep deleted versions for (days)</span>
        <input
          id={fieldId}
          type="number"
          inputMode="numeric"
          min={trashRetentionRule.min}
          max={trashRetentionRule.max}
          step={1}
          value={draft}
          aria-invalid={problem !== undefined}
          aria-describedby={fieldHintId(fieldId)}
          onChange={(event) => {
            clearSaved();
            setTyped(event.target.value);
          }}
          data-testid="trash-retention-days"
        />
        <FieldHint
          fieldId={fieldId}
          rule="Deleted versions can be restored from a domain's Trash tab until then. 0 turns the trash off."
          problem={problem && `The retention ${problem}.`}
          testId="trash-retention-hint"
        />
      </label>
      <ErrorMessage error={error} />
      <div className="toolbar">
        <button
          type="submit"
          className="button primary"
          disabled={saving || problem !== undefined || value === retentionDays}
          data-testid="save-trash-retention"
        >
          Save
        </button>
        {saved && (
          <span className="success-text" role="status" data-testid="trash-retention-saved">
            Saved; entries older than that are purged now.
          </span>
        )}
      </div>
    </form>
  );
}
