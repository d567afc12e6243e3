/**
 * The versions of a package as a client of a repository sees them through its upstreams: the union
 * over the search order, each version taken from the first repository that has it (the requesting
 * repository with any status, upstreams only with Published or Unlisted ones), sorted in the
 * format's version order, with the npm dist-tags of all those repositories merged (for the same tag
 * the most recently set wins). This is what packuments, simple pages and metadata files are built from.
 */
import type { PackageFormat, PackageVersionOrigin } from '@aws-sdk/client-codeartifact';
import type { EngineContext } from '../context';
import { namespaceOf } from '../packages/package-coordinates';
import {
  findPackage,
  listDistTagRows,
  type StoredVersionStatus,
  type VersionRow,
} from '../packages/package-records';
import { packageOf, repositoryNames, requireTarget, type PackageRequest } from '../packages/package-target';
import { versionOrigin } from '../package-versions/version-description';
import { compareSortKeys } from '../package-versions/version-order';
import { servableStatuses } from './resolve-package-version';
import { searchOrder } from './search-order';

export interface VersionThroughUpstreams {
  readonly version: string;
  readonly status: StoredVersionStatus;
  readonly revision: string;
  readonly publishedTime: Date;
  readonly origin: PackageVersionOrigin;
  /** The repository whose record is listed. */
  readonly repository: string;
}

export interface PackageThroughUpstreams {
  readonly format: PackageFormat;
  readonly namespace?: string;
  readonly package: string;
  /** Oldest first, in the format's version order. */
  readonly versions: VersionThroughUpstreams[];
  readonly distTags: Record<string, string>;
}

/** Undefined when no repository in the search order has the package. */
export function listPackageVersionsThroughUpstreams(
  ctx: EngineContext,
  request: PackageRequest,
): PackageThroughUpstreams | undefined {
  const names = repositoryNames(ctx, request);
  const coordinates = packageOf(request);
  return ctx.store.read((db) => {
    const { repository } = requireTarget(db, names);
    const versions = new Map<string, VersionRow & { repository: string }>();
    const tags = new Map<string, { version: string; updated: number }>();
    let seenPackage = false;
    for (const step of searchOrder(db, repository, coordinates)) {
      const pkg = findPackage(db, step.repository.id, coordinates);
      if (!pkg) continue;
      seenPackage = true;
      const local = step.via.length === 0;
      for (const row of db.all<VersionRow>('SELECT * FROM package_versions WHERE package_id = ?', [pkg.id])) {
        if (versions.has(row.version) || (!local && !servableStatuses.has(row.status))) continue;
        versions.set(row.version, { ...row, repository: step.repository.name });
      }
      for (const tag of listDistTagRows(db, pkg.id)) {
        const current = tags.get(tag.tag);
        if (!current || tag.updated_time > current.updated) {
          tags.set(tag.tag, { version: tag.version, updated: tag.updated_time });
        }
      }
    }
    if (!seenPackage) return undefined;
    const sorted = [...versions.values()].sort(
      (a, b) => compareSortKeys(a.sort_key, b.sort_key) || compareSortKeys(a.version, b.version),
    );
    const distTags: Record<string, string> = {};
    for (const [tag, { version }] of [...tags.entries()].sort(([a], [b]) => compareSortKeys(a, b))) {
      if (versions.has(version)) distTags[tag] = version;
    }
    return {
      format: coordinates.format,
      namespace: namespaceOf(coordinates),
      package: coordinates.name,
      versions: sorted.map((row) => ({
        version: row.version,
        status: row.status,
        revision: row.revision,
        publishedTime: new Date(row.published_time),
        origin: versionOrigin(row),
        repository: row.repository,
      })),
      distTags,
    };
  });
}
