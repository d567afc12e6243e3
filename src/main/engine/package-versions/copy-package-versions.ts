/**
 * CopyPackageVersions: copies versions of one package from a source repository to a destination
 * repository of the same domain. Assets are shared (the destination's asset rows point at the same
 * blobs); npm dist-tags of the source that point at a copied version come along unless the
 * destination set that tag more recently.
 *
 * Per version (the call itself fails only for bad input or missing domain/repositories):
 * - NOT_FOUND: the source does not have the version (nor, with includeFromUpstream, any upstream of
 *   the source the search may use);
 * - MISMATCHED_REVISION: `versionRevisions` names another revision than the source's;
 * - MISMATCHED_STATUS: the source version is Unfinished or Disposed (it has nothing complete to copy);
 * - NOT_ALLOWED: the destination package's origin configuration blocks publishing (publish: BLOCK);
 * - ALREADY_EXISTS: the destination already holds the version and allowOverwrite is not set, whether
 *   its record is identical or not (the API reference: "If set to false and the package version
 *   already exists in the destination repository, … ALREADY_EXISTS");
 * - SKIPPED: allowOverwrite is set but the destination already holds this exact version (same
 *   revision and assets), so there is nothing to overwrite and its revision stays as it is.
 * With allowOverwrite a different destination record is replaced.
 */
import type {
  CopyPackageVersionsRequest,
  CopyPackageVersionsResult,
  PackageVersionErrorCode,
} from '@aws-sdk/client-codeartifact';
import { releaseUnreferencedBlobs, removeBlobFiles } from '../assets/asset-blobs';
import type { EngineContext } from '../context';
import { ValidationException } from '../errors';
import { requireMember } from '../input';
import {
  domainOwnerOf,
  requireDomain,
  requireRepository,
  type DomainRow,
  type RepositoryRow,
} from '../lookups';
import { describeCoordinates, type PackageCoordinates } from '../packages/package-coordinates';
import {
  ensurePackage,
  findPackage,
  findVersion,
  listDistTagRows,
  packageNotFound,
  publishedOriginDefaults,
  putDistTag,
  type PackageRow,
  type VersionRow,
} from '../packages/package-records';
import { packageOf } from '../packages/package-target';
import { groupOriginRefusal } from '../package-groups/origin-restrictions';
import { servableStatuses } from '../upstreams/resolve-package-version';
import { searchOrder } from '../upstreams/search-order';
import type { Db } from '../../store/types';
import { BatchResult, batchVersions, normaliseRevisions } from './version-batch';
import { copyVersionRecord, sameAssets } from './version-copy';

const copyableStatuses: ReadonlySet<string> = new Set(['Published', 'Unlisted', 'Archived']);

interface SourceVersion {
  readonly pkg: PackageRow;
  readonly row: VersionRow;
}

function findSource(
  db: Db,
  source: RepositoryRow,
  coordinates: PackageCoordinates,
  version: string,
  includeFromUpstream: boolean,
): SourceVersion | undefined {
  if (!includeFromUpstream) {
    const pkg = findPackage(db, source.id, coordinates);
    const row = pkg && findVersion(db, pkg.id, version);
    return pkg && row ? { pkg, row } : undefined;
  }
  for (const step of searchOrder(db, source, coordinates)) {
    const pkg = findPackage(db, step.repository.id, coordinates);
    const row = pkg && findVersion(db, pkg.id, version);
    if (!pkg || !row) continue;
    if (step.via.length === 0 || servableStatuses.has(row.status)) return { pkg, row };
  }
  return undefined;
}

export interface CopyCheck {
  readonly domain: Pick<DomainRow, 'id'>;
  readonly source: RepositoryRow;
  readonly destination: RepositoryRow;
  readonly coordinates: PackageCoordinates;
  readonly version: string;
  readonly includeFromUpstream: boolean;
  readonly allowOverwrite: boolean;
  readonly expectedRevision?: string;
  /** The destination's package, when it has one. */
  readonly target: PackageRow | undefined;
}

export type CopyDecision =
  | { readonly found: SourceVersion; readonly existing: VersionRow | undefined }
  | { readonly code: PackageVersionErrorCode; readonly message: string };

/**
 * What CopyPackageVersions does with one version, decided without writing: the failure it reports,
 * or the source record to copy (and the destination record it replaces). Promotion previews use it.
 */
export function decideCopy(db: Db, check: CopyCheck): CopyDecision {
  const { source, destination, coordinates, version, target } = check;
  const label = describeCoordinates(coordinates);
  const found = findSource(db, source, coordinates, version, check.includeFromUpstream);
  if (!found)
    return {
      code: 'NOT_FOUND',
      message: `Version ${version} of ${label} does not exist in repository '${source.name}'.`,
    };
  if (check.expectedRevision !== undefined && check.expectedRevision !== found.row.revision) {
    return {
      code: 'MISMATCHED_REVISION',
      message: `Version ${version} is at revision ${found.row.revision}, not the expected ${check.expectedRevision}.`,
    };
  }
  if (!copyableStatuses.has(found.row.status)) {
    return {
      code: 'MISMATCHED_STATUS',
      message: `Version ${version} is ${found.row.status}; only Published, Unlisted and Archived versions can be copied.`,
    };
  }
  if (target?.publish === 'BLOCK') {
    return {
      code: 'NOT_ALLOWED',
      message: `Package ${label} in repository '${destination.name}' blocks new versions (publish: BLOCK).`,
    };
  }
  const groupRefusal = groupOriginRefusal(db, check.domain, destination, coordinates, 'PUBLISH');
  if (groupRefusal !== undefined) return { code: 'NOT_ALLOWED', message: groupRefusal };
  const existing = target && findVersion(db, target.id, version);
  if (existing && !check.allowOverwrite) {
    return {
      code: 'ALREADY_EXISTS',
      message: `Version ${version} of ${label} already exists in repository '${destination.name}'; set allowOverwrite to replace it.`,
    };
  }
  if (existing && existing.revision === found.row.revision && sameAssets(db, existing, found.row)) {
    return {
      code: 'SKIPPED',
      message: `Repository '${destination.name}' already holds this revision of ${version}; there is nothing to overwrite.`,
    };
  }
  return { found, existing };
}

export async function copyPackageVersions(
  ctx: EngineContext,
  input: CopyPackageVersionsRequest,
): Promise<CopyPackageVersionsResult> {
  const domainName = requireMember(input.domain, 'domain');
  const owner = domainOwnerOf(ctx, input.domainOwner);
  const sourceName = requireMember(input.sourceRepository, 'sourceRepository');
  const destinationName = requireMember(input.destinationRepository, 'destinationRepository');
  const coordinates = packageOf(input);
  const hasVersions = input.versions !== undefined;
  const hasRevisions = input.versionRevisions !== undefined;
  if (hasVersions === hasRevisions) {
    throw new ValidationException('Give either versions or versionRevisions, not both and not neither.');
  }
  const revisions = normaliseRevisions(coordinates.format, input.versionRevisions);
  const versions = batchVersions(
    coordinates.format,
    hasVersions ? input.versions : Object.keys(revisions ?? {}),
  );
  if (sourceName === destinationName) {
    throw new ValidationException('The source and destination repositories must be different repositories.');
  }
  const includeFromUpstream = input.includeFromUpstream === true;
  const allowOverwrite = input.allowOverwrite === true;
  const now = ctx.now().getTime();

  const { output, released } = ctx.store.write((db) => {
    const domain = requireDomain(db, domainName, owner);
    const source = requireRepository(db, domain, sourceName);
    const destination = requireRepository(db, domain, destinationName);
    if (!includeFromUpstream && !findPackage(db, source.id, coordinates))
      throw packageNotFound(source, coordinates);
    const result = new BatchResult();
    const dropped: string[] = [];
    let target = findPackage(db, destination.id, coordinates);
    for (const version of versions) {
      const decision = decideCopy(db, {
        domain,
        source,
        destination,
        coordinates,
        version,
        includeFromUpstream,
        allowOverwrite,
        expectedRevision: revisions?.[version],
        target,
      });
      if ('code' in decision) {
        result.fail(version, decision.code, decision.message);
        continue;
      }
      const { found, existing } = decision;
      target ??= ensurePackage(db, destination.id, coordinates, publishedOriginDefaults, now);
      const copied = copyVersionRecord(db, found.row, target, domain.id, now, existing);
      dropped.push(...copied.dropped);
      carryDistTags(db, found.pkg, target, version);
      result.succeed(version, copied.row.revision, copied.row.status);
    }
    return { output: result.output(), released: releaseUnreferencedBlobs(db, domain.id, dropped) };
  });
  await removeBlobFiles(ctx, domainName, released);
  return output;
}

/** Dist-tags of the source that name `version`, unless the destination set the tag more recently. */
function carryDistTags(db: Db, from: PackageRow, to: PackageRow, version: string): void {
  const destination = new Map(listDistTagRows(db, to.id).map((row) => [row.tag, row]));
  for (const tag of listDistTagRows(db, from.id)) {
    if (tag.version !== version) continue;
    const current = destination.get(tag.tag);
    if (current && current.updated_time >= tag.updated_time) continue;
    putDistTag(db, to.id, tag.tag, version, tag.updated_time);
  }
}
