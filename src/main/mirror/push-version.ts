/**
 * Pushes one local version to the remote: generic versions through PublishPackageVersion (one call
 * per asset, all but the last `unfinished`, each with its SHA-256 so the remote checks it); npm, PyPI
 * and Maven through the remote's package endpoints. Then the remote version takes the local status
 * (UpdatePackageVersionsStatus) and the revision pair is recorded.
 *
 * A version the remote already holds with the same assets only has its status aligned; one with other
 * assets is refused unless `overwrite`, which deletes the remote version first. A push cut short
 * (a generic version left Unfinished with some assets) is completed by the next run: assets already
 * there are not sent again.
 */
import type { PackageVersionStatus } from '@aws-sdk/client-codeartifact';
import type { EngineContext } from '../engine/context';
import { listDistTags } from '../engine/packages/dist-tags';
import type { MirrorRemote } from '../../shared/mirror';
import {
  describeVersion,
  packageInput,
  versionInput,
  type Side,
  type VersionInfo,
  type VersionRef,
} from './inventory';
import { blobFact } from '../http/formats/version-facts';
import type { EndpointAccessFor, LocalFile, PushFacts } from './endpoint-requests';
import { endpointFormats, publishThroughEndpoint } from './format-endpoints';
import { recordRevisions } from './mirror-records';
import { readVersionMetadata } from './version-metadata';
import type { VersionOutcome } from './pull-version';

async function readLocalFiles(
  ctx: EngineContext,
  domain: string,
  version: VersionInfo,
): Promise<LocalFile[]> {
  const files: LocalFile[] = [];
  for (const asset of version.assets) {
    const stream = await ctx.store.blobs.openVerified(domain, asset.sha256, asset.size);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    files.push({ name: asset.name, sha256: asset.sha256, bytes: Buffer.concat(chunks) });
  }
  return files;
}

async function localMetadata(local: Side, ref: VersionRef) {
  const { packageVersion } = await local.call('DescribePackageVersion', versionInput(local, ref));
  const { published: _published, ...metadata } = await readVersionMetadata(local, ref, packageVersion);
  return metadata;
}

function pushFacts(ctx: EngineContext, local: Side, ref: VersionRef): PushFacts {
  const tags = ref.format === 'npm' ? listDistTags(ctx, packageInput(local, ref)) : {};
  return {
    distTags: Object.entries(tags)
      .filter(([, v]) => v === ref.version)
      .map(([tag]) => tag),
    fileFact: (file, kind) => blobFact(ctx, local.domain, file.sha256, kind),
    metadata: () => localMetadata(local, ref),
  };
}

function sameAssets(a: VersionInfo, b: VersionInfo): boolean {
  return (
    a.assets.length === b.assets.length &&
    a.assets.every((asset) =>
      b.assets.some((other) => other.name === asset.name && other.sha256 === asset.sha256),
    )
  );
}

async function publishGeneric(
  remote: Side,
  ref: VersionRef,
  files: readonly LocalFile[],
  version: VersionInfo,
  already: VersionInfo | undefined,
  signal: AbortSignal,
) {
  const missing = files.filter((file) => !already?.assets.some((asset) => asset.name === file.name));
  for (const [index, file] of missing.entries()) {
    signal.throwIfAborted();
    const sha256 = version.assets.find((asset) => asset.name === file.name)?.sha256 ?? '';
    await remote.call('PublishPackageVersion', {
      ...packageInput(remote, ref),
      packageVersion: ref.version,
      assetName: file.name,
      assetSHA256: sha256,
      assetContent: file.bytes,
      unfinished: index < missing.length - 1 || version.status === 'Unfinished',
    });
  }
}

async function alignStatus(
  remote: Side,
  ref: VersionRef,
  from: PackageVersionStatus,
  to: PackageVersionStatus,
) {
  if (from === to || to === 'Unfinished' || to === 'Deleted') return;
  const input = { ...packageInput(remote, ref), versions: [ref.version] };
  if (to === 'Disposed') await remote.call('DisposePackageVersions', input);
  else await remote.call('UpdatePackageVersionsStatus', { ...input, targetStatus: to });
}

export async function pushVersion(
  ctx: EngineContext,
  local: Side,
  remote: Side,
  mirrorRemote: MirrorRemote,
  ref: VersionRef,
  overwrite: boolean,
  access: EndpointAccessFor,
  signal: AbortSignal,
): Promise<VersionOutcome> {
  const version = await describeVersion(local, ref);
  if (!version) return { state: 'skipped', message: 'no longer here', bytes: 0 };
  let there = await describeVersion(remote, ref);
  if (there && !sameAssets(version, there)) {
    const partial =
      there.status === 'Unfinished' &&
      there.assets.every((asset) =>
        version.assets.some((a) => a.name === asset.name && a.sha256 === asset.sha256),
      );
    if (!partial) {
      if (!overwrite)
        throw new Error(`the remote holds ${ref.version} with other assets; not overwritten unless asked`);
      await remote.call('DeletePackageVersions', { ...packageInput(remote, ref), versions: [ref.version] });
      there = undefined;
    }
  } else if (there && there.revision !== version.revision && there.status !== version.status && !overwrite) {
    throw new Error(
      `the remote holds ${ref.version} as ${there.status} and it is ${version.status} here; not overwritten unless asked`,
    );
  }
  let bytes = 0;
  if (!there || !sameAssets(version, there)) {
    if (version.status === 'Disposed' || version.assets.length === 0)
      return { state: 'skipped', message: `${version.status} here, with no files to push`, bytes: 0 };
    const files = await readLocalFiles(ctx, local.domain, version);
    bytes = files.reduce((sum, file) => sum + file.bytes.length, 0);
    if (ref.format === 'generic') {
      await publishGeneric(remote, ref, files, version, there, signal);
    } else if (endpointFormats.has(ref.format)) {
      await publishThroughEndpoint(
        await access(ref.repository, ref.format),
        ref,
        files,
        pushFacts(ctx, local, ref),
        signal,
      );
    } else {
      throw new Error(`pushing ${ref.format} versions is not supported yet`);
    }
  }
  const published = await describeVersion(remote, ref);
  if (!published || !sameAssets(version, published))
    throw new Error('the remote does not show the pushed assets afterwards');
  await alignStatus(remote, ref, published.status, version.status);
  const final = (await describeVersion(remote, ref)) ?? published;
  recordRevisions(ctx.store, mirrorRemote, ref, version.revision, final.revision);
  await ctx.store.flush();
  return {
    state: bytes > 0 || final.status !== (there?.status ?? '') ? 'done' : 'skipped',
    message: bytes > 0 ? `pushed (${final.status})` : `status ${final.status} set`,
    bytes,
  };
}
