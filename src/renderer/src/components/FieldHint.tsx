/**
 * The line under a form field: the rule in plain words, or — once something is typed — what is wrong
 * with the value. The field points at it with aria-describedby (see `fieldHintId`).
 */
export function fieldHintId(fieldId: string): string {
  return `${fieldId}-hint`;
}

export function FieldHint({
  fieldId,
  rule,
  problem,
  testId,
}: {
  fieldId: string;
  /** The rule, shown while the value is fine. */
  rule?: string;
  problem?: string;
  testId?: string;
}): React.JSX.Element | null {
  if (!problem && !rule) return null;
  return (
    <small
      id={fieldHintId(fieldId)}
      className={problem ? 'field-hint invalid' : 'field-hint'}
      data-testid={testId}
      aria-live="polite"
    >
      {problem ?? rule}
    </small>
  );
}
