/**
 * Finding a package version for a client of a repository, through its upstreams (in the order of
 * search-order.ts; the first repository that has it wins). In the requesting repository any record
 * counts, whatever its status, since its status decides what the client sees; in an upstream only a
 * version clients can download (Published or Unlisted) counts.
 *
 * A version found upstream is retained: the requesting repository and every repository on the way
 * get a record of it (same revision, metadata and origin, asset rows pointing at the same blobs), so
 * it stays available even if the upstream later loses it. A package new to a repository this way
 * gets the ingested defaults (publish BLOCK, upstream ALLOW).
 */
import type { AssetSummary, PackageFormat, PackageVersionOrigin } from '@aws-sdk/client-codeartifact';
import { assetSummary } from '../assets/asset-summary';
import type { EngineContext } from '../context';
import type { RepositoryRow } from '../lookups';
import {
  defaultDisplayName,
  namespaceOf,
  requireVersionString,
  type PackageCoordinates,
} from '../packages/package-coordinates';
import {
  coordinatesOf,
  ensurePackage,
  findPackage,
  findVersion,
  ingestedOriginDefaults,
  listAssets,
  parseLicenses,
  type LicenseEntry,
  type PackageRow,
  type StoredVersionStatus,
  type VersionRow,
} from '../packages/package-records';
import { packageOf, repositoryNames, requireTarget, type PackageRequest } from '../packages/package-target';
import { copyVersionRecord } from '../package-versions/version-copy';
import { versionOrigin } from '../package-versions/version-description';
import { readDescription } from '../packages/version-descriptions';
import type { Db } from '../../store/types';
import { searchOrder } from './search-order';

export const servableStatuses: ReadonlySet<StoredVersionStatus> = new Set(['Published', 'Unlisted']);

export interface ResolveRequest extends PackageRequest {
  readonly version: string;
}

export interface ResolvedAsset extends AssetSummary {
  readonly name: string;
  readonly size: number;
  readonly sha256: string;
  /** When the file was stored in the record that answered (epoch milliseconds). */
  readonly storedTime: number;
}

export interface ResolvedPackageVersion {
  readonly format: PackageFormat;
  readonly namespace?: string;
  readonly package: string;
  readonly displayName: string;
  readonly version: string;
  readonly status: StoredVersionStatus;
  readonly revision: string;
  readonly publishedTime: Date;
  readonly origin: PackageVersionOrigin;
  readonly summary?: string;
  readonly homePage?: string;
  readonly sourceCodeRepository?: string;
  readonly licenses?: LicenseEntry[];
  readonly assets: ResolvedAsset[];
  /** The repository whose record answered the request. */
  readonly foundIn: string;
  /** Repositories that got a new record of the version by this call (requesting one first). */
  readonly retainedIn: string[];
}

interface Hit {
  readonly repository: RepositoryRow;
  readonly via: readonly RepositoryRow[];
  readonly pkg: PackageRow;
  readonly version: VersionRow;
}

function findHit(
  db: Db,
  start: RepositoryRow,
  coordinates: PackageCoordinates,
  version: string,
): Hit | undefined {
  for (const step of searchOrder(db, start, coordinates)) {
    const pkg = findPackage(db, step.repository.id, coordinates);
    const row = pkg && findVersion(db, pkg.id, version);
    if (!pkg || !row) continue;
    if (step.via.length === 0 || servableStatuses.has(row.status)) return { ...step, pkg, version: row };
  }
  return undefined;
}

function view(
  db: Db,
  pkg: PackageRow,
  row: VersionRow,
  foundIn: string,
  retainedIn: string[],
): ResolvedPackageVersion {
  const description = readDescription(db, row.description_id);
  return {
    format: pkg.format,
    namespace: namespaceOf(pkg),
    package: pkg.name,
    displayName: description.display_name ?? defaultDisplayName(coordinatesOf(pkg)),
    version: row.version,
    status: row.status,
    revision: row.revision,
    publishedTime: new Date(row.published_time),
    origin: versionOrigin(row),
    summary: description.summary ?? undefined,
    homePage: description.home_page ?? undefined,
    sourceCodeRepository: description.source_code_repository ?? undefined,
    licenses: parseLicenses(description.licenses),
    assets: listAssets(db, row.id).map((asset) => ({
      ...assetSummary(asset.name, asset),
      name: asset.name,
      size: asset.size,
      sha256: asset.sha256,
      storedTime: asset.created_time,
    })),
    foundIn,
    retainedIn,
  };
}

export interface ResolveOptions {
  /** Record the version in the requesting and intermediate repositories (default true). */
  readonly retain?: boolean;
}

/**
 * The version as the requesting repository serves it, or undefined when neither it nor any upstream
 * it may use has the version. Unknown domain or repository: ResourceNotFoundException.
 */
export function resolvePackageVersion(
  ctx: EngineContext,
  request: ResolveRequest,
  options: ResolveOptions = {},
): ResolvedPackageVersion | undefined {
  const names = repositoryNames(ctx, request);
  const coordinates = packageOf(request);
  const version = requireVersionString(coordinates.format, request.version);
  const found = ctx.store.read((db) => {
    const { repository } = requireTarget(db, names);
    const hit = findHit(db, repository, coordinates, version);
    if (!hit) return { hit: undefined, result: undefined };
    if (hit.via.length === 0 || options.retain === false) {
      return { hit, result: view(db, hit.pkg, hit.version, hit.repository.name, []) };
    }
    return { hit, result: undefined };
  });
  if (!found.hit) return undefined;
  if (found.result) return found.result;

  const now = ctx.now().getTime();
  return ctx.store.write((db) => {
    // Decided again inside the transaction: the graph or the records may have changed since the read.
    const { domain, repository } = requireTarget(db, names);
    const hit = findHit(db, repository, coordinates, version);
    if (!hit) return undefined;
    const retainedIn: string[] = [];
    for (const holder of hit.via) {
      const pkg = ensurePackage(db, holder.id, coordinates, ingestedOriginDefaults, now);
      // A repository that already has some record of the version keeps it as it is.
      if (findVersion(db, pkg.id, version)) continue;
      copyVersionRecord(db, hit.version, pkg, domain.id, now);
      retainedIn.push(holder.name);
    }
    const local = findPackage(db, repository.id, coordinates);
    const localVersion = local && findVersion(db, local.id, version);
    if (!local || !localVersion) return view(db, hit.pkg, hit.version, hit.repository.name, retainedIn);
    return view(db, local, localVersion, hit.repository.name, retainedIn);
  });
}
