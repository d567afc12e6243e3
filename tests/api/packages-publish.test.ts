/**
 * PublishPackageVersion (generic) through the real SDK: Buffer and streamed bodies, the asset hashes,
 * the x-amz-content-sha256 integrity check, several assets per version with `unfinished`, the
 * republish rules, namespace and format rules, asset name constraints, missing domain or
 * repository, and the publish origin control.
 */
import { Readable } from 'node:stream';
import {
  AccessDeniedException,
  ConflictException,
  CreateDomainCommand,
  CreateRepositoryCommand,
  DescribePackageCommand,
  ListPackagesCommand,
  PutPackageOriginConfigurationCommand,
  ResourceNotFoundException,
  ValidationException,
  type CodeartifactClient,
} from '@aws-sdk/client-codeartifact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectServiceError, expectValidationError } from '../helpers/expect-error';
import {
  assetHashes,
  describeVersion,
  domainAssetBytes,
  downloadAsset,
  expectPublished,
  listAssets,
  listVersions,
  pseudoRandomBytes,
  publishGeneric,
  sha256Hex,
  uniqueBytes,
  type GenericPackage,
} from '../helpers/packages';
import { eventually, filesWithContent } from '../helpers/data-dir-files';
import { abandonUpload } from '../helpers/partial-upload';
import { signedRawRequest } from '../helpers/raw-http';
import { startServe, type ServeHandle } from '../helpers/serve';
import { makeTempDir, removeDir } from '../helpers/temp-dir';

let serve: ServeHandle;
let client: CodeartifactClient;
const domain = 'publishing';
const repository = 'releases';

beforeAll(async () => {
  serve = await startServe();
  client = serve.client();
  await client.send(new CreateDomainCommand({ domain }));
  await client.send(new CreateRepositoryCommand({ domain, repository }));
}, 60_000);

afterAll(async () => {
  await serve?.dispose();
}, 30_000);

function pkg(name: string, namespace = 'acme'): GenericPackage {
  return { domain, repository, namespace, package: name };
}

async function expectVersionAbsent(target: GenericPackage, version: string): Promise<void> {
  await expectServiceError(describeVersion(client, target, version), ResourceNotFoundException, {
    status: 404,
  });
}

describe('PublishPackageVersion: bodies and hashes', () => {
  it('publishes a Buffer and answers with the version, its revision, status Published and the four hashes', async () => {
    const target = pkg('buffered');
    const content = uniqueBytes('buffered', 10_000);
    const result = await publishGeneric(client, target, '1.0.0', 'tool.tar.gz', content);
    const revision = expectPublished(result, target, '1.0.0', 'tool.tar.gz', content);

    const described = await describeVersion(client, target, '1.0.0');
    expect(described.status).toBe('Published');
    expect(described.revision).toBe(revision);
    const downloaded = await downloadAsset(client, target, '1.0.0', 'tool.tar.gz');
    expect(downloaded.bytes.equals(content), 'downloaded bytes equal the published ones').toBe(true);
  });

  it('streams a Readable body of unknown length (chunked upload) and stores the exact bytes', async () => {
    const target = pkg('streamed');
    // 3 MiB and a few bytes, in uneven chunks, with no Content-Length known to the SDK.
    const content = pseudoRandomBytes('streamed-body', 3 * 1024 * 1024 + 17);
    const chunks: Buffer[] = [];
    for (let offset = 0; offset < content.length; offset += 65_537) {
      chunks.push(content.subarray(offset, offset + 65_537));
    }
    const body = Readable.from(chunks);
    const result = await publishGeneric(client, target, '2.0.0', 'data.bin', content, { body });
    expectPublished(result, target, '2.0.0', 'data.bin', content);

    const downloaded = await downloadAsset(client, target, '2.0.0', 'data.bin');
    expect(downloaded.bytes.length).toBe(content.length);
    expect(sha256Hex(downloaded.bytes)).toBe(sha256Hex(content));
  });

  it('publishes an empty asset with the hashes of zero bytes', async () => {
    const target = pkg('empty-asset');
    const result = await publishGeneric(client, target, '1.0.0', 'EMPTY', Buffer.alloc(0));
    expectPublished(result, target, '1.0.0', 'EMPTY', Buffer.alloc(0));
    expect((await downloadAsset(client, target, '1.0.0', 'EMPTY')).bytes.length).toBe(0);
  });

  it('refuses a body whose SHA-256 differs from assetSHA256 with ValidationException and stores nothing', async () => {
    const target = pkg('tampered');
    const content = uniqueBytes('tampered');
    const wrong = sha256Hex(Buffer.from('something else entirely'));
    const error = await expectServiceError(
      publishGeneric(client, target, '1.0.0', 'tampered.zip', content, { assetSHA256: wrong }),
      ValidationException,
      { status: 400 },
    );
    expect(['FIELD_VALIDATION_FAILED', 'OTHER']).toContain(error.reason);
    await expectVersionAbsent(target, '1.0.0');
  });

  it('refuses the same mismatch when the body is streamed', async () => {
    const target = pkg('tampered-stream');
    const content = pseudoRandomBytes('tampered-stream', 256 * 1024);
    const body = Readable.from([content.subarray(0, 1000), content.subarray(1000)]);
    await expectServiceError(
      publishGeneric(client, target, '1.0.0', 'x.bin', content, {
        body,
        assetSHA256: sha256Hex(Buffer.concat([content, Buffer.from('!')])),
      }),
      ValidationException,
      { status: 400 },
    );
    await expectVersionAbsent(target, '1.0.0');
  });

  it('refuses an assetSHA256 that is not 64 lower-case hex digits', async () => {
    const target = pkg('bad-hash');
    await expectValidationError(
      publishGeneric(client, target, '1.0.0', 'a.txt', 'abc', { assetSHA256: 'abc123' }),
      ['assetSHA256', 'x-amz-content-sha256'],
    );
    await expectVersionAbsent(target, '1.0.0');
  });
});

describe('PublishPackageVersion: several assets, unfinished versions and republishing', () => {
  it('keeps a version Unfinished while assets arrive with `unfinished`, then Published with the last one', async () => {
    const target = pkg('multi');
    const files = {
      'multi-linux.tar.gz': uniqueBytes('linux', 2048),
      'multi-mac.tar.gz': uniqueBytes('mac', 3072),
      'multi-windows.zip': uniqueBytes('windows', 4096),
    };
    const names = Object.keys(files) as (keyof typeof files)[];
    const [first, second, last] = names as [keyof typeof files, keyof typeof files, keyof typeof files];

    const r1 = await publishGeneric(client, target, '3.1.0', first, files[first], { unfinished: true });
    const rev1 = expectPublished(r1, target, '3.1.0', first, files[first], 'Unfinished');
    expect((await describeVersion(client, target, '3.1.0')).status).toBe('Unfinished');

    const r2 = await publishGeneric(client, target, '3.1.0', second, files[second], { unfinished: true });
    const rev2 = expectPublished(r2, target, '3.1.0', second, files[second], 'Unfinished');
    expect(rev2, 'a new asset changes the revision').not.toBe(rev1);

    const r3 = await publishGeneric(client, target, '3.1.0', last, files[last]);
    const rev3 = expectPublished(r3, target, '3.1.0', last, files[last], 'Published');
    expect(rev3).not.toBe(rev2);

    const described = await describeVersion(client, target, '3.1.0');
    expect(described.status).toBe('Published');
    expect(described.revision).toBe(rev3);

    const assets = await listAssets(client, target, '3.1.0');
    expect(assets.map((a) => a.name).sort()).toEqual([...names].sort());
    for (const asset of assets) {
      const bytes = files[asset.name as keyof typeof files];
      expect(asset.size).toBe(bytes.length);
      expect(asset.hashes).toEqual(assetHashes(bytes));
      const downloaded = await downloadAsset(client, target, '3.1.0', asset.name as string);
      expect(downloaded.bytes.equals(bytes), `bytes of ${asset.name}`).toBe(true);
    }
  });

  it('republishing an identical asset succeeds and changes nothing: same revision, same status', async () => {
    const target = pkg('idempotent');
    const content = uniqueBytes('idempotent');
    const first = await publishGeneric(client, target, '1.0.0', 'same.bin', content);
    const revision = expectPublished(first, target, '1.0.0', 'same.bin', content);
    const bytesBefore = await domainAssetBytes(client, domain);

    const again = await publishGeneric(client, target, '1.0.0', 'same.bin', content);
    expectPublished(again, target, '1.0.0', 'same.bin', content);
    expect(again.versionRevision, 'revision after an identical republish').toBe(revision);

    const described = await describeVersion(client, target, '1.0.0');
    expect(described.revision).toBe(revision);
    expect(described.status).toBe('Published');
    expect(await listAssets(client, target, '1.0.0')).toHaveLength(1);
    expect(await domainAssetBytes(client, domain)).toBe(bytesBefore);
  });

  it('an identical republish with `unfinished` never turns a Published version back into Unfinished', async () => {
    const target = pkg('stays-published');
    const content = uniqueBytes('stays-published');
    const first = await publishGeneric(client, target, '1.0.0', 'a.bin', content);
    const again = await publishGeneric(client, target, '1.0.0', 'a.bin', content, { unfinished: true });
    expect(again.status).toBe('Published');
    expect(again.versionRevision).toBe(first.versionRevision);
    expect((await describeVersion(client, target, '1.0.0')).status).toBe('Published');
  });

  it('refuses different content under an existing asset name with 409 ConflictException and keeps the original', async () => {
    const target = pkg('conflict');
    const original = uniqueBytes('original');
    const first = await publishGeneric(client, target, '1.0.0', 'app.jar', original);
    await expectServiceError(
      publishGeneric(client, target, '1.0.0', 'app.jar', uniqueBytes('replacement')),
      ConflictException,
      { status: 409 },
    );
    const described = await describeVersion(client, target, '1.0.0');
    expect(described.revision).toBe(first.versionRevision);
    const downloaded = await downloadAsset(client, target, '1.0.0', 'app.jar');
    expect(downloaded.bytes.equals(original)).toBe(true);
  });

  it('refuses different content under an existing asset name of an Unfinished version too (409)', async () => {
    const target = pkg('conflict-unfinished');
    await publishGeneric(client, target, '1.0.0', 'part.bin', uniqueBytes('p1'), { unfinished: true });
    await expectServiceError(
      publishGeneric(client, target, '1.0.0', 'part.bin', uniqueBytes('p2'), { unfinished: true }),
      ConflictException,
      { status: 409 },
    );
    expect((await describeVersion(client, target, '1.0.0')).status).toBe('Unfinished');
  });

  it('a Published generic version takes no further asset names (409), as the user guide says', async () => {
    const target = pkg('closed');
    const first = await publishGeneric(client, target, '1.0.0', 'one.txt', uniqueBytes('one'));
    await expectServiceError(
      publishGeneric(client, target, '1.0.0', 'two.txt', uniqueBytes('two')),
      ConflictException,
      { status: 409 },
    );
    expect((await listAssets(client, target, '1.0.0')).map((a) => a.name)).toEqual(['one.txt']);
    expect((await describeVersion(client, target, '1.0.0')).revision).toBe(first.versionRevision);
  });

  it('stores identical bytes once per domain: a second version with the same asset adds no asset bytes', async () => {
    const content = uniqueBytes('dedup', 50_000);
    await publishGeneric(client, pkg('dedup-a'), '1.0.0', 'blob.bin', content);
    const before = await domainAssetBytes(client, domain);
    await publishGeneric(client, pkg('dedup-b'), '7.0.0', 'other-name.bin', content);
    expect(await domainAssetBytes(client, domain)).toBe(before);
    const fresh = uniqueBytes('fresh', 12_345);
    await publishGeneric(client, pkg('dedup-c'), '1.0.0', 'fresh.bin', fresh);
    expect(await domainAssetBytes(client, domain)).toBe(before + fresh.length);
  });
});

describe('PublishPackageVersion: what it refuses', () => {
  it('requires a namespace for generic packages (ValidationException)', async () => {
    const target = { domain, repository, namespace: undefined as unknown as string, package: 'no-ns' };
    await expectServiceError(publishGeneric(client, target, '1.0.0', 'a.txt', 'a'), ValidationException, {
      status: 400,
    });
  });

  it.each(['npm', 'pypi', 'maven', 'nuget'])(
    'refuses format %s: only generic packages are published this way',
    async (format) => {
      const target = pkg('not-generic', 'scope');
      await expectServiceError(
        publishGeneric(client, target, '1.0.0', 'a.tgz', 'a', { format }),
        ValidationException,
        { status: 400 },
      );
    },
  );

  it('refuses a format that does not exist (ValidationException naming format)', async () => {
    await expectValidationError(
      publishGeneric(client, pkg('nonsense-format'), '1.0.0', 'a', 'a', { format: 'tarball' }),
      'format',
    );
  });

  it('accepts asset names with Unicode letters, digits and the documented special characters', async () => {
    const target = pkg('names');
    const names = ['Ünïcødé-名前-1.0.tar.gz', '~!@^&()-`_+[]{};,.txt', 'a'.repeat(255)];
    for (const [index, name] of names.entries()) {
      const content = uniqueBytes(`name-${index}`);
      const version = `1.0.${index}`;
      const result = await publishGeneric(client, target, version, name, content);
      expect(result.asset?.name).toBe(name);
      expect((await listAssets(client, target, version)).map((a) => a.name)).toEqual([name]);
      const downloaded = await downloadAsset(client, target, version, name);
      expect(downloaded.bytes.equals(content), `download of ${JSON.stringify(name)}`).toBe(true);
    }
  });

  it.each([
    ['longer than 255 characters', 'b'.repeat(256)],
    ['with a control character', 'bell\u0007.txt'],
    ['with a line break', 'two\nlines.txt'],
  ])('refuses an asset name %s (ValidationException naming the asset)', async (_label, name) => {
    const target = pkg('bad-names');
    await expectValidationError(publishGeneric(client, target, '1.0.0', name, 'x'), ['asset', 'assetName']);
    await expectVersionAbsent(target, '1.0.0');
  });

  it.each([
    ['a version with a slash', 'package', '1.0/2'],
    ['a version with whitespace', 'package', '1.0 beta'],
    ['a version with #', 'package', '1#2'],
    ['a package name with a slash', 'a/b', '1.0.0'],
    ['a package name longer than 255 characters', 'p'.repeat(256), '1.0.0'],
  ])('refuses %s (ValidationException)', async (_label, name, version) => {
    await expectServiceError(publishGeneric(client, pkg(name), version, 'a.txt', 'a'), ValidationException, {
      status: 400,
    });
  });

  it('answers 404 ResourceNotFoundException for a domain that does not exist', async () => {
    await expectServiceError(
      publishGeneric(client, { ...pkg('x'), domain: 'no-such-domain' }, '1.0.0', 'a', 'a'),
      ResourceNotFoundException,
      { status: 404, resourceType: 'domain' },
    );
  });

  it('answers 404 ResourceNotFoundException for a repository that does not exist', async () => {
    await expectServiceError(
      publishGeneric(client, { ...pkg('x'), repository: 'no-such-repo' }, '1.0.0', 'a', 'a'),
      ResourceNotFoundException,
      { status: 404, resourceType: 'repository', resourceId: 'no-such-repo' },
    );
  });

  it('answers 404 for a domain owner that is not the local account', async () => {
    await expectServiceError(
      publishGeneric(client, pkg('x'), '1.0.0', 'a', 'a', { domainOwner: '210987654321' }),
      ResourceNotFoundException,
      { status: 404, resourceType: 'domain' },
    );
  });
});

describe('PublishPackageVersion and origin controls', () => {
  it('refuses a publish with 403 AccessDeniedException while the package has publish=BLOCK, and accepts it after ALLOW', async () => {
    const target = pkg('guarded');
    const put = (publish: 'ALLOW' | 'BLOCK') =>
      client.send(
        new PutPackageOriginConfigurationCommand({
          domain,
          repository,
          format: 'generic',
          namespace: target.namespace,
          package: target.package,
          restrictions: { publish, upstream: 'BLOCK' },
        }),
      );
    await put('BLOCK');
    await expectServiceError(
      publishGeneric(client, target, '1.0.0', 'guarded.bin', uniqueBytes('guarded')),
      AccessDeniedException,
      { status: 403 },
    );
    await expectVersionAbsent(target, '1.0.0');

    await put('ALLOW');
    const content = uniqueBytes('guarded-ok');
    expectPublished(
      await publishGeneric(client, target, '1.0.0', 'guarded.bin', content),
      target,
      '1.0.0',
      'guarded.bin',
      content,
    );
  });

  it('gives a package created by its first publish the defaults publish=ALLOW, upstream=BLOCK', async () => {
    const target = pkg('fresh-defaults');
    await publishGeneric(client, target, '0.1.0', 'f.txt', uniqueBytes('defaults'));
    const { package: described } = await client.send(
      new DescribePackageCommand({
        domain,
        repository,
        format: 'generic',
        namespace: target.namespace,
        package: target.package,
      }),
    );
    expect(described?.originConfiguration?.restrictions).toEqual({ publish: 'ALLOW', upstream: 'BLOCK' });
    const { packages } = await client.send(
      new ListPackagesCommand({ domain, repository, format: 'generic', packagePrefix: 'fresh-defaults' }),
    );
    expect(packages).toEqual([
      {
        format: 'generic',
        namespace: 'acme',
        package: 'fresh-defaults',
        originConfiguration: { restrictions: { publish: 'ALLOW', upstream: 'BLOCK' } },
      },
    ]);
  });
});

describe('PublishPackageVersion under concurrency, aborted uploads and crashes', () => {
  it('keeps every asset when many assets of one version are published at the same time', async () => {
    const target = pkg('parallel');
    const files = Array.from({ length: 12 }, (_, i) => ({
      name: `part-${i}.bin`,
      bytes: uniqueBytes(`parallel-${i}`),
    }));
    const results = await Promise.all(
      files.map((file) =>
        publishGeneric(client, target, '1.0.0', file.name, file.bytes, { unfinished: true }),
      ),
    );
    for (const result of results) expect(result.status).toBe('Unfinished');
    const assets = await listAssets(client, target, '1.0.0');
    expect(assets.map((a) => a.name).sort()).toEqual(files.map((f) => f.name).sort());
    expect(await listVersions(client, target)).toHaveLength(1);
  });

  it('creates one version when the same new version is published by several clients at once', async () => {
    const target = pkg('racing');
    const content = uniqueBytes('racing');
    const results = await Promise.all(
      Array.from({ length: 6 }, () => publishGeneric(client, target, '1.0.0', 'same.bin', content)),
    );
    const revisions = new Set(results.map((r) => r.versionRevision));
    expect(revisions.size, 'identical publishes end in one revision').toBe(1);
    expect((await listVersions(client, target)).map((v) => v.version)).toEqual(['1.0.0']);
  });

  it('keeps nothing of an upload whose client hangs up mid-body, and keeps serving', async () => {
    const target = pkg('abandoned');
    const body = pseudoRandomBytes('abandoned', 4 * 1024 * 1024);
    const before = await domainAssetBytes(client, domain);
    const query = new URLSearchParams({
      domain,
      repository,
      format: 'generic',
      namespace: target.namespace,
      package: target.package,
      version: '1.0.0',
      asset: 'abandoned.bin',
    });
    await abandonUpload({
      endpoint: serve.endpoint,
      accessKeyId: serve.accessKeyId,
      secretAccessKey: serve.secretAccessKey,
      region: serve.region,
      path: `/v1/package/version/publish?${query.toString()}`,
      body,
      sha256: sha256Hex(body),
      sendBytes: 1024 * 1024,
    });
    await expectVersionAbsent(target, '1.0.0');
    expect(await domainAssetBytes(client, domain)).toBe(before);
    const sent = body.subarray(0, 1024 * 1024);
    const leftovers = await eventually(
      () => filesWithContent(serve.dataDir, sha256Hex(sent), sent.length),
      (files) => files.length === 0,
    );
    expect(leftovers, 'the partial upload leaves no file behind').toEqual([]);
    // The same upload, complete this time, goes through.
    const result = await publishGeneric(client, target, '1.0.0', 'abandoned.bin', body);
    expect(result.status).toBe('Published');
  });

  it('refuses a publish whose x-amz-content-sha256 is UNSIGNED-PAYLOAD (the asset hash is required)', async () => {
    const query = new URLSearchParams({
      domain,
      repository,
      format: 'generic',
      namespace: 'acme',
      package: 'unsigned',
      version: '1.0.0',
      asset: 'u.bin',
    });
    const response = await signedRawRequest({
      endpoint: serve.endpoint,
      accessKeyId: serve.accessKeyId,
      secretAccessKey: serve.secretAccessKey,
      region: serve.region,
      method: 'POST',
      path: `/v1/package/version/publish?${query.toString()}`,
      headers: { 'content-type': 'application/octet-stream', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
      body: 'payload',
    });
    expect(response.status).toBe(400);
    expect(response.headers['x-amzn-errortype']).toMatch(/^ValidationException/);
    await expectVersionAbsent(pkg('unsigned'), '1.0.0');
  });

  it('an acknowledged publish survives kill -9 of the server: version, revision and bytes are there after a restart', async () => {
    const dataDir = await makeTempDir('artifact-desk-publish-crash-');
    try {
      const first = await startServe({ dataDir });
      const firstClient = first.client();
      const target: GenericPackage = {
        domain: 'durable',
        repository: 'kept',
        namespace: 'acme',
        package: 'kept',
      };
      const content = uniqueBytes('durable', 64 * 1024);
      let revision: string | undefined;
      try {
        await firstClient.send(new CreateDomainCommand({ domain: target.domain }));
        await firstClient.send(
          new CreateRepositoryCommand({ domain: target.domain, repository: target.repository }),
        );
        revision = (await publishGeneric(firstClient, target, '1.0.0', 'kept.bin', content)).versionRevision;
        await first.kill();
      } finally {
        await first.dispose();
      }
      const second = await startServe({ dataDir });
      try {
        const secondClient = second.client();
        const described = await describeVersion(secondClient, target, '1.0.0');
        expect(described.status).toBe('Published');
        expect(described.revision).toBe(revision);
        const downloaded = await downloadAsset(secondClient, target, '1.0.0', 'kept.bin');
        expect(downloaded.bytes.equals(content)).toBe(true);
      } finally {
        await second.dispose();
      }
    } finally {
      await removeDir(dataDir);
    }
  }, 90_000);
});
