// The engine calls behind the format endpoints: create or extend a version with stored assets and metadata, and npm dist-tags.
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeAssetBlob } from '../../../src/main/engine/assets/asset-blobs';
import {
  AccessDeniedException,
  ConflictException,
  ResourceNotFoundException,
  ValidationException,
} from '../../../src/main/engine/errors';
import { listDistTags, removeDistTag, setDistTag } from '../../../src/main/engine/packages/dist-tags';
import { publishFormatVersion } from '../../../src/main/engine/package-versions/publish-format-version';
import { expectServiceError, type EngineFixture } from '../engine-fixture';
import { blobExists, domain, openPackageEngine, publishFormat } from './package-fixture';

const repo = { domain, repository: 'libs' } as const;

describe('format publishing', () => {
  let engine: EngineFixture;
  beforeEach(async () => {
    engine = await openPackageEngine('libs');
  });
  afterEach(async () => {
    await engine.close();
  });

  it('creates a version with its assets, metadata and dist-tags in one step', async () => {
    const result = await publishFormat(engine, {
      repository: 'libs',
      format: 'npm',
      namespace: 'acme',
      package: 'ui',
      version: '1.2.3',
      assets: [{ name: 'ui-1.2.3.tgz', content: 'tarball' }],
      metadata: {
        summary: 'UI kit',
        readme: 'readme text',
        dependencies: [{ package: 'react', versionRequirement: '^19' }],
      },
      distTags: ['latest', 'stable'],
    });
    expect(result).toMatchObject({
      format: 'npm',
      namespace: 'acme',
      package: 'ui',
      version: '1.2.3',
      status: 'Published',
      created: true,
      assets: [{ name: 'ui-1.2.3.tgz', size: 7 }],
    });
    expect(listDistTags(engine.ctx, { ...repo, format: 'npm', namespace: 'acme', package: 'ui' })).toEqual({
      latest: '1.2.3',
      stable: '1.2.3',
    });
    const deps = await engine.call('ListPackageVersionDependencies', {
      ...repo,
      format: 'npm',
      namespace: 'acme',
      package: 'ui',
      packageVersion: '1.2.3',
    });
    expect(deps.dependencies).toEqual([{ package: 'react', versionRequirement: '^19' }]);
  });

  it('holds npm versions to one tarball: a second publish of the version is a conflict', async () => {
    await publishFormat(engine, {
      repository: 'libs',
      format: 'npm',
      package: 'lib',
      version: '1.0.0',
      assets: [{ name: 'lib-1.0.0.tgz', content: 'a' }],
    });
    await expectServiceError(
      publishFormat(engine, {
        repository: 'libs',
        format: 'npm',
        package: 'lib',
        version: '1.0.0',
        assets: [{ name: 'other.tgz', content: 'b' }],
      }),
      ConflictException,
      { resourceType: 'package-version' },
    );
    expect(blobExists(engine, 'b'), 'the refused tarball is not kept').toBe(false);
    const same = await publishFormat(engine, {
      repository: 'libs',
      format: 'npm',
      package: 'lib',
      version: '1.0.0',
      assets: [{ name: 'lib-1.0.0.tgz', content: 'a' }],
    });
    expect(same.created).toBe(false);
    await expectServiceError(
      publishFormat(engine, {
        repository: 'libs',
        format: 'npm',
        package: 'two',
        version: '1.0.0',
        assets: [
          { name: 'a.tgz', content: 'a' },
          { name: 'b.tgz', content: 'b' },
        ],
      }),
      ValidationException,
    );
  });

  it('lets PyPI versions gain files after they are Published, but never replace one', async () => {
    await publishFormat(engine, {
      repository: 'libs',
      format: 'pypi',
      package: 'lib',
      version: '1.0',
      assets: [{ name: 'lib-1.0.tar.gz', content: 'sdist' }],
    });
    const extended = await publishFormat(engine, {
      repository: 'libs',
      format: 'pypi',
      package: 'lib',
      version: '1.0',
      assets: [{ name: 'lib-1.0-py3-none-any.whl', content: 'wheel' }],
    });
    expect(extended.assets.map((a) => a.name)).toEqual(['lib-1.0-py3-none-any.whl', 'lib-1.0.tar.gz']);
    await expectServiceError(
      publishFormat(engine, {
        repository: 'libs',
        format: 'pypi',
        package: 'lib',
        version: '1.0',
        assets: [{ name: 'lib-1.0.tar.gz', content: 'changed' }],
      }),
      ConflictException,
      { resourceType: 'asset' },
    );
  });

  it('keeps a Maven version Unfinished until its metadata arrives, and never takes it back', async () => {
    const jar = await publishFormat(engine, {
      repository: 'libs',
      format: 'maven',
      namespace: 'com.acme',
      package: 'core',
      version: '1.0',
      assets: [{ name: 'core-1.0.jar', content: 'jar' }],
      status: 'Unfinished',
    });
    expect(jar.status).toBe('Unfinished');
    const pom = await publishFormat(engine, {
      repository: 'libs',
      format: 'maven',
      namespace: 'com.acme',
      package: 'core',
      version: '1.0',
      assets: [{ name: 'core-1.0.pom', content: '<project/>' }],
      metadata: { licenses: [{ name: 'Apache-2.0' }] },
    });
    expect(pom.status).toBe('Published');
    const later = await publishFormat(engine, {
      repository: 'libs',
      format: 'maven',
      namespace: 'com.acme',
      package: 'core',
      version: '1.0',
      assets: [{ name: 'core-1.0-sources.jar', content: 'sources' }],
      status: 'Unfinished',
    });
    expect(later.status).toBe('Published');
    expect(later.assets).toHaveLength(3);
  });

  it('refuses new files for Archived versions and publishing when the origin configuration blocks it', async () => {
    await publishFormat(engine, { repository: 'libs', format: 'pypi', package: 'lib', version: '1.0' });
    await engine.call('UpdatePackageVersionsStatus', {
      ...repo,
      format: 'pypi',
      package: 'lib',
      versions: ['1.0'],
      targetStatus: 'Archived',
    });
    await expectServiceError(
      publishFormat(engine, {
        repository: 'libs',
        format: 'pypi',
        package: 'lib',
        version: '1.0',
        assets: [{ name: 'new.whl', content: 'w' }],
      }),
      ConflictException,
      { message: /Archived/ },
    );
    await engine.call('PutPackageOriginConfiguration', {
      ...repo,
      format: 'pypi',
      package: 'lib',
      restrictions: { publish: 'BLOCK', upstream: 'ALLOW' },
    });
    await expectServiceError(
      publishFormat(engine, { repository: 'libs', format: 'pypi', package: 'lib', version: '2.0' }),
      AccessDeniedException,
    );
  });

  it('refuses assets stored for another domain', async () => {
    await engine.call('CreateDomain', { domain: 'other' });
    const blob = await storeAssetBlob(engine.ctx, 'other', Readable.from([Buffer.from('x')]));
    await expectServiceError(
      publishFormatVersion(engine.ctx, {
        ...repo,
        format: 'pypi',
        package: 'lib',
        version: '1.0',
        assets: [{ name: 'lib.whl', blob }],
      }),
      ValidationException,
    );
  });

  describe('npm dist-tags', () => {
    const lib = { ...repo, format: 'npm', package: 'lib' } as const;
    beforeEach(async () => {
      await publishFormat(engine, {
        repository: 'libs',
        format: 'npm',
        package: 'lib',
        version: '1.0.0',
        distTags: ['latest'],
      });
      await publishFormat(engine, {
        repository: 'libs',
        format: 'npm',
        package: 'lib',
        version: '2.0.0-rc.1',
      });
    });

    it('sets, moves, lists and removes tags', async () => {
      expect(setDistTag(engine.ctx, { ...lib, tag: 'next', version: '2.0.0-rc.1' })).toEqual({
        latest: '1.0.0',
        next: '2.0.0-rc.1',
      });
      expect(setDistTag(engine.ctx, { ...lib, tag: 'latest', version: '2.0.0-rc.1' })).toEqual({
        latest: '2.0.0-rc.1',
        next: '2.0.0-rc.1',
      });
      expect(removeDistTag(engine.ctx, { ...lib, tag: 'next' })).toEqual({ latest: '2.0.0-rc.1' });
      expect(listDistTags(engine.ctx, lib)).toEqual({ latest: '2.0.0-rc.1' });
    });

    it('refuses tags for missing versions, missing tags, version-like tags and other formats', async () => {
      await expectServiceError(
        () => setDistTag(engine.ctx, { ...lib, tag: 'beta', version: '9.9.9' }),
        ResourceNotFoundException,
        {
          resourceType: 'package-version',
        },
      );
      await expectServiceError(
        () => removeDistTag(engine.ctx, { ...lib, tag: 'nope' }),
        ResourceNotFoundException,
      );
      await expectServiceError(
        () => setDistTag(engine.ctx, { ...lib, tag: '1.2.3', version: '1.0.0' }),
        ValidationException,
      );
      await expectServiceError(
        () => setDistTag(engine.ctx, { ...lib, tag: 'has space', version: '1.0.0' }),
        ValidationException,
      );
      await publishFormat(engine, { repository: 'libs', format: 'pypi', package: 'py', version: '1.0' });
      await expectServiceError(
        () =>
          setDistTag(engine.ctx, { ...repo, format: 'pypi', package: 'py', tag: 'latest', version: '1.0' }),
        ValidationException,
      );
    });
  });
});
