/** A package's origin controls in brief: may it be published here, may it come from upstreams. */
import type { PackageOriginConfiguration } from '@aws-sdk/client-codeartifact';

export function OriginBadges({
  origin,
}: {
  origin: PackageOriginConfiguration | undefined;
}): React.JSX.Element {
  const publish = origin?.restrictions?.publish;
  const upstream = origin?.restrictions?.upstream;
  return (
    <span className="origin-badges" data-testid="origin-badges">
      <span
        className={`badge ${publish === 'BLOCK' ? 'badge-blocked' : 'badge-allowed'}`}
        title={`Publishing directly to this repository: ${publish ?? 'unknown'}`}
      >
        publish {publish === 'BLOCK' ? 'blocked' : publish === 'ALLOW' ? 'allowed' : '?'}
      </span>
      <span
        className={`badge ${upstream === 'BLOCK' ? 'badge-blocked' : 'badge-allowed'}`}
        title={`Versions from upstream repositories and external connections: ${upstream ?? 'unknown'}`}
      >
        upstream {upstream === 'BLOCK' ? 'blocked' : upstream === 'ALLOW' ? 'allowed' : '?'}
      </span>
    </span>
  );
}
