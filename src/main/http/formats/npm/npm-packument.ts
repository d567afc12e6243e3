/**
 * Builds packuments (the JSON document npm reads for a package) from what the repository serves
 * through its upstreams: only Published versions are listed (Unlisted ones stay downloadable by
 * their exact tarball URL, Archived, Disposed and Unfinished ones are invisible), tarball URLs point
 * at this endpoint, and `dist` carries the integrity (sha512, base64) and shasum (sha1, hex) npm checks.
 * A deprecated version carries its message as `deprecated` in both forms.
 * The full form (`application/json`) adds descriptions, readme and times; the abbreviated form
 * (`application/vnd.npm.install-v1+json`) carries only what the installer reads.
 */
import type { EngineContext } from '../../../engine/context';
import { findRepository, type DomainRow, type RepositoryRow } from '../../../engine/lookups';
import {
  findPackage,
  findVersion,
  listAssets,
  listDependencies,
  type AssetRow,
  type DependencyRow,
  type VersionRow,
} from '../../../engine/packages/package-records';
import { packageCoordinates } from '../../../engine/packages/package-coordinates';
import { listPackageVersionsThroughUpstreams } from '../../../engine/upstreams/versions-through-upstreams';
import { loadManifests } from './manifest-cache';
import { packumentFields, type Manifest } from './npm-manifest';
import { escapedName, npmPackageRequest, tarballFileName, type NpmName } from './npm-names';

export interface StoredNpmVersion {
  readonly row: VersionRow;
  readonly asset?: AssetRow;
  readonly dependencies: DependencyRow[];
  /** The repository holding the listed record. */
  readonly repository: string;
}

export interface StoredPackument {
  /** Every version the repository knows through its upstreams, in any status (oldest first). */
  readonly all: StoredNpmVersion[];
  readonly distTags: Record<string, string>;
  /** package.json of the listed versions' tarballs, by sha256. */
  readonly manifests: Map<string, Manifest | null>;
}

export interface PackumentTarget {
  readonly ctx: EngineContext;
  readonly domain: DomainRow;
  readonly repository: RepositoryRow;
  readonly endpoint: string;
}

const listed = new Set(['Published']);

/** Undefined when no repository of the search order knows the package. */
export async function loadStoredPackument(
  target: PackumentTarget,
  name: NpmName,
): Promise<StoredPackument | undefined> {
  const { ctx, domain, repository } = target;
  const through = listPackageVersionsThroughUpstreams(ctx, {
    domain: domain.name,
    domainOwner: domain.owner,
    repository: repository.name,
    ...npmPackageRequest(name),
  });
  if (!through) return undefined;
  const coordinates = packageCoordinates('npm', name.scope, name.name);
  const all = ctx.store.read((db) => {
    const out: StoredNpmVersion[] = [];
    const repositories = new Map<string, RepositoryRow | undefined>();
    for (const entry of through.versions) {
      if (!repositories.has(entry.repository))
        repositories.set(entry.repository, findRepository(db, domain, entry.repository));
      const holder = repositories.get(entry.repository);
      const pkg = holder && findPackage(db, holder.id, coordinates);
      const row = pkg && findVersion(db, pkg.id, entry.version);
      if (!row) continue;
      out.push({
        row,
        asset: listAssets(db, row.id)[0],
        dependencies: listDependencies(db, row.id),
        repository: entry.repository,
      });
    }
    return out;
  });
  const digests = all.filter((v) => listed.has(v.row.status) && v.asset).map((v) => v.asset?.sha256 ?? '');
  const manifests = await loadManifests(ctx, domain.name, digests);
  return { all, distTags: through.distTags, manifests };
}

export function tarballUrl(endpoint: string, name: NpmName, version: string): string {
  const path = name.scope === undefined ? encodeURIComponent(name.name) : `@${name.scope}/${name.name}`;
  return `${endpoint}${path}/-/${encodeURIComponent(tarballFileName(name, version))}`;
}

function dependencyMap(rows: readonly DependencyRow[], type: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const row of rows) {
    if ((row.dependency_type ?? 'regular') !== type) continue;
    const full = row.namespace ? `@${row.namespace}/${row.package}` : row.package;
    out[full] = row.version_requirement ?? '*';
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The manifest a version is described by: its tarball's package.json, else what the engine recorded. */
export function versionDocument(
  endpoint: string,
  name: NpmName,
  stored: StoredNpmVersion,
  manifest: Manifest | null | undefined,
  full: boolean,
): Manifest {
  const { row, asset } = stored;
  const base: Manifest = manifest
    ? packumentFields(manifest, full)
    : {
        dependencies: dependencyMap(stored.dependencies, 'regular'),
        optionalDependencies: dependencyMap(stored.dependencies, 'optional'),
        peerDependencies: dependencyMap(stored.dependencies, 'peer'),
        ...(full
          ? {
              devDependencies: dependencyMap(stored.dependencies, 'dev'),
              description: row.summary ?? undefined,
              homepage: row.home_page ?? undefined,
              repository: row.source_code_repository ?? undefined,
            }
          : {}),
      };
  // The version's record decides deprecation, not its package.json: `npm deprecate` changes the
  // record after the tarball was published, and an empty message must clear it.
  const { deprecated: _fromManifest, ...described } = base;
  const doc: Manifest = { ...described, name: name.full, version: row.version };
  if (row.deprecated !== null) doc.deprecated = row.deprecated;
  if (full) doc._id = `${name.full}@${row.version}`;
  if (asset) {
    doc.dist = {
      tarball: tarballUrl(endpoint, name, row.version),
      integrity: `sha512-${Buffer.from(asset.sha512, 'hex').toString('base64')}`,
      shasum: asset.sha1,
    };
  }
  return JSON.parse(JSON.stringify(doc)) as Manifest;
}

export interface ExtraVersion {
  readonly version: string;
  readonly document: Manifest;
  readonly time?: string;
}

/** The packument JSON: stored listed versions plus `extra` ones (an external upstream's, not stored yet). */
export function composePackument(
  endpoint: string,
  name: NpmName,
  stored: StoredPackument | undefined,
  extra: readonly ExtraVersion[],
  distTags: Record<string, string>,
  full: boolean,
): Manifest {
  const versions: Record<string, Manifest> = {};
  const time: Record<string, string> = {};
  let created: number | undefined;
  let modified = 0;
  let latestReadme: string | undefined;
  for (const entry of stored?.all ?? []) {
    if (!listed.has(entry.row.status) || !entry.asset) continue;
    versions[entry.row.version] = versionDocument(
      endpoint,
      name,
      entry,
      stored?.manifests.get(entry.asset.sha256),
      full,
    );
    time[entry.row.version] = new Date(entry.row.published_time).toISOString();
    created = Math.min(created ?? entry.row.published_time, entry.row.published_time);
    modified = Math.max(modified, entry.row.updated_time);
    if (distTags.latest === entry.row.version) latestReadme = entry.row.readme ?? undefined;
  }
  for (const item of extra) {
    if (versions[item.version]) continue;
    versions[item.version] = item.document;
    if (item.time) {
      time[item.version] = item.time;
      const at = Date.parse(item.time);
      if (Number.isFinite(at)) {
        created = Math.min(created ?? at, at);
        modified = Math.max(modified, at);
      }
    }
  }
  const tags: Record<string, string> = {};
  for (const [tag, version] of Object.entries(distTags)) if (versions[version]) tags[tag] = version;
  const modifiedIso = new Date(modified || Date.now()).toISOString();
  if (!full) return { name: name.full, 'dist-tags': tags, versions, modified: modifiedIso };
  const latest = tags.latest ? versions[tags.latest] : undefined;
  return {
    _id: name.full,
    name: name.full,
    'dist-tags': tags,
    versions,
    time: { created: new Date(created ?? Date.now()).toISOString(), modified: modifiedIso, ...time },
    ...(latest?.description !== undefined ? { description: latest.description } : {}),
    ...(latest?.license !== undefined ? { license: latest.license } : {}),
    ...(latest?.homepage !== undefined ? { homepage: latest.homepage } : {}),
    ...(latest?.repository !== undefined ? { repository: latest.repository } : {}),
    readme: latestReadme ?? '',
  };
}

export { escapedName };
