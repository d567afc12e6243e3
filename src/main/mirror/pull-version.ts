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
import { blobDigestColumns, leaseBlob, storeAssetBlob, type StoredBlob } from '../engine/assets/asset-blobs';
import { importMirroredVersion } from '../engine/package-versions/import-mirrored-version';
import type { VersionMetadata } from '../engine/packages/package-records';
import type { FormatAsset } from '../engine/package-versions/publish-format-version';
import type { MirrorRemote } from '../../shared/mirror';
import { versionInput, type Side, type VersionRef } from './inventory';
import { recordRevisions } from './mirror-records';
import type { EndpointAccessFor } from './endpoint-requests';
import { pulledFileFacts } from './pulled-file-facts';
import { isNotFound } from './remote-api';
import { readVersionMetadata } from './version-metadata';

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
      `SELECT b.size, ${blobDigestColumns} FROM domains d CROSS JOIN domain_blobs b ON b.domain_id = d.id
        WHERE d.name = ? AND b.sha256 = unhex(?)`,
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

export async function pullVersion(
  ctx: EngineContext,
  local: Side,
  remote: Side,
  mirrorRemote: MirrorRemote,
  ref: VersionRef,
  overwrite: boolean,
  access: EndpointAccessFor,
  signal: AbortSignal,
): Promise<VersionOutcome> {
  const input = versionInput(remote, ref);
  let listed;
  let packageVersion;
  try {
    [listed, { packageVersion }] = await Promise.all([
      remote.call('ListPackageVersionAssets', { ...input, maxResults: 1000 }),
      remote.call('DescribePackageVersion', input),
    ]);
  } catch (error) {
    if (isNotFound(error)) return { state: 'skipped', message: 'no longer on the remote', bytes: 0 };
    throw error;
  }
  const status = packageVersion?.status ?? 'Published';
  const revision = packageVersion?.revision ?? listed.versionRevision ?? '';
  // The readme and dependencies are read while the files stream in.
  const reading = readVersionMetadata(remote, ref, packageVersion);
  reading.catch(() => undefined);
  const assets: FormatAsset[] = [];
  const toEndpoint = () => access(ref.repository, ref.format);
  let bytes = 0;
  let published: Date | undefined;
  let metadata: VersionMetadata;
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
        const stored = await storeAssetBlob(ctx, local.domain, download.asset as unknown as Readable, {
          expectedSha256: sha256,
        });
        const file = { name, sha256, size: stored.hashes.size };
        const facts = await pulledFileFacts(ctx, local.domain, ref, file, toEndpoint, signal).catch(
          async (error: unknown) => {
            await stored.release();
            throw error;
          },
        );
        blob = facts ? { ...stored, facts } : stored;
      }
      assets.push({ name, blob });
      bytes += blob.hashes.size;
    }
    ({ published, ...metadata } = await reading);
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
