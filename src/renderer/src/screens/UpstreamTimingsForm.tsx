/**
 * The Settings screen's "Upstream fetches" section: how long an external connection waits for its
 * upstream and how long it uses stored upstream metadata before asking again, the same values as
 * `serve --upstream-timeout / --upstream-ttl`. Saved in the data directory; a value a flag fixes
 * for this run is shown and cannot be edited.
 */
import { useId, useState } from 'react';
import { ErrorMessage } from '../components/ErrorMessage';
import { FieldHint, fieldHintId } from '../components/FieldHint';
import { useSaveAction } from '../lib/use-save-action';
import { useApp } from '../store/store-context';
import {
  upstreamTimingProblem,
  upstreamTimingRules,
  type UpstreamTimingName,
  type UpstreamTimings,
} from '../../../shared/upstream-timings';

const fields: readonly { name: UpstreamTimingName; label: string; explains: string }[] = [
  {
    name: 'timeoutSeconds',
    label: 'Upstream timeout (seconds)',
    explains: 'How long an upstream has to start answering before it counts as offline.',
  },
  {
    name: 'ttlSeconds',
    label: 'Metadata kept fresh for (seconds)',
    explains: "How long an upstream's package metadata is used before it is checked again.",
  },
];

/** What the user typed, per field, until it is saved (the saved value shows otherwise). */
type Drafts = Partial<Record<UpstreamTimingName, string>>;

function problemOf(name: UpstreamTimingName, draft: string): string | undefined {
  const value = draft.trim() === '' ? Number.NaN : Number(draft);
  const problem = upstreamTimingProblem(name, value);
  return problem && `${upstreamTimingRules[name].flag.slice(2)} ${problem}.`;
}

export function UpstreamTimingsForm({ timings }: { timings: UpstreamTimings }): React.JSX.Element {
  const save = useApp((state) => state.saveUpstreamTimings);
  const id = useId();
  const [typed, setTyped] = useState<Drafts>({});
  const { saving, saved, error, run, clearSaved } = useSaveAction();
  const drafts: Record<UpstreamTimingName, string> = {
    timeoutSeconds: typed.timeoutSeconds ?? String(timings.timeoutSeconds),
    ttlSeconds: typed.ttlSeconds ?? String(timings.ttlSeconds),
  };
  const problems = Object.fromEntries(
    fields.map(({ name }) => [name, problemOf(name, drafts[name])]),
  ) as Record<UpstreamTimingName, string | undefined>;
  const editable = fields.filter(({ name }) => timings.fixedBy?.[name] === undefined);
  const changed = editable.some(({ name }) => Number(drafts[name]) !== timings[name]);
  const invalid = editable.some(({ name }) => problems[name] !== undefined);

  return (
    <form
      className="settings-form"
      data-testid="upstream-timings"
      onSubmit={(event) => {
        event.preventDefault();
        const update = Object.fromEntries(editable.map(({ name }) => [name, Number(drafts[name])]));
        run(
          () => save(update),
          () => setTyped({}),
        );
      }}
    >
      {fields.map(({ name, label, explains }) => {
        const fixedBy = timings.fixedBy?.[name];
        const fieldId = `${id}-${name}`;
        return (
          <label className="field" key={name}>
            <span>{label}</span>
            <input
              id={fieldId}
              type="number"
              inputMode="decimal"
              min={upstreamTimingRules[name].min}
              max={upstreamTimingRules[name].max}
              step="any"
              value={drafts[name]}
              disabled={fixedBy !== undefined}
              aria-invalid={problems[name] !== undefined}
              aria-describedby={fieldHintId(fieldId)}
              onChange={(event) => {
                const value = event.target.value;
                clearSaved();
                setTyped((current) => ({ ...current, [name]: value }));
              }}
              data-testid={`upstream-${name}`}
            />
            <FieldHint
              fieldId={fieldId}
              rule={fixedBy ? `Set by ${fixedBy} for this run.` : explains}
              problem={fixedBy ? undefined : problems[name]}
              testId={`upstream-${name}-hint`}
            />
          </label>
        );
      })}
      <ErrorMessage error={error} />
      <div className="toolbar">
        <button
          type="submit"
          className="button primary"
          disabled={saving || !changed || invalid || editable.length === 0}
          data-testid="save-upstream-timings"
        >
          Save
        </button>
        {saved && (
          <span className="success-text" role="status" data-testid="upstream-timings-saved">
            Saved; used from the next request.
          </span>
        )}
      </div>
    </form>
  );
}
