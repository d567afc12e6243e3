/** A link-styled button that opens a package's page (dependencies, "used by"). */
import type { ReactNode } from 'react';
import type { PackageRef } from '../store/refs';
import { useApp } from '../store/store-context';

export function PackageLink({
  to,
  testId,
  children,
}: {
  to: PackageRef;
  testId?: string;
  children: ReactNode;
}): React.JSX.Element {
  const navigate = useApp((state) => state.navigate);
  return (
    <button
      type="button"
      className="link"
      onClick={() => navigate({ screen: 'package', ...to })}
      {...(testId ? { 'data-testid': testId } : {})}
    >
      {children}
    </button>
  );
}

/** The package `name` (with its namespace) in the same domain and format as `from`, in `repository`. */
export function siblingPackage(
  from: PackageRef,
  repository: string,
  namespace: string | undefined,
  name: string,
): PackageRef {
  return {
    domain: from.domain,
    repository,
    format: from.format,
    ...(namespace ? { namespace } : {}),
    package: name,
  };
}
