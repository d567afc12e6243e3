// Retiring versions and packages: dispose, delete versions, delete a package, and origin configuration.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ResourceNotFoundException, ValidationException } from '../../../src/main/engine/errors';
import { expectServiceError, type EngineFixture } from '../engine-fixture';
import { blobExists, domain, openPackageEngine, publishFormat, publishGeneric } from './package-fixture';

const repo = { domain, repository: 'libs' } as const;
const cli = { ...repo, format: 'generic', namespace: 'tools', package: 'cli' } as const;

describe('package lifecycle', () => {
  let engine: EngineFixture;
  beforeEach(async () => {
    engine = await openPackageEngine('libs');
  });
  afterEach(async () => {
    await engine.close();
  });

  const publish = (version: string, content = `cli ${version}`) =>
    publishGeneric(engine, { repository: 'libs', package: 'cli', version, asset: 'cli.bin', content });

  describe('DisposePackageVersions', () => {
    it('disposes versions, reports a new revision, and is idempotent for disposed ones', async () => {
      const published = await publish('1');
      const first = await engine.call('DisposePackageVersions', { ...cli, versions: ['1'] });
      expect(first).toEqual({
        successfulVersions: { '1': { revision: expect.any(String), status: 'Disposed' } },
        failedVersions: {},
      });
      expect(first.successfulVersions?.['1']?.revision).not.toBe(published.versionRevision);
      const second = await engine.call('DisposePackageVersions', { ...cli, versions: ['1'] });
      expect(second.successfulVersions?.['1']).toEqual(first.successfulVersions?.['1']);
    });

    it('applies expectedStatus and versionRevisions per version', async () => {
      await publish('1');
      await publish('2');
      const result = await engine.call('DisposePackageVersions', {
        ...cli,
        versions: ['1', '2', '3'],
        expectedStatus: 'Archived',
      });
      expect(result.successfulVersions).toEqual({});
      expect(result.failedVersions?.['1']?.errorCode).toBe('MISMATCHED_STATUS');
      expect(result.failedVersions?.['3']?.errorCode).toBe('NOT_FOUND');
      const byRevision = await engine.call('DisposePackageVersions', {
        ...cli,
        versions: ['1'],
        versionRevisions: { '1': 'nope' },
      });
      expect(byRevision.failedVersions?.['1']?.errorCode).toBe('MISMATCHED_REVISION');
    });
  });

  describe('DeletePackageVersions', () => {
    it('deletes versions, reporting their last revision with status Deleted', async () => {
      const one = await publish('1');
      await publish('2');
      const result = await engine.call('DeletePackageVersions', { ...cli, versions: ['1', '9'] });
      expect(result.successfulVersions).toEqual({
        '1': { revision: one.versionRevision, status: 'Deleted' },
      });
      expect(result.failedVersions?.['9']?.errorCode).toBe('NOT_FOUND');
      const listed = await engine.call('ListPackageVersions', cli);
      expect(listed.versions?.map((v) => v.version)).toEqual(['2']);
    });

    it('honours expectedStatus', async () => {
      await publish('1');
      const result = await engine.call('DeletePackageVersions', {
        ...cli,
        versions: ['1'],
        expectedStatus: 'Archived',
      });
      expect(result.failedVersions?.['1']?.errorCode).toBe('MISMATCHED_STATUS');
    });

    it('drops the dist-tags that named a deleted version', async () => {
      await publishFormat(engine, {
        repository: 'libs',
        format: 'npm',
        package: 'lib',
        version: '1.0.0',
        distTags: ['latest'],
      });
      await engine.call('DeletePackageVersions', {
        ...repo,
        format: 'npm',
        package: 'lib',
        versions: ['1.0.0'],
      });
      await publishFormat(engine, { repository: 'libs', format: 'npm', package: 'lib', version: '0.9.0' });
      const listed = await engine.call('ListPackageVersions', { ...repo, format: 'npm', package: 'lib' });
      expect(listed.defaultDisplayVersion).toBe('0.9.0');
    });

    it('needs the package to exist', async () => {
      await expectServiceError(
        engine.call('DeletePackageVersions', { ...cli, versions: ['1'] }),
        ResourceNotFoundException,
        { resourceType: 'package' },
      );
    });
  });

  describe('DeletePackage', () => {
    it('deletes the package with every version and returns its summary', async () => {
      await publish('1');
      await publish('2');
      const result = await engine.call('DeletePackage', cli);
      expect(result.deletedPackage).toEqual({
        format: 'generic',
        namespace: 'tools',
        package: 'cli',
        originConfiguration: { restrictions: { publish: 'ALLOW', upstream: 'BLOCK' } },
      });
      await expectServiceError(engine.call('DescribePackage', cli), ResourceNotFoundException, {
        resourceType: 'package',
      });
      expect(blobExists(engine, 'cli 1'), 'the deleted versions’ files stay in the trash').toBe(true);
      expect((await publish('1')).status).toBe('Published');
    });

    it('answers ResourceNotFoundException for a package that does not exist', async () => {
      await expectServiceError(engine.call('DeletePackage', cli), ResourceNotFoundException, {
        resourceId: 'tools/cli',
        resourceType: 'package',
      });
    });
  });

  describe('PutPackageOriginConfiguration', () => {
    it('creates a package with no versions when it does not exist', async () => {
      const result = await engine.call('PutPackageOriginConfiguration', {
        ...repo,
        format: 'npm',
        namespace: 'acme',
        package: 'ui',
        restrictions: { publish: 'ALLOW', upstream: 'BLOCK' },
      });
      expect(result).toEqual({
        originConfiguration: { restrictions: { publish: 'ALLOW', upstream: 'BLOCK' } },
      });
      const listed = await engine.call('ListPackageVersions', {
        ...repo,
        format: 'npm',
        namespace: 'acme',
        package: 'ui',
      });
      expect(listed.versions).toEqual([]);
      expect(listed.defaultDisplayVersion).toBeUndefined();
    });

    it('changes the restrictions of an existing package', async () => {
      await publish('1');
      await engine.call('PutPackageOriginConfiguration', {
        ...cli,
        restrictions: { publish: 'BLOCK', upstream: 'ALLOW' },
      });
      const described = await engine.call('DescribePackage', cli);
      expect(described.package?.originConfiguration).toEqual({
        restrictions: { publish: 'BLOCK', upstream: 'ALLOW' },
      });
    });

    it('needs both restrictions', async () => {
      await expectServiceError(
        engine.call('PutPackageOriginConfiguration', { ...cli, restrictions: { publish: 'ALLOW' } as never }),
        ValidationException,
        { message: /upstream/ },
      );
    });
  });
});
