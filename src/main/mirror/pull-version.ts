/**
 * Pulls one version from the remote into the local store: each asset streamed from
 * GetPackageVersionAsset into the blob store, refused unless it hashes to the SHA-256 the remote
 * lists; then one transaction writes the version with the remote's status, revision and metadata.
 * A kill at any point leaves either no version or the whole one (blobs without a version are swept).
 *
 * The remote serves assets of Published and Unlisted versions only; an Archived, Unfinished or
 * Disposed version is copied when its files are already in the local domain, and otherwise fails with
 * a message saying why.
 */
import type { Readable } from 'node:stream';
import type { EngineContext } from '../engine/context';
import { leaseBlob, storeAssetBlob, type StoredBlob } from '../engine/assets/asset-blobs';
import { importMirroredVersion } from '../engine/package-versions/import-mirrored-version';
import type { DependencyEntry, VersionMetadata } from '../engine/packages/package-records';
import type { FormatAsset } from '../engine/package-versions/publish-format-version';
import type { MirrorRemote } from '../../shared/mirror';
import { versionInput, type Side, type VersionRef } from './inventory';
import { recordRevisions } from './mirror-records';
import { isNotFound } from './remote-api';

export interface VersionOutcome {
  readonly state: 'done' | 'skipped';
  readonly message: string;
  readonly bytes: number;
}

const downloadable = new Set(['Published', 'Unlisted']);

/** A blob the local domain already holds, leased for the version about to reference it. */
function heldBlob(ctx: EngineContext, domain: string, sha256: string): StoredBlob | undefined {
  const row = ctx.store.read((db) =>
    db.get<{ size: number; md5: string; sha1: string; sha512: string }>(
      `SELECT b.size, b.md5, b.sha1, b.sha512 FROM domains d CROSS JOIN domain_blobs b ON b.domain_id = d.id
        WHERE d.name = ? AND b.sha256 = ?`,
      [domain, sha256],
    ),
  );
  if (!row || !ctx.store.blobs.has(domain, sha256)) return undefined;
  return {
    domain,
    hashes: { sha256, size: row.size, md5: row.md5, sha1: row.sha1, sha512: row.sha512 },
    release: leaseBlob(ctx, domain, sha256),
  };
}

async function remoteMetadata(
  remote: Side,
  ref: VersionRef,
): Promise<VersionMetadata & { published?: Date }> {
  const input = versionInput(remote, ref);
  const { packageVersion: described } = await remote.call('DescribePackageVersion', input);
  let readme: string | undefined;
  try {
    readme = (await remote.call('GetPackageVersionReadme', input)).readme;
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  const dependencies: DependencyEntry[] = [];
  let nextToken: string | undefined;
  do {
    const page = await remote.call('ListPackageVersionDependencies', {
      ...input,
      ...(nextToken ? { nextToken } : {}),
    });
    for (const d of page.dependencies ?? []) {
      if (!d.package) continue;
      dependencies.push({
        ...(d.namespace ? { namespace: d.namespace } : {}),
        package: d.package,
        ...(d.dependencyType ? { dependencyType: d.dependencyType } : {}),
        ...(d.versionRequirement ? { versionRequirement: d.versionRequirement } : {}),
      });
    }
    nextToken = page.nextToken;
  } while (nextToken);
  return {
    ...(described?.displayName && described.displayName !== ref.package
      ? { displayName: described.displayName }
      : {}),
    ...(described?.summary ? { summary: described.summary } : {}),
    ...(described?.homePage ? { homePage: described.homePage } : {}),
    ...(described?.sourceCodeRepository ? { sourceCodeRepository: described.sourceCodeRepository } : {}),
    ...(described?.licenses?.length
      ? {
          licenses: described.licenses.map((l) => ({
            ...(l.name ? { name: l.name } : {}),
            ...(l.url ? { url: l.url } : {}),
          })),
        }
      : {}),
    ...(readme ? { readme } : {}),
    ...(dependencies.length > 0 ? { dependencies } : {}),
    ...(described?.publishedTime ? { published: described.publishedTime } : {}),
  };
}

export async function pullVersion(
  ctx: EngineContext,
  local: Side,
  remote: Side,
  mirrorRemote: MirrorRemote,
  ref: VersionRef,
  overwrite: boolean,
  signal: AbortSignal,
): Promise<VersionOutcome> {
  const input = versionInput(remote, ref);
  let listed;
  try {
    listed = await remote.call('ListPackageVersionAssets', { ...input, maxResults: 1000 });
  } catch (error) {
    if (isNotFound(error)) return { state: 'skipped', message: 'no longer on the remote', bytes: 0 };
    throw error;
  }
  const { packageVersion } = await remote.call('DescribePackageVersion', input);
  const status = packageVersion?.status ?? 'Published';
  const revision = packageVersion?.revision ?? listed.versionRevision ?? '';
  const { published, ...metadata } = await remoteMetadata(remote, ref);
  const assets: FormatAsset[] = [];
  let bytes = 0;
  try {
    for (const asset of listed.assets ?? []) {
      signal.throwIfAborted();
      const name = asset.name ?? '';
      const sha256 = asset.hashes?.['SHA-256'];
      if (!sha256) throw new Error(`the remote lists no SHA-256 for asset '${name}'`);
      let blob = heldBlob(ctx, local.domain, sha256);
      if (!blob) {
        if (!downloadable.has(status)) {
          throw new Error(
            `the version is ${status} on the remote, which serves no files of ${status} versions, and asset '${name}' is not stored here`,
          );
        }
        const download = await remote.call('GetPackageVersionAsset', {
          ...input,
          asset: name,
          packageVersionRevision: revision,
        });
        blob = await storeAssetBlob(ctx, local.domain, download.asset as unknown as Readable, {
          expectedSha256: sha256,
        });
      }
      assets.push({ name, blob });
      bytes += blob.hashes.size;
    }
  } catch (error) {
    await Promise.all(assets.map((asset) => asset.blob.release()));
    throw error;
  }
  const result = await importMirroredVersion(ctx, {
    ...versionInput(local, ref),
    version: ref.version,
    status,
    revision,
    ...(published ? { publishedTime: published } : {}),
    metadata,
    assets,
    replace: overwrite,
  });
  recordRevisions(ctx.store, mirrorRemote, ref, result.revision, revision);
  await ctx.store.flush();
  const message =
    result.outcome === 'unchanged'
      ? 'already here'
      : result.outcome === 'updated'
        ? `status ${status} taken over`
        : `${result.outcome} (${status})`;
  return { state: result.outcome === 'unchanged' ? 'skipped' : 'done', message, bytes };
}
