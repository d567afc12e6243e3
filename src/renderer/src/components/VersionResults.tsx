/**
 * What happened to each version of a batch — a status change, copy, dispose or delete, or a mirror
 * job — grouped by outcome (succeeded, failed, skipped, pending) with a count per group, each version
 * with its new status or error code and the service's message.
 */
import type { ReactNode } from 'react';
import type { UiError } from '../store/load-state';
import { ErrorMessage } from './ErrorMessage';

export type VersionOutcomeKind = 'ok' | 'failed' | 'skipped' | 'pending';

export interface VersionOutcome {
  /** Unique within the list. */
  readonly key: string;
  readonly version: string;
  readonly kind: VersionOutcomeKind;
  /** The package (and repository) when the list spans several packages. */
  readonly where?: string;
  /** The version's status afterwards, or the error code. */
  readonly chip?: ReactNode;
  /** The service's message, or a note such as the new revision. */
  readonly detail?: string;
}

const groups: readonly { kind: VersionOutcomeKind; heading: string; testId: string }[] = [
  { kind: 'ok', heading: 'Succeeded', testId: 'successful-versions' },
  { kind: 'failed', heading: 'Failed', testId: 'failed-versions' },
  { kind: 'skipped', heading: 'Skipped', testId: 'skipped-versions' },
  { kind: 'pending', heading: 'Pending', testId: 'pending-versions' },
];

export function VersionResults({
  outcomes,
  error,
  testId,
}: {
  outcomes: readonly VersionOutcome[];
  /** Why the batch as a whole failed, if it did. */
  error?: UiError;
  testId: string;
}): React.JSX.Element {
  return (
    <div className="batch-results" data-testid={testId}>
      <ErrorMessage error={error} />
      {groups.map(({ kind, heading, testId: listId }) => {
        const members = outcomes.filter((outcome) => outcome.kind === kind);
        if (members.length === 0) return null;
        return (
          <section key={kind} aria-label={heading}>
            <h3>
              {heading} <span className="count">{members.length}</span>
            </h3>
            <ul className="result-list" data-testid={listId}>
              {members.map((outcome) => (
                <li key={outcome.key} data-testid={`result-${kind}-${outcome.version}`} data-outcome={kind}>
                  {outcome.where && <span className="muted small">{outcome.where} </span>}
                  <span className="strong">{outcome.version}</span> {outcome.chip}
                  {outcome.detail && <span className="small"> {outcome.detail}</span>}
                </li>
              ))}
            </ul>
          </section>
        );
      })}
      {outcomes.length === 0 && !error && <p className="muted">Nothing was changed.</p>}
    </div>
  );
}
