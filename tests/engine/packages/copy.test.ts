// CopyPackageVersions: per-version outcomes, overwrite, upstream sources, origin controls, shared assets and dist-tags.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ResourceNotFoundException, ValidationException } from '../../../src/main/engine/errors';
import { listDistTags, setDistTag } from '../../../src/main/engine/packages/dist-tags';
import { expectServiceError, type EngineFixture } from '../engine-fixture';
import {
  assetSizeBytes,
  blobExists,
  domain,
  openPackageEngine,
  publishFormat,
  publishGeneric,
} from './package-fixture';

const lib = { format: 'npm', package: 'lib' } as const;
const copy = { domain, sourceRepository: 'dev', destinationRepository: 'prod', ...lib } as const;

describe('CopyPackageVersions', () => {
  let engine: EngineFixture;
  beforeEach(async () => {
    engine = await openPackageEngine('dev', 'prod', 'upstream');
  });
  afterEach(async () => {
    await engine.close();
  });

  const publish = (
    repository: string,
    version: string,
    content = `${repository}:${version}`,
    distTags?: string[],
  ) =>
    publishFormat(engine, {
      repository,
      ...lib,
      version,
      assets: [{ name: `lib-${version}.tgz`, content }],
      distTags,
    });
  const describeIn = async (repository: string, version: string) =>
    (await engine.call('DescribePackageVersion', { domain, repository, ...lib, packageVersion: version }))
      .packageVersion;

  it('copies versions with their status, revision, metadata and origin, sharing the stored assets', async () => {
    const one = await publishFormat(engine, {
      repository: 'dev',
      ...lib,
      version: '1.0.0',
      assets: [{ name: 'lib-1.0.0.tgz', content: 'one' }],
      metadata: { summary: 'a library', dependencies: [{ package: 'dep', versionRequirement: '^1' }] },
    });
    await publish('dev', '1.1.0', 'one-one');
    await engine.call('UpdatePackageVersionsStatus', {
      domain,
      repository: 'dev',
      ...lib,
      versions: ['1.1.0'],
      targetStatus: 'Unlisted',
    });
    const sizeBefore = await assetSizeBytes(engine);
    const result = await engine.call('CopyPackageVersions', { ...copy, versions: ['1.0.0', '1.1.0'] });
    expect(result.failedVersions).toEqual({});
    expect(result.successfulVersions?.['1.0.0']).toEqual({ revision: one.revision, status: 'Published' });
    expect(result.successfulVersions?.['1.1.0']?.status).toBe('Unlisted');
    expect(await describeIn('prod', '1.0.0')).toMatchObject({
      summary: 'a library',
      revision: one.revision,
      origin: { domainEntryPoint: { repositoryName: 'dev' }, originType: 'INTERNAL' },
    });
    const deps = await engine.call('ListPackageVersionDependencies', {
      domain,
      repository: 'prod',
      ...lib,
      packageVersion: '1.0.0',
    });
    expect(deps.dependencies).toEqual([{ package: 'dep', versionRequirement: '^1' }]);
    expect(await assetSizeBytes(engine), 'assets are shared, not stored again').toBe(sizeBefore);
    // The copy keeps the bytes alive after the source goes.
    await engine.call('DeletePackage', { domain, repository: 'dev', ...lib });
    expect(blobExists(engine, 'one')).toBe(true);
  });

  it('reports NOT_FOUND, MISMATCHED_REVISION and MISMATCHED_STATUS per version', async () => {
    const one = await publish('dev', '1.0.0');
    await publish('dev', '2.0.0');
    await publishFormat(engine, { repository: 'dev', ...lib, version: '3.0.0', status: 'Unfinished' });
    await publish('dev', '4.0.0');
    await engine.call('DisposePackageVersions', { domain, repository: 'dev', ...lib, versions: ['4.0.0'] });
    const result = await engine.call('CopyPackageVersions', {
      ...copy,
      versionRevisions: { '1.0.0': one.revision, '2.0.0': 'stale', '3.0.0': 'x', '5.0.0': 'y' },
    });
    expect(Object.keys(result.successfulVersions ?? {})).toEqual(['1.0.0']);
    expect(result.failedVersions?.['2.0.0']?.errorCode).toBe('MISMATCHED_REVISION');
    expect(result.failedVersions?.['5.0.0']?.errorCode).toBe('NOT_FOUND');
    const statuses = await engine.call('CopyPackageVersions', { ...copy, versions: ['3.0.0', '4.0.0'] });
    expect(statuses.failedVersions?.['3.0.0']?.errorCode).toBe('MISMATCHED_STATUS');
    expect(statuses.failedVersions?.['4.0.0']?.errorCode).toBe('MISMATCHED_STATUS');
  });

  it('answers ALREADY_EXISTS for a version the destination has, replaces it with allowOverwrite, and SKIPS an identical overwrite', async () => {
    await publish('dev', '1.0.0', 'dev bytes');
    await publish('prod', '1.0.0', 'prod bytes');
    await engine.call('PutPackageOriginConfiguration', {
      domain,
      repository: 'prod',
      ...lib,
      restrictions: { publish: 'ALLOW', upstream: 'BLOCK' },
    });
    const refused = await engine.call('CopyPackageVersions', { ...copy, versions: ['1.0.0'] });
    expect(refused.failedVersions?.['1.0.0']?.errorCode).toBe('ALREADY_EXISTS');
    const replaced = await engine.call('CopyPackageVersions', {
      ...copy,
      versions: ['1.0.0'],
      allowOverwrite: true,
    });
    expect(replaced.successfulVersions?.['1.0.0']?.status).toBe('Published');
    expect(blobExists(engine, 'prod bytes'), 'the replaced asset is released').toBe(false);
    const again = await engine.call('CopyPackageVersions', {
      ...copy,
      versions: ['1.0.0'],
      allowOverwrite: true,
    });
    expect(again.failedVersions?.['1.0.0']?.errorCode).toBe('SKIPPED');
    const identical = await engine.call('CopyPackageVersions', { ...copy, versions: ['1.0.0'] });
    expect(
      identical.failedVersions?.['1.0.0']?.errorCode,
      'without allowOverwrite even an identical copy is ALREADY_EXISTS',
    ).toBe('ALREADY_EXISTS');
  });

  it('answers NOT_ALLOWED when the destination package blocks publishing', async () => {
    await publish('dev', '1.0.0');
    await engine.call('PutPackageOriginConfiguration', {
      domain,
      repository: 'prod',
      ...lib,
      restrictions: { publish: 'BLOCK', upstream: 'ALLOW' },
    });
    const result = await engine.call('CopyPackageVersions', { ...copy, versions: ['1.0.0'] });
    expect(result.failedVersions?.['1.0.0']?.errorCode).toBe('NOT_ALLOWED');
  });

  it('copies from the source’s upstreams only with includeFromUpstream', async () => {
    await engine.call('UpdateRepository', {
      domain,
      repository: 'dev',
      upstreams: [{ repositoryName: 'upstream' }],
    });
    await publish('upstream', '1.0.0');
    await expectServiceError(
      engine.call('CopyPackageVersions', { ...copy, versions: ['1.0.0'] }),
      ResourceNotFoundException,
      { resourceType: 'package' },
    );
    const result = await engine.call('CopyPackageVersions', {
      ...copy,
      versions: ['1.0.0'],
      includeFromUpstream: true,
    });
    expect(result.successfulVersions?.['1.0.0']?.status).toBe('Published');
    expect((await describeIn('prod', '1.0.0'))?.origin).toEqual({
      domainEntryPoint: { repositoryName: 'upstream' },
      originType: 'INTERNAL',
    });
  });

  it('carries the npm dist-tags that point at copied versions, unless the destination set them more recently', async () => {
    await publish('dev', '1.0.0', 'a', ['latest']);
    engine.advance(1000);
    await publish('dev', '2.0.0-rc.1', 'b', ['next']);
    await engine.call('CopyPackageVersions', { ...copy, versions: ['1.0.0'] });
    expect(listDistTags(engine.ctx, { domain, repository: 'prod', ...lib })).toEqual({ latest: '1.0.0' });
    engine.advance(1000);
    setDistTag(engine.ctx, { domain, repository: 'prod', ...lib, tag: 'next', version: '1.0.0' });
    await engine.call('CopyPackageVersions', { ...copy, versions: ['2.0.0-rc.1'] });
    expect(listDistTags(engine.ctx, { domain, repository: 'prod', ...lib })).toEqual({
      latest: '1.0.0',
      next: '1.0.0',
    });
  });

  it('works for generic packages too', async () => {
    await publishGeneric(engine, {
      repository: 'dev',
      namespace: 'tools',
      package: 'cli',
      version: '1',
      asset: 'a',
      content: 'x',
    });
    const result = await engine.call('CopyPackageVersions', {
      domain,
      sourceRepository: 'dev',
      destinationRepository: 'prod',
      format: 'generic',
      namespace: 'tools',
      package: 'cli',
      versions: ['1'],
    });
    expect(result.successfulVersions?.['1']?.status).toBe('Published');
  });

  it('needs versions xor versionRevisions, two different repositories, and existing ones', async () => {
    await publish('dev', '1.0.0');
    await expectServiceError(engine.call('CopyPackageVersions', { ...copy }), ValidationException, {
      message: /versionRevisions/,
    });
    await expectServiceError(
      engine.call('CopyPackageVersions', {
        ...copy,
        versions: ['1.0.0'],
        versionRevisions: { '1.0.0': 'x' },
      }),
      ValidationException,
    );
    await expectServiceError(
      engine.call('CopyPackageVersions', { ...copy, destinationRepository: 'dev', versions: ['1.0.0'] }),
      ValidationException,
    );
    await expectServiceError(
      engine.call('CopyPackageVersions', { ...copy, destinationRepository: 'nope', versions: ['1.0.0'] }),
      ResourceNotFoundException,
      { resourceId: 'nope', resourceType: 'repository' },
    );
  });
});
