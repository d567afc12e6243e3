/**
 * What the Cargo, RubyGems, NuGet and Swift client tests check the same way through the CodeArtifact
 * API: the versions a publish left (with statuses) and the asset of one with its four hashes, that a
 * refused upload left the store as it was, the versions a repository holds, an external origin, and
 * a package whose publishing is blocked by origin controls.
 */
import {
  ListPackagesCommand,
  ListPackageVersionAssetsCommand,
  ListPackageVersionsCommand,
  PutPackageOriginConfigurationCommand,
  type CodeartifactClient,
  type PackageFormat,
  type PackageVersionSummary,
} from '@aws-sdk/client-codeartifact';
import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import { blobFiles } from '../helpers/data-dir-files';

export interface PackageTarget {
  readonly domain: string;
  readonly repository: string;
  readonly format: PackageFormat;
  readonly namespace?: string;
  readonly package: string;
}

/**
 * The package's versions are `versions` ([version, status], newest first, as ListPackageVersions
 * orders them), and `asset.version` holds exactly the file `asset.name` with MD5, SHA-1, SHA-256 and
 * SHA-512 (the SHA-256 of `asset.bytes`, when given). Returns the asset's hashes.
 */
export async function expectVersionsWithAsset(
  client: CodeartifactClient,
  target: PackageTarget,
  versions: [version: string, status: string][],
  asset: { readonly version: string; readonly name: string; readonly bytes?: Buffer | string },
): Promise<Record<string, string>> {
  const listed = await client.send(new ListPackageVersionsCommand(target));
  expect(
    listed.versions?.map((v) => [v.version, v.status]),
    `versions of ${target.package} in ${target.repository}`,
  ).toEqual(versions);
  const assets = await client.send(
    new ListPackageVersionAssetsCommand({ ...target, packageVersion: asset.version }),
  );
  expect(
    assets.assets?.map((a) => a.name),
    `assets of ${target.package} ${asset.version}`,
  ).toEqual([asset.name]);
  const hashes = assets.assets?.[0]?.hashes ?? {};
  expect(Object.keys(hashes).sort(), `hashes of ${asset.name}`).toEqual([
    'MD5',
    'SHA-1',
    'SHA-256',
    'SHA-512',
  ]);
  if (asset.bytes !== undefined)
    expect(hashes['SHA-256'], `SHA-256 of ${asset.name}`).toBe(
      createHash('sha256').update(asset.bytes).digest('hex'),
    );
  return hashes;
}

/**
 * After refused uploads, the repository still lists only `packages` and the data directory holds the
 * same blob files as `blobsBefore`.
 */
export async function expectStoreUntouched(
  client: CodeartifactClient,
  dataDir: string,
  repository: { readonly domain: string; readonly repository: string; readonly format: PackageFormat },
  packages: string[],
  blobsBefore: string[],
): Promise<void> {
  const listed = await client.send(new ListPackagesCommand(repository));
  expect(listed.packages?.map((p) => p.package).sort(), 'no package added by a refused upload').toEqual(
    [...packages].sort(),
  );
  expect(await blobFiles(dataDir), 'no blob left behind by a refused upload').toEqual(blobsBefore);
}

/** The versions a repository holds of a package (none when it has no such package). */
export async function versionsIn(
  client: CodeartifactClient,
  target: PackageTarget,
): Promise<PackageVersionSummary[]> {
  const answer = await client.send(new ListPackageVersionsCommand(target)).catch(() => ({ versions: [] }));
  return answer.versions ?? [];
}

/** The version came in through the external connection `connection`. */
export function expectExternalOrigin(version: PackageVersionSummary | undefined, connection: string): void {
  expect(version?.origin, `origin of ${version?.version ?? 'the version'}`).toEqual({
    originType: 'EXTERNAL',
    domainEntryPoint: { externalConnectionName: connection },
  });
}

/** Blocks publishing of the package in the repository (upstreams stay allowed). */
export async function blockPublish(client: CodeartifactClient, target: PackageTarget): Promise<void> {
  await client.send(
    new PutPackageOriginConfigurationCommand({
      ...target,
      restrictions: { publish: 'BLOCK', upstream: 'ALLOW' },
    }),
  );
}
