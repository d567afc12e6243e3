/** A quiet loading line; announced to screen readers without stealing focus. */
export function Loading({ label = 'Loading…' }: { label?: string }): React.JSX.Element {
  return (
    <p className="loading" role="status" data-testid="loading">
      <span className="spinner" aria-hidden="true" />
      {label}
    </p>
  );
}
