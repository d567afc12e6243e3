/**
 * Generic packages through the real SDK for the package and package-version suites: publishing an
 * asset with its SHA-256 computed here, downloading one back as bytes, the four hashes CodeArtifact
 * reports computed with node:crypto, paging helpers for the version lists, and a deterministic
 * pseudo-random byte stream for assets too large to hold in memory.
 */
import { createCipheriv, createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  DescribeDomainCommand,
  DescribePackageVersionCommand,
  GetPackageVersionAssetCommand,
  ListPackageVersionAssetsCommand,
  ListPackageVersionsCommand,
  PublishPackageVersionCommand,
  type AssetSummary,
  type CodeartifactClient,
  type PackageVersionDescription,
  type PackageVersionStatus,
  type PackageVersionSummary,
  type PublishPackageVersionCommandOutput,
} from '@aws-sdk/client-codeartifact';
import { expect } from 'vitest';

/** Where a generic package lives: every generic package has a namespace. */
export interface GenericPackage {
  domain: string;
  repository: string;
  namespace: string;
  package: string;
}

export type AssetHashes = Record<'MD5' | 'SHA-1' | 'SHA-256' | 'SHA-512', string>;

export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The hashes CodeArtifact reports for an asset, computed independently of the server. */
export function assetHashes(data: Buffer | string): AssetHashes {
  const hex = (algorithm: string): string => createHash(algorithm).update(data).digest('hex');
  return { MD5: hex('md5'), 'SHA-1': hex('sha1'), 'SHA-256': hex('sha256'), 'SHA-512': hex('sha512') };
}

export interface PublishOptions {
  unfinished?: boolean;
  /** Sent as x-amz-content-sha256 instead of the real hash (to probe the integrity check). */
  assetSHA256?: string;
  /** A stream to send instead of the bytes; `content` is then only used for the hash. */
  body?: Readable;
  format?: string;
  domainOwner?: string;
}

export function publishGeneric(
  client: CodeartifactClient,
  target: GenericPackage,
  version: string,
  assetName: string,
  content: Buffer | string,
  options: PublishOptions = {},
): Promise<PublishPackageVersionCommandOutput> {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  return client.send(
    new PublishPackageVersionCommand({
      domain: target.domain,
      domainOwner: options.domainOwner,
      repository: target.repository,
      // The SDK's enum type is closed; tests also send formats the operation must refuse.
      format: (options.format ?? 'generic') as 'generic',
      namespace: target.namespace,
      package: target.package,
      packageVersion: version,
      assetName,
      assetContent: options.body ?? bytes,
      assetSHA256: options.assetSHA256 ?? sha256Hex(bytes),
      unfinished: options.unfinished,
    }),
  );
}

/** Checks a PublishPackageVersion answer against what was sent. */
export function expectPublished(
  result: PublishPackageVersionCommandOutput,
  target: GenericPackage,
  version: string,
  assetName: string,
  content: Buffer | string,
  status: PackageVersionStatus = 'Published',
): string {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  expect(result.format).toBe('generic');
  expect(result.namespace).toBe(target.namespace);
  expect(result.package).toBe(target.package);
  expect(result.version).toBe(version);
  expect(result.status).toBe(status);
  expect(result.versionRevision, 'versionRevision').toMatch(/^\S{1,50}$/);
  expect(result.asset?.name).toBe(assetName);
  expect(result.asset?.size).toBe(bytes.length);
  expect(result.asset?.hashes).toEqual(assetHashes(bytes));
  return result.versionRevision as string;
}

export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/** The SDK hands the asset over as a Node stream; anything else means the payload was mangled. */
export function assetStream(asset: unknown): Readable {
  expect(asset, 'GetPackageVersionAsset returned no body').toBeInstanceOf(Readable);
  return asset as Readable;
}

export interface DownloadedAsset {
  bytes: Buffer;
  assetName: string | undefined;
  packageVersion: string | undefined;
  packageVersionRevision: string | undefined;
}

export async function downloadAsset(
  client: CodeartifactClient,
  target: GenericPackage,
  version: string,
  asset: string,
  packageVersionRevision?: string,
): Promise<DownloadedAsset> {
  const result = await client.send(
    new GetPackageVersionAssetCommand({
      domain: target.domain,
      repository: target.repository,
      format: 'generic',
      namespace: target.namespace,
      package: target.package,
      packageVersion: version,
      asset,
      packageVersionRevision,
    }),
  );
  return {
    bytes: await readAll(assetStream(result.asset)),
    assetName: result.assetName,
    packageVersion: result.packageVersion,
    packageVersionRevision: result.packageVersionRevision,
  };
}

export async function describeVersion(
  client: CodeartifactClient,
  target: GenericPackage,
  version: string,
): Promise<PackageVersionDescription> {
  const { packageVersion } = await client.send(
    new DescribePackageVersionCommand({
      domain: target.domain,
      repository: target.repository,
      format: 'generic',
      namespace: target.namespace,
      package: target.package,
      packageVersion: version,
    }),
  );
  expect(packageVersion, `DescribePackageVersion ${version}`).toBeDefined();
  return packageVersion as PackageVersionDescription;
}

/** Every version of the package (all pages), optionally filtered by status. */
export async function listVersions(
  client: CodeartifactClient,
  target: GenericPackage,
  status?: PackageVersionStatus,
): Promise<PackageVersionSummary[]> {
  const versions: PackageVersionSummary[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < 1000; page++) {
    const result = await client.send(
      new ListPackageVersionsCommand({
        domain: target.domain,
        repository: target.repository,
        format: 'generic',
        namespace: target.namespace,
        package: target.package,
        status,
        nextToken,
      }),
    );
    versions.push(...(result.versions ?? []));
    nextToken = result.nextToken;
    if (nextToken === undefined) return versions;
  }
  throw new Error('ListPackageVersions did not stop returning nextToken');
}

/** version → status, as ListPackageVersions reports them. */
export async function versionStatuses(
  client: CodeartifactClient,
  target: GenericPackage,
): Promise<Record<string, string | undefined>> {
  const statuses: Record<string, string | undefined> = {};
  for (const summary of await listVersions(client, target))
    statuses[summary.version as string] = summary.status;
  return statuses;
}

export async function listAssets(
  client: CodeartifactClient,
  target: GenericPackage,
  version: string,
): Promise<AssetSummary[]> {
  const assets: AssetSummary[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < 1000; page++) {
    const result = await client.send(
      new ListPackageVersionAssetsCommand({
        domain: target.domain,
        repository: target.repository,
        format: 'generic',
        namespace: target.namespace,
        package: target.package,
        packageVersion: version,
        nextToken,
      }),
    );
    assets.push(...(result.assets ?? []));
    nextToken = result.nextToken;
    if (nextToken === undefined) return assets;
  }
  throw new Error('ListPackageVersionAssets did not stop returning nextToken');
}

export async function domainAssetBytes(client: CodeartifactClient, domain: string): Promise<number> {
  const { domain: described } = await client.send(new DescribeDomainCommand({ domain }));
  expect(described?.assetSizeBytes, 'DescribeDomain assetSizeBytes').toEqual(expect.any(Number));
  return described?.assetSizeBytes as number;
}

/** Distinct bytes for each call, so that two assets never share a blob by accident. */
export function uniqueBytes(label: string, size = 1024): Buffer {
  const seed = `${label}:${process.hrtime.bigint()}:${Math.random()}`;
  return pseudoRandomBytes(seed, size);
}

/** `size` bytes of a keystream derived from `seed`: the same seed always gives the same bytes. */
export function pseudoRandomBytes(seed: string, size: number): Buffer {
  const cipher = keystream(seed);
  return cipher.update(Buffer.alloc(size));
}

function keystream(seed: string) {
  const key = createHash('sha256').update(seed).digest();
  // AES in counter mode over zeros: fast, deterministic and incompressible.
  return createCipheriv('aes-256-ctr', key, Buffer.alloc(16));
}

/**
 * A Readable of `size` deterministic pseudo-random bytes, produced on demand in `chunkSize` pieces so
 * that gigabytes never sit in memory.
 */
export function pseudoRandomStream(seed: string, size: number, chunkSize = 1024 * 1024): Readable {
  const cipher = keystream(seed);
  const zeros = Buffer.alloc(chunkSize);
  let remaining = size;
  return new Readable({
    highWaterMark: chunkSize,
    read() {
      if (remaining <= 0) {
        this.push(null);
        return;
      }
      const length = Math.min(chunkSize, remaining);
      remaining -= length;
      this.push(cipher.update(length === chunkSize ? zeros : zeros.subarray(0, length)));
    },
  });
}

/** SHA-256 (hex) and byte count of a stream, consumed in one pass. */
export async function hashStream(stream: Readable): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    size += bytes.length;
    hash.update(bytes);
  }
  return { sha256: hash.digest('hex'), size };
}

/** Waits `ms` milliseconds, for tests that need distinct publish times. */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
