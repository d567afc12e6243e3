// PublishPackageVersion: streaming a generic asset in, hashes, the unfinished flow, republishing, and refusals.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blobError } from '../../../src/main/engine/assets/blob-errors';
import {
  AccessDeniedException,
  ConflictException,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  ValidationException,
} from '../../../src/main/engine/errors';
import { maxGenericAssetBytes } from '../../../src/main/engine/package-versions/publish-package-version';
import { BlobTooLargeError } from '../../../src/main/store/blob-store';
import { createInvoker } from '../../../src/main/engine/invoke';
import { expectServiceError, type EngineFixture } from '../engine-fixture';
import {
  assetSizeBytes,
  blobExists,
  domain,
  openPackageEngine,
  publishGeneric,
  readAll,
  sha256,
} from './package-fixture';

const hash = (algorithm: string, content: string) => createHash(algorithm).update(content).digest('hex');

describe('PublishPackageVersion', () => {
  let engine: EngineFixture;
  beforeEach(async () => {
    engine = await openPackageEngine('libs', 'apps');
  });
  afterEach(async () => {
    await engine.close();
  });

  it('publishes a generic version and answers with the asset summary and all four hashes', async () => {
    const content = 'hello, artifact';
    const result = await publishGeneric(engine, {
      repository: 'libs',
      package: 'cli',
      version: '1.0.0',
      asset: 'cli-linux.tar.gz',
      content,
    });
    expect(result).toEqual({
      format: 'generic',
      namespace: 'tools',
      package: 'cli',
      version: '1.0.0',
      versionRevision: expect.any(String),
      status: 'Published',
      asset: {
        name: 'cli-linux.tar.gz',
        size: Buffer.byteLength(content),
        hashes: {
          MD5: hash('md5', content),
          'SHA-1': hash('sha1', content),
          'SHA-256': hash('sha256', content),
          'SHA-512': hash('sha512', content),
        },
      },
    });
    const described = await engine.call('DescribePackageVersion', {
      domain,
      repository: 'libs',
      format: 'generic',
      namespace: 'tools',
      package: 'cli',
      packageVersion: '1.0.0',
    });
    expect(described.packageVersion).toMatchObject({
      status: 'Published',
      revision: result.versionRevision,
      publishedTime: engine.now(),
      origin: { domainEntryPoint: { repositoryName: 'libs' }, originType: 'INTERNAL' },
    });
    expect(blobExists(engine, content)).toBe(true);
  });

  it('takes the body as a stream, bytes, a string or an async iterable of bytes', async () => {
    const bodies: [string, unknown][] = [
      ['stream', Readable.from([Buffer.from('stream-'), Buffer.from('body')])],
      ['bytes', new Uint8Array(Buffer.from('bytes-body'))],
      ['string', 'string-body'],
      [
        'iterable',
        (async function* () {
          yield new Uint8Array(Buffer.from('iterable-'));
          yield new Uint8Array(Buffer.from('body'));
        })(),
      ],
    ];
    for (const [kind, body] of bodies) {
      const expected = `${kind}-body`;
      await engine.call('PublishPackageVersion', {
        domain,
        repository: 'libs',
        format: 'generic',
        namespace: 'tools',
        package: kind,
        packageVersion: '1',
        assetName: 'payload',
        assetContent: body,
        assetSHA256: sha256(expected),
      });
      const asset = await engine.call('GetPackageVersionAsset', {
        domain,
        repository: 'libs',
        format: 'generic',
        namespace: 'tools',
        package: kind,
        packageVersion: '1',
        asset: 'payload',
      });
      expect(await readAll(asset.asset as Readable), kind).toBe(expected);
    }
  });

  it('keeps a version Unfinished while assets arrive with unfinished, and publishes it with the last one', async () => {
    const first = await publishGeneric(engine, {
      repository: 'libs',
      package: 'bundle',
      version: '2.0',
      asset: 'part-1',
      content: 'one',
      unfinished: true,
    });
    expect(first.status).toBe('Unfinished');
    const second = await publishGeneric(engine, {
      repository: 'libs',
      package: 'bundle',
      version: '2.0',
      asset: 'part-2',
      content: 'two',
      unfinished: true,
    });
    expect(second.status).toBe('Unfinished');
    expect(second.versionRevision).not.toBe(first.versionRevision);
    engine.advance(5_000);
    const last = await publishGeneric(engine, {
      repository: 'libs',
      package: 'bundle',
      version: '2.0',
      asset: 'part-3',
      content: 'three',
    });
    expect(last.status).toBe('Published');
    const assets = await engine.call('ListPackageVersionAssets', {
      domain,
      repository: 'libs',
      format: 'generic',
      namespace: 'tools',
      package: 'bundle',
      packageVersion: '2.0',
    });
    expect(assets.assets?.map((asset) => asset.name)).toEqual(['part-1', 'part-2', 'part-3']);
    const described = await engine.call('DescribePackageVersion', {
      domain,
      repository: 'libs',
      format: 'generic',
      namespace: 'tools',
      package: 'bundle',
      packageVersion: '2.0',
    });
    // Published when the last asset made it so, not when the first one arrived.
    expect(described.packageVersion?.publishedTime).toEqual(engine.now());
  });

  it('treats an identical republish as a no-op that does not even read the body', async () => {
    const first = await publishGeneric(engine, {
      repository: 'libs',
      package: 'cli',
      version: '1.0.0',
      asset: 'cli.zip',
      content: 'zip bytes',
    });
    let read = false;
    const body = new Readable({
      read() {
        read = true;
        this.push(null);
      },
    });
    const again = await engine.call('PublishPackageVersion', {
      domain,
      repository: 'libs',
      format: 'generic',
      namespace: 'tools',
      package: 'cli',
      packageVersion: '1.0.0',
      assetName: 'cli.zip',
      assetContent: body,
      assetSHA256: sha256('zip bytes'),
    });
    expect(again).toEqual(first);
    expect(read).toBe(false);
  });

  it('refuses different content under an existing asset name with ConflictException', async () => {
    await publishGeneric(engine, {
      repository: 'libs',
      package: 'cli',
      version: '1',
      asset: 'a.bin',
      content: 'v1',
    });
    await expectServiceError(
      publishGeneric(engine, {
        repository: 'libs',
        package: 'cli',
        version: '1',
        asset: 'a.bin',
        content: 'v2',
      }),
      ConflictException,
      { resourceId: 'a.bin', resourceType: 'asset' },
    );
    expect(blobExists(engine, 'v2')).toBe(false);
  });

  it('refuses a new asset for a version that is already Published', async () => {
    await publishGeneric(engine, {
      repository: 'libs',
      package: 'cli',
      version: '1',
      asset: 'a.bin',
      content: 'a',
    });
    await expectServiceError(
      publishGeneric(engine, {
        repository: 'libs',
        package: 'cli',
        version: '1',
        asset: 'b.bin',
        content: 'b',
      }),
      ConflictException,
      { resourceId: '1', resourceType: 'package-version', message: /Published/ },
    );
    expect(blobExists(engine, 'b')).toBe(false);
  });

  it('checks the body against x-amz-content-sha256 and stores nothing on a mismatch', async () => {
    await expectServiceError(
      engine.call('PublishPackageVersion', {
        domain,
        repository: 'libs',
        format: 'generic',
        namespace: 'tools',
        package: 'cli',
        packageVersion: '1',
        assetName: 'a.bin',
        assetContent: Buffer.from('actual bytes'),
        assetSHA256: sha256('declared bytes'),
      }),
      ValidationException,
      { message: /SHA-256/ },
    );
    expect(blobExists(engine, 'actual bytes')).toBe(false);
    await expectServiceError(
      engine.call('DescribePackage', {
        domain,
        repository: 'libs',
        format: 'generic',
        namespace: 'tools',
        package: 'cli',
      }),
      ResourceNotFoundException,
      { resourceType: 'package' },
    );
    expect(await assetSizeBytes(engine)).toBe(0);
  });

  it('answers an asset over the size limit with ServiceQuotaExceededException naming the asset', () => {
    expect(maxGenericAssetBytes).toBe(5 * 1024 ** 3);
    const error = blobError(new BlobTooLargeError(maxGenericAssetBytes), 'huge.iso');
    expect(error).toBeInstanceOf(ServiceQuotaExceededException);
    expect((error as ServiceQuotaExceededException).fields()).toEqual({
      resourceId: 'huge.iso',
      resourceType: 'asset',
    });
    expect((error as Error).message).toMatch(/limit/);
  });

  it('publishes generic packages only, and needs their namespace', async () => {
    await expectServiceError(
      engine.call('PublishPackageVersion', {
        domain,
        repository: 'libs',
        format: 'npm',
        package: 'left-pad',
        packageVersion: '1.0.0',
        assetName: 'left-pad-1.0.0.tgz',
        assetContent: Buffer.from('x'),
        assetSHA256: sha256('x'),
      }),
      ValidationException,
      { message: /generic/ },
    );
    await expectServiceError(
      engine.call('PublishPackageVersion', {
        domain,
        repository: 'libs',
        format: 'generic',
        package: 'cli',
        packageVersion: '1',
        assetName: 'a',
        assetContent: Buffer.from('x'),
        assetSHA256: sha256('x'),
      }),
      ValidationException,
      { message: /namespace/ },
    );
  });

  it('refuses asset names outside the characters the API allows', async () => {
    for (const name of ['has space', 'dir/file', 'quote"', '..']) {
      await expectServiceError(
        publishGeneric(engine, {
          repository: 'libs',
          package: 'cli',
          version: '1',
          asset: name,
          content: 'x',
        }),
        ValidationException,
      );
    }
    const fine = await publishGeneric(engine, {
      repository: 'libs',
      package: 'cli',
      version: '1',
      asset: 'Ünïcödé-1.0_(x86)+[b]{c};d,e~f!g@h^i&j`k.tar.gz',
      content: 'x',
    });
    expect(fine.asset?.name).toContain('Ünïcödé');
  });

  it('answers ResourceNotFoundException for a missing domain or repository, before reading the body', async () => {
    await expectServiceError(
      publishGeneric(engine, { repository: 'nope', package: 'cli', version: '1', asset: 'a', content: 'x' }),
      ResourceNotFoundException,
      { resourceId: 'nope', resourceType: 'repository' },
    );
    expect(blobExists(engine, 'x')).toBe(false);
  });

  it('honours origin controls: publish BLOCK refuses with AccessDeniedException', async () => {
    await engine.call('PutPackageOriginConfiguration', {
      domain,
      repository: 'libs',
      format: 'generic',
      namespace: 'tools',
      package: 'cli',
      restrictions: { publish: 'BLOCK', upstream: 'ALLOW' },
    });
    await expectServiceError(
      publishGeneric(engine, {
        repository: 'libs',
        package: 'cli',
        version: '1',
        asset: 'a',
        content: 'blocked',
      }),
      AccessDeniedException,
      { message: /BLOCK/ },
    );
    expect(blobExists(engine, 'blocked')).toBe(false);
  });

  it('gives a package created by its first published version the publish defaults (ALLOW / BLOCK)', async () => {
    await publishGeneric(engine, {
      repository: 'libs',
      package: 'cli',
      version: '1',
      asset: 'a',
      content: 'x',
    });
    const described = await engine.call('DescribePackage', {
      domain,
      repository: 'libs',
      format: 'generic',
      namespace: 'tools',
      package: 'cli',
    });
    expect(described.package).toEqual({
      format: 'generic',
      namespace: 'tools',
      name: 'cli',
      originConfiguration: { restrictions: { publish: 'ALLOW', upstream: 'BLOCK' } },
    });
  });

  it('stores identical content once per domain and counts it once in assetSizeBytes', async () => {
    const content = 'shared bytes';
    await publishGeneric(engine, { repository: 'libs', package: 'a', version: '1', asset: 'x', content });
    await publishGeneric(engine, { repository: 'apps', package: 'b', version: '1', asset: 'y', content });
    await publishGeneric(engine, {
      repository: 'libs',
      package: 'a',
      version: '2',
      asset: 'z',
      content: 'other',
    });
    expect(await assetSizeBytes(engine)).toBe(Buffer.byteLength(content) + Buffer.byteLength('other'));
  });

  it('survives a restart: versions and assets come back from the journal', async () => {
    const published = await publishGeneric(engine, {
      repository: 'libs',
      package: 'cli',
      version: '1',
      asset: 'a',
      content: 'persisted',
    });
    await engine.reopen();
    const asset = await engine.call('GetPackageVersionAsset', {
      domain,
      repository: 'libs',
      format: 'generic',
      namespace: 'tools',
      package: 'cli',
      packageVersion: '1',
      asset: 'a',
    });
    expect(asset.packageVersionRevision).toBe(published.versionRevision);
    expect(await readAll(asset.asset as Readable)).toBe('persisted');
  });

  it('is reachable through the dispatcher, which validates the input against the API model first', async () => {
    const invoke = createInvoker(engine.ctx);
    const result = await invoke('PublishPackageVersion', {
      domain,
      repository: 'libs',
      format: 'generic',
      namespace: 'tools',
      package: 'cli',
      packageVersion: '3.0',
      assetName: 'a',
      assetContent: Readable.from([Buffer.from('via invoke')]),
      assetSHA256: sha256('via invoke'),
    });
    expect(result.status).toBe('Published');
    await expectServiceError(
      invoke('PublishPackageVersion', {
        domain,
        repository: 'libs',
        format: 'generic',
        namespace: 'tools',
        package: 'cli',
        packageVersion: '3.1',
        assetName: 'a',
        assetContent: Buffer.from('x'),
        assetSHA256: 'NOT-A-HASH',
      }),
      ValidationException,
    );
  });
});
