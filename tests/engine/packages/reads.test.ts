// Reading packages and versions: listings with their filters and pages, descriptions, assets, readme, dependencies.
import type { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ConflictException,
  ResourceNotFoundException,
  ValidationException,
} from '../../../src/main/engine/errors';
import { expectServiceError, type EngineFixture } from '../engine-fixture';
import { domain, openPackageEngine, publishFormat, publishGeneric, readAll } from './package-fixture';

const repo = { domain, repository: 'libs' } as const;

describe('package and version reads', () => {
  let engine: EngineFixture;
  beforeEach(async () => {
    engine = await openPackageEngine('libs', 'other');
  });
  afterEach(async () => {
    await engine.close();
  });

  describe('ListPackages', () => {
    beforeEach(async () => {
      await publishFormat(engine, {
        repository: 'libs',
        format: 'npm',
        package: 'left-pad',
        version: '1.0.0',
      });
      await publishFormat(engine, {
        repository: 'libs',
        format: 'npm',
        namespace: 'acme',
        package: 'ui',
        version: '1.0.0',
      });
      await publishFormat(engine, {
        repository: 'libs',
        format: 'npm',
        namespace: 'acme',
        package: 'utils',
        version: '1.0.0',
      });
      await publishFormat(engine, {
        repository: 'libs',
        format: 'pypi',
        package: 'requests',
        version: '2.0',
      });
      await publishFormat(engine, {
        repository: 'libs',
        format: 'maven',
        namespace: 'com.acme',
        package: 'core',
        version: '1.0',
      });
      await publishGeneric(engine, {
        repository: 'libs',
        namespace: 'tools',
        package: 'cli',
        version: '1',
        asset: 'a',
        content: 'a',
      });
      await publishGeneric(engine, {
        repository: 'other',
        namespace: 'tools',
        package: 'elsewhere',
        version: '1',
        asset: 'a',
        content: 'a',
      });
      // A package with no versions yet, made by its origin configuration.
      await engine.call('PutPackageOriginConfiguration', {
        ...repo,
        format: 'pypi',
        package: 'Reserved_Name',
        restrictions: { publish: 'BLOCK', upstream: 'ALLOW' },
      });
    });

    it('lists every package of the repository, sorted by format, namespace and name', async () => {
      const { packages, nextToken } = await engine.call('ListPackages', repo);
      expect(nextToken).toBeUndefined();
      expect(packages?.map((p) => [p.format, p.namespace ?? '', p.package])).toEqual([
        ['generic', 'tools', 'cli'],
        ['maven', 'com.acme', 'core'],
        ['npm', '', 'left-pad'],
        ['npm', 'acme', 'ui'],
        ['npm', 'acme', 'utils'],
        ['pypi', '', 'requests'],
        ['pypi', '', 'reserved-name'],
      ]);
      expect(packages?.[2]).toEqual({
        format: 'npm',
        package: 'left-pad',
        originConfiguration: { restrictions: { publish: 'ALLOW', upstream: 'BLOCK' } },
      });
    });

    it('filters by format, namespace prefix, package prefix and origin restrictions', async () => {
      const names = async (filter: object) =>
        ((await engine.call('ListPackages', { ...repo, ...filter })).packages ?? []).map((p) => p.package);
      expect(await names({ format: 'npm' })).toEqual(['left-pad', 'ui', 'utils']);
      expect(await names({ format: 'npm', namespace: 'ac' })).toEqual(['ui', 'utils']);
      expect(await names({ format: 'npm', namespace: '@acme' })).toEqual(['ui', 'utils']);
      expect(await names({ packagePrefix: 'u' })).toEqual(['ui', 'utils']);
      expect(await names({ format: 'pypi', packagePrefix: 'Reserved_' })).toEqual(['reserved-name']);
      expect(await names({ publish: 'BLOCK' })).toEqual(['reserved-name']);
      expect(await names({ upstream: 'ALLOW' })).toEqual(['reserved-name']);
      expect(await names({ format: 'cargo' })).toEqual([]);
    });

    it('pages through the packages without repeating or skipping one', async () => {
      const seen: string[] = [];
      let nextToken: string | undefined;
      do {
        const page = await engine.call('ListPackages', { ...repo, maxResults: 3, nextToken });
        expect(page.packages?.length).toBeLessThanOrEqual(3);
        seen.push(...(page.packages ?? []).map((p) => `${p.format}:${p.namespace ?? ''}:${p.package}`));
        nextToken = page.nextToken;
      } while (nextToken);
      expect(seen).toHaveLength(7);
      expect(new Set(seen).size).toBe(7);
      await expectServiceError(
        engine.call('ListPackages', { ...repo, nextToken: 'garbage' }),
        ValidationException,
      );
    });

    it('needs an existing repository', async () => {
      await expectServiceError(
        engine.call('ListPackages', { domain, repository: 'missing' }),
        ResourceNotFoundException,
        { resourceType: 'repository' },
      );
    });
  });

  describe('ListPackageVersions', () => {
    it('lists versions of every status, newest version first by the format order', async () => {
      for (const version of ['1.0.0', '1.10.0', '1.2.0', '2.0.0-beta.1', '2.0.0']) {
        await publishFormat(engine, { repository: 'libs', format: 'npm', package: 'lib', version });
        engine.advance(1000);
      }
      await publishFormat(engine, {
        repository: 'libs',
        format: 'npm',
        package: 'lib',
        version: '3.0.0',
        status: 'Unfinished',
      });
      const listed = await engine.call('ListPackageVersions', { ...repo, format: 'npm', package: 'lib' });
      expect(listed.versions?.map((v) => v.version)).toEqual([
        '3.0.0',
        '2.0.0',
        '2.0.0-beta.1',
        '1.10.0',
        '1.2.0',
        '1.0.0',
      ]);
      expect(listed.versions?.[0]).toEqual({
        version: '3.0.0',
        revision: expect.any(String),
        status: 'Unfinished',
        origin: { domainEntryPoint: { repositoryName: 'libs' }, originType: 'INTERNAL' },
      });
      expect(listed).toMatchObject({ format: 'npm', package: 'lib', defaultDisplayVersion: '2.0.0' });
      expect(listed.namespace).toBeUndefined();
    });

    it('sorts by publish time, most recent first, with sortBy PUBLISHED_TIME', async () => {
      for (const version of ['1.0', '0.9', '2.0', '1.5']) {
        await publishFormat(engine, { repository: 'libs', format: 'pypi', package: 'lib', version });
        engine.advance(1000);
      }
      const listed = await engine.call('ListPackageVersions', {
        ...repo,
        format: 'pypi',
        package: 'lib',
        sortBy: 'PUBLISHED_TIME',
      });
      expect(listed.versions?.map((v) => v.version)).toEqual(['1.5', '2.0', '0.9', '1.0']);
    });

    it('filters by status and by origin type', async () => {
      for (const version of ['1', '2', '3']) {
        await publishGeneric(engine, {
          repository: 'libs',
          package: 'cli',
          version,
          asset: 'a',
          content: version,
        });
      }
      await engine.call('UpdatePackageVersionsStatus', {
        ...repo,
        format: 'generic',
        namespace: 'tools',
        package: 'cli',
        versions: ['2'],
        targetStatus: 'Archived',
      });
      const byStatus = async (status?: 'Published' | 'Archived' | 'Unlisted') =>
        (
          await engine.call('ListPackageVersions', {
            ...repo,
            format: 'generic',
            namespace: 'tools',
            package: 'cli',
            status,
          })
        ).versions?.map((v) => v.version);
      expect(await byStatus()).toEqual(['3', '2', '1']);
      expect(await byStatus('Published')).toEqual(['3', '1']);
      expect(await byStatus('Archived')).toEqual(['2']);
      expect(await byStatus('Unlisted')).toEqual([]);
      const external = await engine.call('ListPackageVersions', {
        ...repo,
        format: 'generic',
        namespace: 'tools',
        package: 'cli',
        originType: 'EXTERNAL',
      });
      expect(external.versions).toEqual([]);
      const internal = await engine.call('ListPackageVersions', {
        ...repo,
        format: 'generic',
        namespace: 'tools',
        package: 'cli',
        originType: 'INTERNAL',
      });
      expect(internal.versions).toHaveLength(3);
    });

    it('pages through many versions in both orders', async () => {
      for (let i = 0; i < 25; i++) {
        await publishFormat(engine, {
          repository: 'libs',
          format: 'npm',
          package: 'many',
          version: `1.0.${i}`,
        });
        engine.advance(10);
      }
      for (const sortBy of [undefined, 'PUBLISHED_TIME'] as const) {
        const seen: string[] = [];
        let nextToken: string | undefined;
        do {
          const page = await engine.call('ListPackageVersions', {
            ...repo,
            format: 'npm',
            package: 'many',
            maxResults: 7,
            sortBy,
            nextToken,
          });
          seen.push(...(page.versions ?? []).map((v) => v.version ?? ''));
          nextToken = page.nextToken;
        } while (nextToken);
        expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => `1.0.${24 - i}`));
      }
      const first = await engine.call('ListPackageVersions', {
        ...repo,
        format: 'npm',
        package: 'many',
        maxResults: 5,
      });
      await expectServiceError(
        engine.call('ListPackageVersions', {
          ...repo,
          format: 'npm',
          package: 'many',
          sortBy: 'PUBLISHED_TIME',
          nextToken: first.nextToken,
        }),
        ValidationException,
      );
    });

    it('answers ResourceNotFoundException for a package the repository does not have', async () => {
      await expectServiceError(
        engine.call('ListPackageVersions', { ...repo, format: 'npm', package: 'ghost' }),
        ResourceNotFoundException,
        { resourceId: 'ghost', resourceType: 'package' },
      );
    });
  });

  describe('defaultDisplayVersion', () => {
    const display = async (format: 'npm' | 'pypi' | 'maven' | 'generic', namespace?: string) =>
      (await engine.call('ListPackageVersions', { ...repo, format, namespace, package: 'pkg' }))
        .defaultDisplayVersion;

    it('is the version the npm latest tag names, whatever was published after it', async () => {
      await publishFormat(engine, {
        repository: 'libs',
        format: 'npm',
        package: 'pkg',
        version: '1.0.0',
        distTags: ['latest'],
      });
      engine.advance(1000);
      await publishFormat(engine, {
        repository: 'libs',
        format: 'npm',
        package: 'pkg',
        version: '2.0.0-rc.1',
        distTags: ['next'],
      });
      expect(await display('npm')).toBe('1.0.0');
    });

    it('for npm without a latest tag, and for PyPI, Maven and generic, is the most recently published version', async () => {
      await publishFormat(engine, { repository: 'libs', format: 'npm', package: 'pkg', version: '2.0.0' });
      engine.advance(1000);
      await publishFormat(engine, { repository: 'libs', format: 'npm', package: 'pkg', version: '1.5.0' });
      expect(await display('npm')).toBe('1.5.0');
      for (const version of ['3.0', '1.0']) {
        engine.advance(1000);
        await publishFormat(engine, { repository: 'libs', format: 'pypi', package: 'pkg', version });
        await publishFormat(engine, {
          repository: 'libs',
          format: 'maven',
          namespace: 'org.x',
          package: 'pkg',
          version,
        });
        await publishGeneric(engine, {
          repository: 'libs',
          namespace: 'ns',
          package: 'pkg',
          version,
          asset: 'a',
          content: version,
        });
      }
      expect(await display('pypi')).toBe('1.0');
      expect(await display('maven', 'org.x')).toBe('1.0');
      expect(await display('generic', 'ns')).toBe('1.0');
    });

    it('skips versions that are not Published, and is absent when none is', async () => {
      await publishFormat(engine, { repository: 'libs', format: 'pypi', package: 'pkg', version: '1.0' });
      engine.advance(1000);
      await publishFormat(engine, { repository: 'libs', format: 'pypi', package: 'pkg', version: '2.0' });
      await engine.call('UpdatePackageVersionsStatus', {
        ...repo,
        format: 'pypi',
        package: 'pkg',
        versions: ['2.0'],
        targetStatus: 'Unlisted',
      });
      expect(await display('pypi')).toBe('1.0');
      await engine.call('UpdatePackageVersionsStatus', {
        ...repo,
        format: 'pypi',
        package: 'pkg',
        versions: ['1.0'],
        targetStatus: 'Archived',
      });
      expect(await display('pypi')).toBeUndefined();
    });
  });

  describe('DescribePackageVersion, readme and dependencies', () => {
    beforeEach(async () => {
      await publishFormat(engine, {
        repository: 'libs',
        format: 'npm',
        namespace: 'vue',
        package: 'ui',
        version: '3.1.0',
        metadata: {
          summary: 'UI components',
          homePage: 'https://example.invalid/ui',
          sourceCodeRepository: 'https://example.invalid/ui.git',
          licenses: [{ name: 'MIT', url: 'https://example.invalid/mit' }],
          readme: '# UI\n\nComponents.',
          dependencies: Array.from({ length: 130 }, (_, i) => ({
            namespace: i % 2 === 0 ? 'vue' : undefined,
            package: `dep-${String(i).padStart(3, '0')}`,
            dependencyType: i % 3 === 0 ? 'dev' : 'regular',
            versionRequirement: `^${i}.0.0`,
          })),
        },
      });
    });

    it('describes every field the engine records', async () => {
      const { packageVersion } = await engine.call('DescribePackageVersion', {
        ...repo,
        format: 'npm',
        namespace: 'vue',
        package: 'ui',
        packageVersion: '3.1.0',
      });
      expect(packageVersion).toEqual({
        format: 'npm',
        namespace: 'vue',
        packageName: 'ui',
        displayName: '@vue/ui',
        version: '3.1.0',
        summary: 'UI components',
        homePage: 'https://example.invalid/ui',
        sourceCodeRepository: 'https://example.invalid/ui.git',
        publishedTime: engine.now(),
        licenses: [{ name: 'MIT', url: 'https://example.invalid/mit' }],
        revision: expect.any(String),
        status: 'Published',
        origin: { domainEntryPoint: { repositoryName: 'libs' }, originType: 'INTERNAL' },
      });
    });

    it('returns the readme with the version echo', async () => {
      const readme = await engine.call('GetPackageVersionReadme', {
        ...repo,
        format: 'npm',
        namespace: '@vue',
        package: 'ui',
        packageVersion: '3.1.0',
      });
      expect(readme).toEqual({
        format: 'npm',
        namespace: 'vue',
        package: 'ui',
        version: '3.1.0',
        versionRevision: expect.any(String),
        readme: '# UI\n\nComponents.',
      });
    });

    it('lists dependencies in their order, in pages', async () => {
      const all: string[] = [];
      let nextToken: string | undefined;
      let pages = 0;
      do {
        const page = await engine.call('ListPackageVersionDependencies', {
          ...repo,
          format: 'npm',
          namespace: 'vue',
          package: 'ui',
          packageVersion: '3.1.0',
          nextToken,
        });
        pages++;
        all.push(...(page.dependencies ?? []).map((d) => d.package ?? ''));
        if (pages === 1) {
          expect(page.dependencies?.[0]).toEqual({
            namespace: 'vue',
            package: 'dep-000',
            dependencyType: 'dev',
            versionRequirement: '^0.0.0',
          });
          expect(page.dependencies?.[1]?.namespace).toBeUndefined();
        }
        nextToken = page.nextToken;
      } while (nextToken);
      expect(pages).toBe(2);
      expect(all).toEqual(Array.from({ length: 130 }, (_, i) => `dep-${String(i).padStart(3, '0')}`));
    });

    it('answers ResourceNotFoundException for a missing version', async () => {
      await expectServiceError(
        engine.call('DescribePackageVersion', {
          ...repo,
          format: 'npm',
          namespace: 'vue',
          package: 'ui',
          packageVersion: '9.9.9',
        }),
        ResourceNotFoundException,
        { resourceId: '9.9.9', resourceType: 'package-version' },
      );
    });
  });

  describe('assets', () => {
    beforeEach(async () => {
      for (let i = 0; i < 12; i++) {
        await publishGeneric(engine, {
          repository: 'libs',
          package: 'bundle',
          version: '1',
          asset: `file-${String(i).padStart(2, '0')}`,
          content: `content ${i}`,
          unfinished: i < 11,
        });
      }
    });

    it('lists a version’s assets by name in pages', async () => {
      const names: string[] = [];
      let nextToken: string | undefined;
      do {
        const page = await engine.call('ListPackageVersionAssets', {
          ...repo,
          format: 'generic',
          namespace: 'tools',
          package: 'bundle',
          packageVersion: '1',
          maxResults: 5,
          nextToken,
        });
        expect(page).toMatchObject({
          format: 'generic',
          namespace: 'tools',
          package: 'bundle',
          version: '1',
        });
        names.push(...(page.assets ?? []).map((a) => a.name ?? ''));
        nextToken = page.nextToken;
      } while (nextToken);
      expect(names).toEqual(Array.from({ length: 12 }, (_, i) => `file-${String(i).padStart(2, '0')}`));
    });

    it('streams an asset with the name, version and revision the response headers carry', async () => {
      const described = await engine.call('DescribePackageVersion', {
        ...repo,
        format: 'generic',
        namespace: 'tools',
        package: 'bundle',
        packageVersion: '1',
      });
      const result = await engine.call('GetPackageVersionAsset', {
        ...repo,
        format: 'generic',
        namespace: 'tools',
        package: 'bundle',
        packageVersion: '1',
        asset: 'file-07',
        packageVersionRevision: described.packageVersion?.revision,
      });
      expect(result.assetName).toBe('file-07');
      expect(result.packageVersion).toBe('1');
      expect(result.packageVersionRevision).toBe(described.packageVersion?.revision);
      expect(await readAll(result.asset as Readable)).toBe('content 7');
    });

    it('refuses a stale packageVersionRevision and answers 404 for an unknown asset', async () => {
      await expectServiceError(
        engine.call('GetPackageVersionAsset', {
          ...repo,
          format: 'generic',
          namespace: 'tools',
          package: 'bundle',
          packageVersion: '1',
          asset: 'file-01',
          packageVersionRevision: 'not-the-revision',
        }),
        ConflictException,
        { resourceType: 'package-version', message: /revision/ },
      );
      await expectServiceError(
        engine.call('GetPackageVersionAsset', {
          ...repo,
          format: 'generic',
          namespace: 'tools',
          package: 'bundle',
          packageVersion: '1',
          asset: 'missing',
        }),
        ResourceNotFoundException,
        { resourceId: 'missing', resourceType: 'asset' },
      );
    });
  });
});
