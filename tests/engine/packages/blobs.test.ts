// Asset blobs are counted per domain: a file stays while any version of the domain holds it and goes with the last one.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { existsSync } from 'node:fs';
import { PassThrough, Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  leaseBlob,
  leaseReferencedBlob,
  storeAssetBlob,
  sweepOrphanBlobs,
  type ListableBlobStore,
} from '../../../src/main/engine/assets/asset-blobs';
import type { Store } from '../../../src/main/store/types';
import type { EngineFixture } from '../engine-fixture';
import {
  assetSizeBytes,
  blobExists,
  blobFile,
  domain,
  openPackageEngine,
  publishGeneric,
  setTrashRetention,
  sha256,
} from './package-fixture';

describe('asset blob reference counting', () => {
  let engine: EngineFixture;
  beforeEach(async () => {
    engine = await openPackageEngine('libs', 'apps');
    // What the live versions hold; what the trash keeps after a delete is trash.test.ts's subject.
    setTrashRetention(engine, 0);
  });
  afterEach(async () => {
    await engine.close();
  });

  const publish = (repository: string, pkg: string, version: string, content: string) =>
    publishGeneric(engine, { repository, package: pkg, version, asset: 'file.bin', content });
  const generic = (repository: string, pkg: string) =>
    ({ domain, repository, format: 'generic', namespace: 'tools', package: pkg }) as const;

  it('removes the file when the last version holding it is disposed, and keeps it while another holds it', async () => {
    await publish('libs', 'a', '1', 'shared');
    await publish('apps', 'b', '1', 'shared');
    await engine.call('DisposePackageVersions', { ...generic('libs', 'a'), versions: ['1'] });
    expect(blobExists(engine, 'shared'), 'still held by apps/b 1').toBe(true);
    expect(await assetSizeBytes(engine)).toBe(6);
    await engine.call('DisposePackageVersions', { ...generic('apps', 'b'), versions: ['1'] });
    expect(blobExists(engine, 'shared')).toBe(false);
    expect(await assetSizeBytes(engine)).toBe(0);
  });

  it('releases blobs on DeletePackageVersions and DeletePackage', async () => {
    await publish('libs', 'a', '1', 'one');
    await publish('libs', 'a', '2', 'two');
    await publish('libs', 'b', '1', 'two');
    await engine.call('DeletePackageVersions', { ...generic('libs', 'a'), versions: ['1', '2'] });
    expect(blobExists(engine, 'one')).toBe(false);
    expect(blobExists(engine, 'two')).toBe(true);
    await engine.call('DeletePackage', generic('libs', 'b'));
    expect(blobExists(engine, 'two')).toBe(false);
  });

  it('releases the blobs of a deleted repository that no other repository holds', async () => {
    await publish('libs', 'a', '1', 'only in libs');
    await publish('libs', 'a', '2', 'in both');
    await publish('apps', 'c', '1', 'in both');
    await engine.call('DeleteRepository', { domain, repository: 'libs' });
    expect(blobExists(engine, 'only in libs')).toBe(false);
    expect(blobExists(engine, 'in both')).toBe(true);
    expect(await assetSizeBytes(engine)).toBe(Buffer.byteLength('in both'));
    // A new repository of the same name starts empty.
    await engine.call('CreateRepository', { domain, repository: 'libs' });
    expect((await engine.call('ListPackages', { domain, repository: 'libs' })).packages).toEqual([]);
  });

  it('removes the domain’s blob folder with the domain', async () => {
    await publish('libs', 'a', '1', 'gone with the domain');
    await engine.call('DeleteRepository', { domain, repository: 'libs' });
    await engine.call('DeleteRepository', { domain, repository: 'apps' });
    await engine.call('DeleteDomain', { domain });
    expect(existsSync(join(engine.dataDir, 'blobs', domain))).toBe(false);
  });

  it('keeps a blob that a publish is uploading while the last other reference is deleted', async () => {
    await publish('libs', 'a', '1', 'raced');
    const body = new PassThrough();
    const uploading = engine.call('PublishPackageVersion', {
      domain,
      repository: 'apps',
      format: 'generic',
      namespace: 'tools',
      package: 'b',
      packageVersion: '1',
      assetName: 'file.bin',
      assetContent: body,
      assetSHA256: sha256('raced'),
    });
    body.write('rac');
    await new Promise((resolve) => setTimeout(resolve, 20));
    // The only committed reference goes while the upload of the same bytes is still open.
    await engine.call('DeletePackageVersions', { ...generic('libs', 'a'), versions: ['1'] });
    body.end('ed');
    await uploading;
    expect(blobExists(engine, 'raced')).toBe(true);
    const asset = await engine.call('GetPackageVersionAsset', {
      ...generic('apps', 'b'),
      packageVersion: '1',
      asset: 'file.bin',
    });
    expect(asset.assetName).toBe('file.bin');
    await engine.call('DeletePackageVersions', { ...generic('apps', 'b'), versions: ['1'] });
    expect(blobExists(engine, 'raced')).toBe(false);
  });

  it('defers removing a file while it is leased, and removes it when the lease ends', async () => {
    await publish('libs', 'a', '1', 'leased');
    const release = leaseBlob(engine.ctx, domain, sha256('leased'));
    await engine.call('DeletePackageVersions', { ...generic('libs', 'a'), versions: ['1'] });
    expect(blobExists(engine, 'leased'), 'kept while leased').toBe(true);
    await release();
    expect(blobExists(engine, 'leased')).toBe(false);
  });

  it('keeps a file a download holds while its version is deleted, and removes it when the download lets go', async () => {
    await publish('libs', 'a', '1', 'downloading');
    const release = leaseReferencedBlob(engine.ctx, domain, sha256('downloading'));
    await engine.call('DeletePackageVersions', { ...generic('libs', 'a'), versions: ['1'] });
    expect(blobExists(engine, 'downloading'), 'kept while the download holds it').toBe(true);
    await release();
    expect(blobExists(engine, 'downloading'), 'removed once the download is done').toBe(false);
  });

  it('removes an unreferenced upload when a download of the same bytes lets go last', async () => {
    const stored = await storeAssetBlob(engine.ctx, domain, Readable.from([Buffer.from('shared lease')]));
    const download = leaseReferencedBlob(engine.ctx, domain, sha256('shared lease'));
    await stored.release();
    expect(blobExists(engine, 'shared lease'), 'kept while the download holds it').toBe(true);
    await download();
    expect(blobExists(engine, 'shared lease'), 'nothing refers to it once both let go').toBe(false);
  });

  it('removes an uploaded blob that no metadata ever referred to when its lease ends', async () => {
    const stored = await storeAssetBlob(engine.ctx, domain, Readable.from([Buffer.from('never used')]));
    expect(stored.hashes.sha256).toBe(sha256('never used'));
    expect(blobExists(engine, 'never used')).toBe(true);
    await stored.release();
    expect(blobExists(engine, 'never used')).toBe(false);
    await stored.release();
  });

  it('leaves no file behind when the metadata commit is refused after the upload', async () => {
    await publish('libs', 'a', '1', 'first');
    // Block publishing while the body streams: the upload completes, the commit is refused.
    const body = new PassThrough();
    const uploading = engine.call('PublishPackageVersion', {
      domain,
      repository: 'libs',
      format: 'generic',
      namespace: 'tools',
      package: 'a',
      packageVersion: '2',
      assetName: 'file.bin',
      assetContent: body,
      assetSHA256: sha256('refused'),
    });
    await engine.call('PutPackageOriginConfiguration', {
      ...generic('libs', 'a'),
      restrictions: { publish: 'BLOCK', upstream: 'BLOCK' },
    });
    body.end('refused');
    await expect(uploading).rejects.toMatchObject({ name: 'AccessDeniedException' });
    expect(blobExists(engine, 'refused')).toBe(false);
    expect(blobExists(engine, 'first')).toBe(true);
  });

  it('sweeps files without a domain_blobs row and folders of domains that no longer exist', async () => {
    await publish('libs', 'a', '1', 'kept');
    const orphan = blobFile(engine, sha256('orphan'));
    await mkdir(dirname(orphan), { recursive: true });
    await writeFile(orphan, 'orphan');
    const ghostDomain = join(engine.dataDir, 'blobs', 'ghost-domain', 'sha256', 'ab');
    await mkdir(ghostDomain, { recursive: true });
    await writeFile(join(ghostDomain, 'c'.repeat(62)), 'left by a deleted domain');

    const report = await sweepOrphanBlobs(engine.store as Store & { blobs: ListableBlobStore });
    expect(report).toEqual({ removedBlobs: 1, removedDomains: 1 });
    expect(existsSync(orphan)).toBe(false);
    expect(existsSync(join(engine.dataDir, 'blobs', 'ghost-domain'))).toBe(false);
    expect(blobExists(engine, 'kept')).toBe(true);
    expect(existsSync(join(engine.dataDir, 'blobs', '.tmp'))).toBe(true);
  });
});
