/**
 * Repository diff and promotion. The diff compares two repositories of a domain version by version
 * (only in the source, only in the destination, in both with different assets), optionally only for
 * the packages a package group pattern matches. Promotion copies a chosen set of versions (or every
 * version only in the source) with CopyPackageVersions, one call per package in batches of 100, so
 * every rule of that operation applies; a dry run decides each version exactly as the copy would
 * (decideCopy) without writing.
 */
import type { PackageFormat } from '@aws-sdk/client-codeartifact';
import type {
  DiffVersion,
  PromotionOutcome,
  PromotionRequest,
  PromotionResult,
  RepositoryDiff,
  RepositoryDiffRequest,
} from '../../../shared/app-operations';
import type { EngineContext } from '../context';
import { ValidationException } from '../errors';
import { domainOwnerOf, requireDomain, requireRepository } from '../lookups';
import { parseGroupPattern, patternMatches } from '../package-groups/group-pattern';
import { packageCoordinates, type PackageCoordinates } from '../packages/package-coordinates';
import { findPackage, type VersionRow } from '../packages/package-records';
import type { Db } from '../../store/types';
import { copyPackageVersions, decideCopy } from './copy-package-versions';
import { sameAssets } from './version-copy';

interface Row extends VersionRow {
  readonly format: PackageFormat;
  readonly namespace: string;
  readonly name: string;
}

function versionsOf(db: Db, repositoryId: number): Row[] {
  return db.all<Row>(
    `SELECT v.*, p.format AS format, p.namespace AS namespace, p.name AS name
     FROM package_versions v JOIN packages p ON p.id = v.package_id
     WHERE p.repository_id = ? ORDER BY p.format, p.namespace, p.name, v.sort_key`,
    [repositoryId],
  );
}

function keyOf(row: {
  format: string;
  namespace?: string;
  name?: string;
  package?: string;
  version: string;
}): string {
  return `${row.format}\n${row.namespace ?? ''}\n${row.name ?? row.package ?? ''}\n${row.version}`;
}

function entry(row: Row): DiffVersion {
  return {
    format: row.format,
    ...(row.namespace ? { namespace: row.namespace } : {}),
    package: row.name,
    version: row.version,
    status: row.status,
  };
}

function coordinatesOfRow(row: Row): PackageCoordinates {
  return { format: row.format, namespace: row.namespace, name: row.name };
}

export function diffRepositories(ctx: EngineContext, request: RepositoryDiffRequest): RepositoryDiff {
  const owner = domainOwnerOf(ctx, request.domainOwner);
  const pattern = request.packageGroup !== undefined ? parseGroupPattern(request.packageGroup) : undefined;
  if (request.sourceRepository === request.destinationRepository)
    throw new ValidationException('The source and destination repositories must be different repositories.');
  return ctx.store.read((db) => {
    const domain = requireDomain(db, request.domain, owner);
    const source = requireRepository(db, domain, request.sourceRepository);
    const destination = requireRepository(db, domain, request.destinationRepository);
    const inScope = (row: Row): boolean =>
      pattern === undefined || patternMatches(pattern, coordinatesOfRow(row));
    const from = versionsOf(db, source.id).filter(inScope);
    const to = new Map(
      versionsOf(db, destination.id)
        .filter(inScope)
        .map((row) => [keyOf(row), row]),
    );
    const onlyInSource: DiffVersion[] = [];
    const differing: DiffVersion[] = [];
    const seen = new Set<string>();
    for (const row of from) {
      const key = keyOf(row);
      seen.add(key);
      const other = to.get(key);
      if (!other) onlyInSource.push(entry(row));
      else if (!sameAssets(db, row, other)) differing.push(entry(row));
    }
    const onlyInDestination = [...to.entries()]
      .filter(([key]) => !seen.has(key))
      .map(([, row]) => entry(row));
    return { onlyInSource, onlyInDestination, differing };
  });
}

const batchSize = 100;

/** The versions to promote, grouped by package (the unit CopyPackageVersions works on). */
function byPackage(
  versions: readonly Omit<DiffVersion, 'status'>[],
): Map<string, Omit<DiffVersion, 'status'>[]> {
  const groups = new Map<string, Omit<DiffVersion, 'status'>[]>();
  for (const version of versions) {
    const key = `${version.format}\n${version.namespace ?? ''}\n${version.package}`;
    groups.set(key, [...(groups.get(key) ?? []), version]);
  }
  return groups;
}

export async function promoteVersions(
  ctx: EngineContext,
  request: PromotionRequest,
): Promise<PromotionResult> {
  const chosen = request.versions ?? diffRepositories(ctx, request).onlyInSource;
  const dryRun = request.dryRun === true;
  const allowOverwrite = request.allowOverwrite === true;
  const outcomes: PromotionOutcome[] = [];
  for (const versions of byPackage(chosen).values()) {
    const first = versions[0];
    if (!first) continue;
    const target = {
      format: first.format,
      ...(first.namespace ? { namespace: first.namespace } : {}),
      package: first.package,
    };
    for (let start = 0; start < versions.length; start += batchSize) {
      const batch = versions.slice(start, start + batchSize).map((version) => version.version);
      if (dryRun) {
        outcomes.push(...preview(ctx, request, target, batch, allowOverwrite));
        continue;
      }
      const result = await copyPackageVersions(ctx, {
        domain: request.domain,
        ...(request.domainOwner !== undefined ? { domainOwner: request.domainOwner } : {}),
        sourceRepository: request.sourceRepository,
        destinationRepository: request.destinationRepository,
        format: target.format as PackageFormat,
        ...(target.namespace ? { namespace: target.namespace } : {}),
        package: target.package,
        versions: batch,
        allowOverwrite,
      });
      for (const version of batch) {
        const failed = result.failedVersions?.[version];
        outcomes.push({
          ...target,
          version,
          outcome: failed ? (failed.errorCode ?? 'FAILED') : 'COPIED',
          ...(failed?.errorMessage ? { message: failed.errorMessage } : {}),
        });
      }
    }
  }
  return { dryRun, outcomes };
}

function preview(
  ctx: EngineContext,
  request: PromotionRequest,
  target: { format: string; namespace?: string; package: string },
  versions: readonly string[],
  allowOverwrite: boolean,
): PromotionOutcome[] {
  const owner = domainOwnerOf(ctx, request.domainOwner);
  const coordinates = packageCoordinates(target.format, target.namespace, target.package);
  return ctx.store.read((db) => {
    const domain = requireDomain(db, request.domain, owner);
    const source = requireRepository(db, domain, request.sourceRepository);
    const destination = requireRepository(db, domain, request.destinationRepository);
    const existing = findPackage(db, destination.id, coordinates);
    return versions.map((version) => {
      const decision = decideCopy(db, {
        domain,
        source,
        destination,
        coordinates,
        version,
        includeFromUpstream: false,
        allowOverwrite,
        target: existing,
      });
      return 'code' in decision
        ? { ...target, version, outcome: decision.code, message: decision.message }
        : { ...target, version, outcome: 'WOULD_COPY' };
    });
  });
}
