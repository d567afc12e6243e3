import { describe, expect, it } from 'vitest';
import type { PackageVersionStatus } from '@aws-sdk/client-codeartifact';
import { filterVersions } from '../../src/renderer/src/store/versions-slice';
import { deferred, paged, serviceError, storeWith } from './fake-api';

const pkg = {
  domain: 'team',
  repository: 'app',
  format: 'generic' as const,
  namespace: 'tools',
  package: 'cli',
};
const names = { domain: 'team', repository: 'app', format: 'generic', namespace: 'tools', package: 'cli' };

describe('versions slice', () => {
  it('lists every page of versions with the default display version', async () => {
    const versions = Array.from({ length: 1500 }, (_, index) => ({
      version: `1.0.${index}`,
      status: 'Published' as PackageVersionStatus,
    }));
    const gate = deferred<void>();
    const { store, api } = storeWith({
      ListPackageVersions: async ({ nextToken, maxResults }) => {
        await gate.promise;
        const { page, nextToken: next } = paged(versions, maxResults ?? 100, nextToken);
        return { versions: page, nextToken: next, defaultDisplayVersion: '1.0.1499' };
      },
    });
    const loading = store.getState().loadVersions(pkg);
    expect(store.getState().versions.status).toBe('loading');
    gate.resolve();
    await loading;
    expect(store.getState().versions).toMatchObject({ status: 'ready', defaultDisplayVersion: '1.0.1499' });
    expect(store.getState().versions.items).toHaveLength(1500);
    expect(api.callsOf('ListPackageVersions')[0]).toMatchObject(names);
    expect(api.callsOf('ListPackageVersions')).toHaveLength(2);
  });

  it('keeps a failed version list’s message verbatim', async () => {
    const { store } = storeWith({
      ListPackageVersions: () => {
        throw serviceError(
          'ResourceNotFoundException',
          'Package tools/cli does not exist in repository app.',
        );
      },
    });
    await store.getState().loadVersions(pkg);
    expect(store.getState().versions.error).toEqual({
      name: 'ResourceNotFoundException',
      message: 'Package tools/cli does not exist in repository app.',
    });
  });

  it('reads an npm package’s dist-tags with its versions, and only for npm', async () => {
    const npmPkg = { domain: 'team', repository: 'web', format: 'npm' as const, package: 'widget-kit' };
    let tags: Record<string, string> = { latest: '1.0.0', next: '2.0.0-beta.1' };
    const { store, api } = storeWith({
      ListPackageVersions: () => ({
        versions: [
          { version: '1.0.0', status: 'Published' as const },
          { version: '2.0.0-beta.1', status: 'Published' as const },
        ],
        defaultDisplayVersion: '1.0.0',
      }),
      'app.listDistTags': () => tags,
    });
    await store.getState().loadVersions(npmPkg);
    expect(store.getState().versions).toMatchObject({
      status: 'ready',
      distTags: { latest: '1.0.0', next: '2.0.0-beta.1' },
    });
    expect(api.callsOf('app.listDistTags')).toEqual([
      { domain: 'team', repository: 'web', format: 'npm', package: 'widget-kit' },
    ]);

    // A quiet reload (after a store change) picks up moved tags.
    tags = { latest: '2.0.0-beta.1', stable: '1.0.0' };
    await store.getState().loadVersions(npmPkg, { quiet: true });
    expect(store.getState().versions.distTags).toEqual({ latest: '2.0.0-beta.1', stable: '1.0.0' });

    await store.getState().loadVersions(pkg);
    expect(store.getState().versions.distTags).toBeUndefined();
    expect(api.callsOf('app.listDistTags')).toHaveLength(2);
  });

  it('keeps the versions when the dist-tags cannot be read, with the message verbatim', async () => {
    const { store } = storeWith({
      ListPackageVersions: () => ({ versions: [{ version: '1.0.0', status: 'Published' as const }] }),
      'app.listDistTags': () => {
        throw serviceError(
          'ResourceNotFoundException',
          'Package widget-kit does not exist in repository web.',
        );
      },
    });
    await store
      .getState()
      .loadVersions({ domain: 'team', repository: 'web', format: 'npm', package: 'widget-kit' });
    const versions = store.getState().versions;
    expect(versions.status).toBe('ready');
    expect(versions.items).toHaveLength(1);
    expect(versions.distTags).toBeUndefined();
    expect(versions.distTagsError).toEqual({
      name: 'ResourceNotFoundException',
      message: 'Package widget-kit does not exist in repository web.',
    });
  });

  it('filters by status', () => {
    const items = [
      { version: '1', status: 'Published' as const },
      { version: '2', status: 'Archived' as const },
      { version: '3', status: 'Published' as const },
    ];
    expect(filterVersions(items, 'Published').map((item) => item.version)).toEqual(['1', '3']);
    expect(filterVersions(items, 'all')).toHaveLength(3);
  });

  it('loads a version’s description, assets, readme and dependencies; one failing part does not hide the others', async () => {
    const { store, api } = storeWith({
      DescribePackageVersion: () => ({
        packageVersion: { version: '1.0.0', status: 'Published', revision: 'r1' },
      }),
      ListPackageVersionAssets: ({ nextToken }) =>
        nextToken
          ? { assets: [{ name: 'b.bin', size: 2 }] }
          : { assets: [{ name: 'a.bin', size: 1 }], nextToken: 'more' },
      GetPackageVersionReadme: () => {
        throw serviceError('ResourceNotFoundException', 'Version 1.0.0 has no readme.');
      },
      ListPackageVersionDependencies: () => ({
        dependencies: [{ package: 'zlib', versionRequirement: '^1.2' }],
      }),
    });
    await store.getState().loadVersionDetail({ ...pkg, version: '1.0.0' });
    const state = store.getState();
    expect(state.version.value?.revision).toBe('r1');
    expect(state.assets.value?.map((asset) => asset.name)).toEqual(['a.bin', 'b.bin']);
    expect(state.readme).toMatchObject({
      status: 'error',
      error: { message: 'Version 1.0.0 has no readme.' },
    });
    expect(state.dependencies.value).toEqual([{ package: 'zlib', versionRequirement: '^1.2' }]);
    expect(api.callsOf('DescribePackageVersion')).toEqual([{ ...names, packageVersion: '1.0.0' }]);
  });

  it('changes status in batches of at most 100 versions and merges per-version results', async () => {
    const versions = Array.from({ length: 250 }, (_, index) => `2.0.${index}`);
    const { store, api } = storeWith({
      UpdatePackageVersionsStatus: ({ versions: batch, targetStatus }) => ({
        successfulVersions: Object.fromEntries(
          (batch ?? [])
            .filter((version) => version !== '2.0.7')
            .map((version) => [version, { status: targetStatus, revision: 'r' }]),
        ),
        failedVersions: (batch ?? []).includes('2.0.7')
          ? {
              '2.0.7': {
                errorCode: 'MISMATCHED_STATUS' as const,
                errorMessage: 'Version 2.0.7 is Disposed.',
              },
            }
          : undefined,
      }),
      ListPackageVersions: () => ({ versions: [] }),
    });
    const result = await store.getState().changeVersionStatus(pkg, versions, 'Archived');
    const calls = api.callsOf('UpdatePackageVersionsStatus');
    expect(calls.map((call) => call.versions?.length)).toEqual([100, 100, 50]);
    expect(calls[0]).toMatchObject({ ...names, targetStatus: 'Archived' });
    expect(Object.keys(result.successfulVersions)).toHaveLength(249);
    expect(result.failedVersions['2.0.7']).toEqual({
      errorCode: 'MISMATCHED_STATUS',
      errorMessage: 'Version 2.0.7 is Disposed.',
    });
    expect(store.getState().jobs[0]).toMatchObject({
      total: 250,
      done: 250,
      failed: 1,
      state: 'finished-with-failures',
    });
  });

  it('stops at a refused batch and reports the refusal verbatim', async () => {
    let call = 0;
    const { store, api } = storeWith({
      DisposePackageVersions: ({ versions: batch }) => {
        call += 1;
        if (call === 2) throw serviceError('ThrottlingException', 'Rate exceeded.', { retryAfterSeconds: 3 });
        return {
          successfulVersions: Object.fromEntries(
            (batch ?? []).map((version) => [version, { status: 'Disposed' }]),
          ),
        };
      },
      ListPackageVersions: () => ({ versions: [] }),
    });
    const versions = Array.from({ length: 300 }, (_, index) => `v${index}`);
    const result = await store.getState().disposeVersions(pkg, versions);
    expect(api.callsOf('DisposePackageVersions')).toHaveLength(2);
    expect(result.error).toEqual({ name: 'ThrottlingException', message: 'Rate exceeded.' });
    expect(Object.keys(result.successfulVersions)).toHaveLength(100);
    expect(store.getState().jobs[0]).toMatchObject({
      state: 'failed',
      done: 100,
      error: { message: 'Rate exceeded.' },
    });
  });

  it('copies versions with the chosen destination and options, and deletes versions', async () => {
    const { store, api } = storeWith({
      CopyPackageVersions: ({ versions }) => ({
        successfulVersions: { [versions?.[0] ?? '']: { status: 'Published', revision: 'c1' } },
        failedVersions: {
          [versions?.[1] ?? '']: {
            errorCode: 'ALREADY_EXISTS',
            errorMessage: 'Version 1.1 already exists in release.',
          },
        },
      }),
      DeletePackageVersions: ({ versions }) => ({
        successfulVersions: Object.fromEntries(
          (versions ?? []).map((version) => [version, { status: 'Deleted' }]),
        ),
      }),
      ListPackageVersions: () => ({ versions: [] }),
      ListPackages: () => ({ packages: [] }),
    });
    const copied = await store.getState().copyVersions(pkg, ['1.0', '1.1'], {
      destinationRepository: 'release',
      allowOverwrite: false,
      includeFromUpstream: true,
    });
    expect(api.callsOf('CopyPackageVersions')).toEqual([
      {
        domain: 'team',
        sourceRepository: 'app',
        destinationRepository: 'release',
        format: 'generic',
        namespace: 'tools',
        package: 'cli',
        versions: ['1.0', '1.1'],
        allowOverwrite: false,
        includeFromUpstream: true,
      },
    ]);
    expect(copied.failedVersions['1.1']?.errorCode).toBe('ALREADY_EXISTS');
    const deleted = await store.getState().deleteVersions(pkg, ['1.0']);
    expect(deleted.successfulVersions['1.0']?.status).toBe('Deleted');
    expect(api.callsOf('DeletePackageVersions')).toEqual([{ ...names, versions: ['1.0'] }]);
  });

  it('re-reads the versions after an action so statuses are current', async () => {
    let status: PackageVersionStatus = 'Published';
    const { store } = storeWith({
      ListPackageVersions: () => ({ versions: [{ version: '1.0', status }] }),
      UpdatePackageVersionsStatus: ({ targetStatus }) => {
        status = targetStatus ?? status;
        return { successfulVersions: { '1.0': { status } } };
      },
    });
    await store.getState().loadVersions(pkg);
    await store.getState().changeVersionStatus(pkg, ['1.0'], 'Unlisted');
    expect(store.getState().versions.items[0]?.status).toBe('Unlisted');
  });

  it('keeps only selected versions that still exist after a reload', async () => {
    let versions = [
      { version: 'a', status: 'Published' as const },
      { version: 'b', status: 'Published' as const },
    ];
    const { store } = storeWith({ ListPackageVersions: () => ({ versions }) });
    await store.getState().loadVersions(pkg);
    store.getState().toggleVersionSelection('a');
    store.getState().toggleVersionSelection('b');
    versions = [{ version: 'b', status: 'Published' }];
    await store.getState().loadVersions(pkg, { quiet: true });
    expect(store.getState().selectedVersions).toEqual(['b']);
  });

  it('downloads an asset through the api with the version’s coordinates', async () => {
    const { store, api } = storeWith({});
    await expect(store.getState().downloadAsset({ ...pkg, version: '1.0' }, 'cli.tgz')).rejects.toMatchObject(
      { message: 'No asset cli.tgz.' },
    );
    expect(api.downloads).toEqual([{ ...names, packageVersion: '1.0', asset: 'cli.tgz' }]);
  });
});
