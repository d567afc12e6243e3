/**
 * Group origin controls where versions enter repositories, in-process: PublishPackageVersion and the
 * format publish path refuse what the package's group does not allow (as a package-level publish
 * BLOCK does), CopyPackageVersions fails such versions with NOT_ALLOWED, and a version an upstream
 * holds is not served (or retained) when the group keeps INTERNAL_UPSTREAM from the repository.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type {
  PackageGroupOriginRestrictionMode,
  PackageGroupOriginRestrictionType,
} from '@aws-sdk/client-codeartifact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeAssetBlob } from '../../../src/main/engine/assets/asset-blobs';
import { AccessDeniedException } from '../../../src/main/engine/errors';
import { publishFormatVersion } from '../../../src/main/engine/package-versions/publish-format-version';
import { resolvePackageVersion } from '../../../src/main/engine/upstreams/resolve-package-version';
import { expectServiceError, openEngine, type EngineFixture } from '../engine-fixture';

const domain = 'guarded';
const namespace = 'acme';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('group origin controls where versions enter repositories', () => {
  let engine: EngineFixture;
  beforeEach(async () => {
    engine = await openEngine();
    await engine.call('CreateDomain', { domain });
    for (const repository of ['base', 'allowed', 'other'])
      await engine.call('CreateRepository', { domain, repository });
    // Both downstream repositories read through 'base'.
    for (const repository of ['allowed', 'other']) {
      await engine.call('UpdateRepository', { domain, repository, upstreams: [{ repositoryName: 'base' }] });
    }
    await engine.call('CreatePackageGroup', { domain, packageGroup: `/generic/${namespace}/*` });
  });
  afterEach(async () => {
    await engine.close();
  });

  const configure = (
    restrictions: Partial<Record<PackageGroupOriginRestrictionType, PackageGroupOriginRestrictionMode>>,
    allowed: [PackageGroupOriginRestrictionType, string][] = [],
  ) =>
    engine.call('UpdatePackageGroupOriginConfiguration', {
      domain,
      packageGroup: `/generic/${namespace}/*`,
      restrictions,
      addAllowedRepositories: allowed.map(([originRestrictionType, repositoryName]) => ({
        originRestrictionType,
        repositoryName,
      })),
    });
  const publish = (repository: string, pkg: string, version: string, ns = namespace) =>
    engine.call('PublishPackageVersion', {
      domain,
      repository,
      format: 'generic',
      namespace: ns,
      package: pkg,
      packageVersion: version,
      assetName: 'file.bin',
      assetContent: Buffer.from(`${pkg} ${version}`),
      assetSHA256: sha256(`${pkg} ${version}`),
    });
  const resolve = (repository: string, pkg: string, version: string) =>
    resolvePackageVersion(engine.ctx, {
      domain,
      repository,
      format: 'generic',
      namespace,
      package: pkg,
      version,
    });
  const versionsIn = async (repository: string, pkg: string) => {
    const listed = await engine.call('ListPackageVersions', {
      domain,
      repository,
      format: 'generic',
      namespace,
      package: pkg,
    });
    return (listed.versions ?? []).map((summary) => summary.version);
  };

  it('refuses a publish into a group that blocks publishing, with the package-level BLOCK error', async () => {
    await configure({ PUBLISH: 'BLOCK' });
    const error = await expectServiceError(publish('allowed', 'tool', '1.0.0'), AccessDeniedException, {
      message: /Package group '\/generic\/acme\/\*'.*blocks publishing \(PUBLISH: BLOCK\)/,
    });
    expect(error.statusCode).toBe(403);
    expect(await versionsIn('allowed', 'tool').catch(() => [])).toEqual([]);
    // Packages of other groups are not affected.
    await expect(publish('allowed', 'tool', '1.0.0', 'elsewhere')).resolves.toMatchObject({
      status: 'Published',
    });
  });

  it('applies an inherited BLOCK and names the group it comes from', async () => {
    await engine.call('CreatePackageGroup', { domain, packageGroup: `/generic/${namespace}/cli~` });
    await configure({ PUBLISH: 'BLOCK' });
    await expectServiceError(publish('allowed', 'cli-tool', '1.0.0'), AccessDeniedException, {
      message: /Package group '\/generic\/acme\/cli~'.*inherited from '\/generic\/acme\/\*'/,
    });
  });

  it('ALLOW_SPECIFIC_REPOSITORIES lets one repository publish and refuses another', async () => {
    await configure({ PUBLISH: 'ALLOW_SPECIFIC_REPOSITORIES' }, [['PUBLISH', 'allowed']]);
    await expect(publish('allowed', 'tool', '1.0.0')).resolves.toMatchObject({ status: 'Published' });
    await expectServiceError(publish('other', 'tool', '1.0.0'), AccessDeniedException, {
      message: /only in specific repositories, and 'other' is not one of them/,
    });
  });

  it('needs both the package and its group to allow a publish', async () => {
    await engine.call('PutPackageOriginConfiguration', {
      domain,
      repository: 'allowed',
      format: 'generic',
      namespace,
      package: 'tool',
      restrictions: { publish: 'ALLOW', upstream: 'ALLOW' },
    });
    await configure({ PUBLISH: 'BLOCK' });
    await expectServiceError(publish('allowed', 'tool', '1.0.0'), AccessDeniedException);
    await configure({ PUBLISH: 'ALLOW' });
    await engine.call('PutPackageOriginConfiguration', {
      domain,
      repository: 'allowed',
      format: 'generic',
      namespace,
      package: 'tool',
      restrictions: { publish: 'BLOCK', upstream: 'ALLOW' },
    });
    await expectServiceError(publish('allowed', 'tool', '1.0.0'), AccessDeniedException, {
      message: /publish: BLOCK/,
    });
  });

  it('refuses a format publish (the path npm, pip and Maven use) the group blocks', async () => {
    await engine.call('CreatePackageGroup', { domain, packageGroup: '/npm/acme/*' });
    await engine.call('UpdatePackageGroupOriginConfiguration', {
      domain,
      packageGroup: '/npm/acme/*',
      restrictions: { PUBLISH: 'BLOCK' },
    });
    const content = 'tarball bytes';
    const blob = await storeAssetBlob(engine.ctx, domain, Readable.from([Buffer.from(content)]), {
      expectedSha256: sha256(content),
    });
    await expectServiceError(
      publishFormatVersion(engine.ctx, {
        domain,
        repository: 'allowed',
        format: 'npm',
        namespace: 'acme',
        package: 'ui',
        version: '1.0.0',
        assets: [{ name: 'ui-1.0.0.tgz', blob }],
      }),
      AccessDeniedException,
      { message: /Package group '\/npm\/acme\/\*'/ },
    );
  });

  it('fails a copy into a repository the group does not allow with NOT_ALLOWED, and copies into an allowed one', async () => {
    await publish('base', 'tool', '1.0.0');
    await publish('base', 'tool', '2.0.0');
    await configure({ PUBLISH: 'ALLOW_SPECIFIC_REPOSITORIES' }, [
      ['PUBLISH', 'base'],
      ['PUBLISH', 'allowed'],
    ]);
    const copy = (destinationRepository: string) =>
      engine.call('CopyPackageVersions', {
        domain,
        sourceRepository: 'base',
        destinationRepository,
        format: 'generic',
        namespace,
        package: 'tool',
        versions: ['1.0.0', '2.0.0'],
      });
    const refused = await copy('other');
    expect(refused.successfulVersions).toEqual({});
    for (const version of ['1.0.0', '2.0.0']) {
      expect(refused.failedVersions?.[version]?.errorCode, version).toBe('NOT_ALLOWED');
      expect(refused.failedVersions?.[version]?.errorMessage).toMatch(/'other' is not one of them/);
    }
    const copied = await copy('allowed');
    expect(Object.keys(copied.successfulVersions ?? {}).sort()).toEqual(['1.0.0', '2.0.0']);
    expect(copied.failedVersions).toEqual({});
  });

  it('does not serve or retain an upstream version when the group blocks INTERNAL_UPSTREAM', async () => {
    await publish('base', 'tool', '1.0.0');
    await publish('base', 'lib', '1.0.0');
    await configure({ INTERNAL_UPSTREAM: 'BLOCK' });
    expect(resolve('allowed', 'tool', '1.0.0')).toBeUndefined();
    expect(await versionsIn('allowed', 'tool').catch(() => [])).toEqual([]);
    // In the repository that holds it, the version is still served.
    expect(resolve('base', 'tool', '1.0.0')?.foundIn).toBe('base');

    // INHERIT from the root, which allows: served and retained.
    await configure({ INTERNAL_UPSTREAM: 'INHERIT' });
    const served = resolve('allowed', 'tool', '1.0.0');
    expect(served?.foundIn).toBe('base');
    expect(served?.retainedIn).toEqual(['allowed']);
  });

  it('serves upstream versions only to the repositories an ALLOW_SPECIFIC_REPOSITORIES list names', async () => {
    await publish('base', 'tool', '1.0.0');
    await configure({ INTERNAL_UPSTREAM: 'ALLOW_SPECIFIC_REPOSITORIES' }, [['INTERNAL_UPSTREAM', 'allowed']]);
    expect(resolve('allowed', 'tool', '1.0.0')?.foundIn).toBe('base');
    expect(resolve('other', 'tool', '1.0.0')).toBeUndefined();
    // Copying from a source through its upstreams follows the same rule.
    const copied = await engine.call('CopyPackageVersions', {
      domain,
      sourceRepository: 'other',
      destinationRepository: 'allowed',
      format: 'generic',
      namespace,
      package: 'tool',
      versions: ['1.0.0'],
      includeFromUpstream: true,
    });
    expect(copied.failedVersions?.['1.0.0']?.errorCode).toBe('NOT_FOUND');
  });
});
