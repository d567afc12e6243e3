/**
 * The top of a package's page, as a public registry shows it: how to install the latest visible
 * version, its readme, and which packages of this repository use it.
 */
import { EmptyState } from '../components/EmptyState';
import { PackageLink, siblingPackage } from '../components/PackageLink';
import { Readme } from '../components/Readme';
import { SnippetList } from '../components/SnippetList';
import { installSnippets } from '../lib/install-snippet';
import { cargoRegistryName } from '../lib/connect-config';
import { displayPackageName, packageKey, type PackageRef } from '../store/refs';
import { useApp } from '../store/store-context';

export function PackageOverview({ target }: { target: PackageRef }): React.JSX.Element | null {
  const versions = useApp((state) => state.versions);
  if (versions.key !== packageKey(target)) return null;
  const latest = versions.clientLatest?.latest;
  const install = latest
    ? installSnippets(
        target.format,
        target.namespace,
        target.package,
        latest,
        cargoRegistryName(target.domain, target.repository),
      ).map((snippet) => ({
        id: `install-${snippet.id}`,
        title: snippet.title,
        where: 'shell',
        text: snippet.text,
      }))
    : [];
  const usedBy = versions.facts?.usedBy ?? [];
  return (
    <div className="package-overview">
      {install.length > 0 && (
        <section className="settings-section install-snippets" data-testid="install-section">
          <h3>Install {latest}</h3>
          <SnippetList shown={install} real={install} />
        </section>
      )}
      {latest && (
        <section className="settings-section" data-testid="package-readme">
          <h3>Readme of {latest}</h3>
          {versions.latestReadme ? (
            <Readme text={versions.latestReadme} />
          ) : (
            <EmptyState title={`${latest} has no readme`} testId="package-readme-empty" />
          )}
        </section>
      )}
      {usedBy.length > 0 && (
        <section className="settings-section" data-testid="used-by">
          <h3>
            Used by {usedBy.length} in {target.repository}
          </h3>
          <p className="chip-row">
            {usedBy.map((user) => (
              <PackageLink
                key={`${user.namespace ?? ''}/${user.package}`}
                to={siblingPackage(target, target.repository, user.namespace, user.package)}
              >
                {displayPackageName(target.format, user.namespace, user.package)}
              </PackageLink>
            ))}
          </p>
        </section>
      )}
    </div>
  );
}
