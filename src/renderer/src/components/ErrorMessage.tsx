/** A failure exactly as the service reported it: the error's name, then its message verbatim. */
import type { UiError } from '../store/load-state';

export function ErrorMessage({
  error,
  testId = 'error-message',
}: {
  error: UiError | undefined;
  testId?: string;
}): React.JSX.Element | null {
  if (!error) return null;
  return (
    <div className="error-message" role="alert" data-testid={testId}>
      {error.name && <span className="error-name">{error.name}</span>}
      <span className="error-text">{error.message}</span>
    </div>
  );
}
