/**
 * Helpers for package tests on a real engine: a domain with repositories, publishing generic assets
 * through PublishPackageVersion, publishing other formats through the format endpoints' engine call,
 * and reading a whole asset back.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { PackageFormat, PublishPackageVersionResult } from '@aws-sdk/client-codeartifact';
import { storeAssetBlob } from '../../../src/main/engine/assets/asset-blobs';
import type { VersionMetadata } from '../../../src/main/engine/packages/package-records';
import {
  publishFormatVersion,
  type FormatPublishResult,
} from '../../../src/main/engine/package-versions/publish-format-version';
import { writeTrashRetentionDays } from '../../../src/main/engine/trash/trash-retention';
import { openEngine, type EngineFixture } from '../engine-fixture';

export const domain = 'acme';

export function sha256(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

export async function openPackageEngine(...repositories: string[]): Promise<EngineFixture> {
  const engine = await openEngine();
  await engine.call('CreateDomain', { domain });
  for (const repository of repositories) await engine.call('CreateRepository', { domain, repository });
  return engine;
}

export interface GenericPublish {
  readonly repository: string;
  readonly namespace?: string;
  readonly package: string;
  readonly version: string;
  readonly asset: string;
  readonly content: string | Uint8Array;
  readonly unfinished?: boolean;
}

export function publishGeneric(
  engine: EngineFixture,
  publish: GenericPublish,
): Promise<PublishPackageVersionResult> {
  return engine.call('PublishPackageVersion', {
    domain,
    repository: publish.repository,
    format: 'generic',
    namespace: publish.namespace ?? 'tools',
    package: publish.package,
    packageVersion: publish.version,
    assetName: publish.asset,
    assetContent: typeof publish.content === 'string' ? Buffer.from(publish.content) : publish.content,
    assetSHA256: sha256(publish.content),
    unfinished: publish.unfinished,
  });
}

export interface FormatPublish {
  readonly repository: string;
  readonly format: PackageFormat;
  readonly namespace?: string;
  readonly package: string;
  readonly version: string;
  readonly assets?: readonly { readonly name: string; readonly content: string }[];
  readonly status?: 'Published' | 'Unfinished';
  readonly metadata?: VersionMetadata;
  readonly distTags?: readonly string[];
}

/** Stores the assets' bytes, then publishes them the way a format endpoint does. */
export async function publishFormat(
  engine: EngineFixture,
  publish: FormatPublish,
): Promise<FormatPublishResult> {
  const assets = [];
  for (const asset of publish.assets ?? [
    { name: `${publish.package}-${publish.version}.bin`, content: `${publish.package}@${publish.version}` },
  ]) {
    const blob = await storeAssetBlob(engine.ctx, domain, Readable.from([Buffer.from(asset.content)]));
    assets.push({ name: asset.name, blob });
  }
  const result = await publishFormatVersion(engine.ctx, {
    domain,
    repository: publish.repository,
    format: publish.format,
    namespace: publish.namespace,
    package: publish.package,
    version: publish.version,
    assets,
    status: publish.status,
    metadata: publish.metadata,
    distTags: publish.distTags,
  });
  await engine.store.flush();
  return result;
}

export async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks).toString('utf8');
}

/** Where the blob store keeps a digest's file (the layout documented in store/layout.ts). */
export function blobFile(engine: EngineFixture, digest: string): string {
  return join(engine.dataDir, 'blobs', domain, 'sha256', digest.slice(0, 2), digest.slice(2));
}

export function blobExists(engine: EngineFixture, content: string): boolean {
  return existsSync(blobFile(engine, sha256(content)));
}

/** Sets the trash's retention (0: deleted versions are not kept, their files released at once). */
export function setTrashRetention(engine: EngineFixture, days: number): void {
  engine.store.write((db) => writeTrashRetentionDays(db, days));
}

export async function assetSizeBytes(engine: EngineFixture): Promise<number> {
  return (await engine.call('DescribeDomain', { domain })).domain?.assetSizeBytes ?? -1;
}
