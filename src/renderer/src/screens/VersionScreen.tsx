/**
 * One package version: its metadata and origin, its readme rendered from Markdown and sanitised, its
 * assets with sizes and hashes (each downloadable), its dependencies, and the version actions.
 */
import type { AssetSummary } from '@aws-sdk/client-codeartifact';
import { useEffect, useState } from 'react';
import type { DamagedAssetEntry } from '../../../shared/app-operations';
import { EmptyState } from '../components/EmptyState';
import { ErrorMessage } from '../components/ErrorMessage';
import { Loading } from '../components/Loading';
import { PackageLink, siblingPackage } from '../components/PackageLink';
import { Readme } from '../components/Readme';
import { StatusChip } from '../components/StatusChip';
import type { PackageFacts } from '../../../shared/app-operations';
import { formatBytes, formatDate } from '../lib/format';
import { toUiError, type UiError } from '../store/load-state';
import { displayPackageName, versionKey, type VersionRef } from '../store/refs';
import { useApp } from '../store/store-context';
import { PackageBreadcrumbs } from './PackageScreen';
import { actionLabels, VersionActionDialog } from './VersionActionDialog';
import { actionsFor, isIrreversible, type VersionAction } from '../lib/version-actions';

/** Hands a downloaded Blob to the browser as a file (the console; the desktop saves in main). */
function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken its copy once click() returns; the URL can go shortly after.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function AssetRow({
  target,
  asset,
  damage,
  onDownloadFailed,
}: {
  target: VersionRef;
  asset: AssetSummary;
  damage: DamagedAssetEntry | undefined;
  onDownloadFailed: () => void;
}): React.JSX.Element {
  const downloadAsset = useApp((state) => state.downloadAsset);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError>();
  const name = asset.name ?? '';
  const download = async (): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      // The console gets the bytes to hand to the browser; the desktop app saved the file itself.
      const blob = await downloadAsset(target, name);
      if (blob) saveBlob(blob, name.split('/').pop() || name);
    } catch (caught) {
      setError(toUiError(caught));
      onDownloadFailed();
    } finally {
      setBusy(false);
    }
  };
  const hashes = Object.entries(asset.hashes ?? {});
  return (
    <tr data-testid={`asset-row-${name}`}>
      <td className="strong">
        {name}
        {damage && (
          <span
            className="chip danger"
            data-testid="asset-damage"
            title={`${damage.detail} (found ${damage.detectedTime.toLocaleString()}); run verify to repair`}
          >
            {damage.kind === 'missing' ? 'file missing' : 'damaged'}
          </span>
        )}
      </td>
      <td className="numeric" data-testid="asset-size" title={`${asset.size ?? '?'} bytes`}>
        {formatBytes(asset.size)}
      </td>
      <td>
        <dl className="hashes">
          {hashes.map(([algorithm, value]) => (
            <div key={algorithm}>
              <dt>{algorithm}</dt>
              <dd className="mono" data-testid={`asset-hash-${algorithm}`}>
                {value}
              </dd>
            </div>
          ))}
        </dl>
      </td>
      <td className="numeric">
        <button
          type="button"
          className="button small"
          onClick={() => void download()}
          disabled={busy}
          data-testid="download-asset"
        >
          {busy ? 'Downloading…' : 'Download'}
        </button>
        <ErrorMessage error={error} />
      </td>
    </tr>
  );
}

/** A dependency's name, a link to its package where this repository or an upstream holds it. */
function DependencyName({
  target,
  name,
  holder,
}: {
  target: VersionRef;
  name: string;
  holder: PackageFacts['dependencies'][number] | undefined;
}): React.JSX.Element {
  if (!holder) return <>{name}</>;
  const here = holder.repository === target.repository;
  return (
    <>
      <PackageLink
        to={siblingPackage(target, holder.repository, holder.namespace, holder.package)}
        testId="dependency-link"
      >
        {name}
      </PackageLink>
      {!here && <span className="muted small"> in {holder.repository}</span>}
    </>
  );
}

export function VersionScreen({ target }: { target: VersionRef }): React.JSX.Element {
  const version = useApp((state) => state.version);
  const assets = useApp((state) => state.assets);
  const readme = useApp((state) => state.readme);
  const dependencies = useApp((state) => state.dependencies);
  const dependencyLinks = useApp((state) => state.dependencyLinks);
  const loadVersionDetail = useApp((state) => state.loadVersionDetail);
  const listDamagedAssets = useApp((state) => state.listDamagedAssets);
  const [damage, setDamage] = useState<{ key: string; entries: DamagedAssetEntry[] }>();
  const navigate = useApp((state) => state.navigate);
  const [action, setAction] = useState<VersionAction>();
  const [deleted, setDeleted] = useState(false);
  const key = versionKey(target);
  useEffect(() => {
    void loadVersionDetail(target);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, loadVersionDetail]);
  const refreshDamage = (): void => {
    listDamagedAssets(target).then(
      (entries) => setDamage({ key, entries }),
      // Flags are an extra: a front door without the operation shows the assets unflagged.
      () => setDamage({ key, entries: [] }),
    );
  };
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(refreshDamage, [key, listDamagedAssets]);
  const damageOf = (asset: string): DamagedAssetEntry | undefined =>
    damage?.key === key ? damage.entries.find((entry) => entry.asset === asset) : undefined;

  const description = version.key === key ? version.value : undefined;
  const name = displayPackageName(target.format, target.namespace, target.package);
  const mine = <T,>(part: { key?: string }, value: T): T | undefined =>
    part.key === key ? value : undefined;
  const assetList = mine(assets, assets);
  const readmePart = mine(readme, readme);
  const dependencyList = mine(dependencies, dependencies);
  const { version: _version, ...packageTarget } = target;

  return (
    <section className="screen" data-testid="version-screen">
      <PackageBreadcrumbs target={target} version={target.version} />
      <header className="screen-header">
        <div>
          <p className="eyebrow">
            <span className="chip">{target.format}</span> version
          </p>
          <h1 data-testid="version-title">
            {name} <span className="version-number">{target.version}</span>
          </h1>
          {description && (
            <p className="facts">
              <StatusChip status={description.status} />
              {description.summary && <span data-testid="version-summary">{description.summary}</span>}
            </p>
          )}
        </div>
        <div className="action-group" data-testid="version-actions">
          {description &&
            actionsFor(description.status).map((item) => (
              <button
                key={item}
                type="button"
                className={`button small${isIrreversible(item) ? ' danger-outline' : ''}`}
                onClick={() => setAction(item)}
                data-testid={`action-${item}`}
              >
                {actionLabels[item]}
              </button>
            ))}
        </div>
      </header>

      {version.key === key && version.status === 'error' && <ErrorMessage error={version.error} />}
      {version.key === key && version.status === 'loading' && !description && <Loading />}
      {description && (
        <section className="settings-section" data-testid="version-metadata">
          <h3>Details</h3>
          <dl className="details">
            <dt>Status</dt>
            <dd data-testid="version-status">{description.status}</dd>
            <dt>Published</dt>
            <dd>{formatDate(description.publishedTime)}</dd>
            <dt>Revision</dt>
            <dd className="mono">{description.revision}</dd>
            {description.displayName && (
              <>
                <dt>Display name</dt>
                <dd>{description.displayName}</dd>
              </>
            )}
            {description.homePage && (
              <>
                <dt>Home page</dt>
                <dd className="mono">{description.homePage}</dd>
              </>
            )}
            {description.sourceCodeRepository && (
              <>
                <dt>Source</dt>
                <dd className="mono">{description.sourceCodeRepository}</dd>
              </>
            )}
            <dt>Licenses</dt>
            <dd>
              {description.licenses?.length
                ? description.licenses.map((license) => license.name ?? license.url).join(', ')
                : '—'}
            </dd>
            <dt>Origin</dt>
            <dd data-testid="version-origin">
              {description.origin?.originType ?? '—'}
              {description.origin?.domainEntryPoint?.repositoryName &&
                ` — entered the domain through ${description.origin.domainEntryPoint.repositoryName}`}
              {description.origin?.domainEntryPoint?.externalConnectionName &&
                ` — fetched from ${description.origin.domainEntryPoint.externalConnectionName}`}
            </dd>
          </dl>
        </section>
      )}

      <section className="settings-section" data-testid="assets-section">
        <h3>Assets</h3>
        {!assetList || assetList.status === 'loading' ? (
          <Loading />
        ) : assetList.status === 'error' ? (
          <ErrorMessage error={assetList.error} />
        ) : (assetList.value ?? []).length === 0 ? (
          <EmptyState title="No assets" testId="assets-empty">
            {description?.status === 'Disposed' ? 'The assets of a disposed version are deleted.' : null}
          </EmptyState>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th>Name</th>
                <th className="numeric">Size</th>
                <th>Hashes</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {(assetList.value ?? []).map((asset) => (
                <AssetRow
                  key={asset.name}
                  target={target}
                  asset={asset}
                  damage={damageOf(asset.name ?? '')}
                  onDownloadFailed={refreshDamage}
                />
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="settings-section" data-testid="readme-section">
        <h3>Readme</h3>
        {!readmePart || readmePart.status === 'loading' ? (
          <Loading />
        ) : readmePart.status === 'error' ? (
          <ErrorMessage error={readmePart.error} />
        ) : readmePart.value ? (
          <Readme text={readmePart.value} />
        ) : (
          <EmptyState title="This version has no readme" testId="readme-empty" />
        )}
      </section>

      <section className="settings-section" data-testid="dependencies-section">
        <h3>Dependencies</h3>
        {!dependencyList || dependencyList.status === 'loading' ? (
          <Loading />
        ) : dependencyList.status === 'error' ? (
          <ErrorMessage error={dependencyList.error} />
        ) : (dependencyList.value ?? []).length === 0 ? (
          <EmptyState title="No dependencies" testId="dependencies-empty" />
        ) : (
          <table className="table" data-testid="dependencies-table">
            <thead>
              <tr>
                <th>Package</th>
                <th>Requirement</th>
                <th>Type</th>
              </tr>
            </thead>
            <tbody>
              {(dependencyList.value ?? []).map((dependency, index) => (
                <tr
                  key={`${dependency.namespace ?? ''}/${dependency.package}/${dependency.dependencyType}/${index}`}
                >
                  <td className="strong">
                    <DependencyName
                      target={target}
                      name={displayPackageName(target.format, dependency.namespace, dependency.package)}
                      holder={dependencyLinks.key === key ? dependencyLinks.value?.[index] : undefined}
                    />
                  </td>
                  <td className="mono">{dependency.versionRequirement}</td>
                  <td>{dependency.dependencyType}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      {action && (
        <VersionActionDialog
          action={action}
          target={packageTarget}
          versions={[target.version]}
          statuses={[description?.status]}
          onClose={() => {
            setAction(undefined);
            // A deleted version has no screen left; go back to its package once the results were read.
            if (deleted) navigate({ screen: 'package', ...packageTarget });
          }}
          onDone={(result) => {
            if (action === 'delete' && target.version in result.successfulVersions) setDeleted(true);
          }}
        />
      )}
    </section>
  );
}
