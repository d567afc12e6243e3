/**
 * The package header's "Latest": the version the format's client resolves from this repository now
 * (statuses, dist-tags and origin controls applied in the main process), with a warning for each
 * dist-tag that names a version clients cannot see.
 */
import type { ClientLatest } from '../../../shared/app-operations';

const clientName: Record<string, string> = { npm: 'npm', pypi: 'pip', maven: 'Maven' };

export function LatestLine({
  format,
  resolved,
  fallback,
}: {
  format: string;
  resolved?: ClientLatest;
  /** The API's defaultDisplayVersion, shown only when the resolution could not be read. */
  fallback?: string;
}): React.JSX.Element | null {
  const client = clientName[format] ?? `${format} clients`;
  if (!resolved) {
    return fallback ? (
      <p className="muted">
        Latest <strong data-testid="package-latest">{fallback}</strong>
      </p>
    ) : null;
  }
  return (
    <>
      {resolved.latest ? (
        <p className="muted">
          Latest <strong data-testid="package-latest">{resolved.latest}</strong>{' '}
          <span className="small">(what {client} installs now)</span>
        </p>
      ) : (
        <p className="muted" data-testid="package-latest-none">
          No version is visible to {client}: none is Published here or in the upstreams.
        </p>
      )}
      {resolved.hiddenTags.map((hidden) => (
        <p key={hidden.tag} className="warning-line" role="note" data-testid="hidden-tag-warning">
          The <code>{hidden.tag}</code> tag points at {hidden.version}, which is {hidden.status}: {client}{' '}
          cannot see it.
        </p>
      ))}
    </>
  );
}
