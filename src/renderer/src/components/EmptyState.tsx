/** What a screen shows when there is nothing yet, with the action that would change that. */
import type { ReactNode } from 'react';

export function EmptyState({
  title,
  children,
  testId,
}: {
  title: string;
  children?: ReactNode;
  testId?: string;
}): React.JSX.Element {
  return (
    <div className="empty-state" data-testid={testId ?? 'empty-state'}>
      <p className="empty-title">{title}</p>
      {children && <div className="empty-body">{children}</div>}
    </div>
  );
}
