import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { refreshDelayMs } from '../../src/renderer/src/store/ui-slice';
import { storeWith } from './fake-api';

describe('ui slice', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('navigates and keeps at most four notices', () => {
    const { store } = storeWith({});
    store.getState().navigate({ screen: 'domain', domain: 'team', tab: 'graph' });
    expect(store.getState().route).toEqual({ screen: 'domain', domain: 'team', tab: 'graph' });
    for (let index = 0; index < 6; index++) store.getState().notify('info', `notice ${index}`);
    expect(store.getState().notices.map((notice) => notice.text)).toEqual([
      'notice 2',
      'notice 3',
      'notice 4',
      'notice 5',
    ]);
    store.getState().dismissNotice(store.getState().notices[0]?.id ?? 0);
    expect(store.getState().notices).toHaveLength(3);
  });

  it('records whether a navigation adds a history entry or replaces the current one', () => {
    const { store } = storeWith({});
    store.getState().navigate({ screen: 'search', query: 'lef' }, { replace: true });
    expect(store.getState().routeHistory).toBe('replace');
    store.getState().navigate({ screen: 'home' });
    expect(store.getState().routeHistory).toBe('push');
  });

  it('refreshes the open screen once for a burst of store-changed events', async () => {
    const { store, api } = storeWith({
      ListDomains: () => ({ domains: [] }),
      DescribeRepository: () => ({ repository: { name: 'app' } }),
      'app.listPackagesWithLatest': () => ({ packages: [] }),
    });
    store.getState().navigate({ screen: 'repository', domain: 'team', repository: 'app', tab: 'packages' });
    const stop = store.getState().startEventSync();
    for (let revision = 1; revision <= 5; revision++) api.emit({ type: 'store-changed', revision });
    expect(api.callsOf('app.listPackagesWithLatest')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(refreshDelayMs + 10);
    expect(api.callsOf('ListDomains')).toHaveLength(1);
    expect(api.callsOf('DescribeRepository')).toHaveLength(1);
    expect(api.callsOf('app.listPackagesWithLatest')).toHaveLength(1);
    stop();
    expect(api.listenerCount()).toBe(0);
    api.emit({ type: 'store-changed', revision: 6 });
    await vi.advanceTimersByTimeAsync(refreshDelayMs + 10);
    expect(api.callsOf('ListDomains')).toHaveLength(1);
  });

  it('turns job progress and server failures into jobs and notices', () => {
    const { store, api } = storeWith({});
    const stop = store.getState().startEventSync();
    api.emit({ type: 'job-progress', jobId: 'j', title: 'Pull', state: 'running', done: 1, total: 2 });
    api.emit({ type: 'server-status', state: 'failed', message: 'Port 5484 is in use.' });
    expect(store.getState().jobs[0]?.title).toBe('Pull');
    expect(store.getState().notices.map((notice) => notice.text)).toEqual(['Port 5484 is in use.']);
    stop();
  });

  it('a quiet refresh of a version screen re-reads the package, its versions and the version', async () => {
    const { store, api } = storeWith({
      ListDomains: () => ({ domains: [] }),
      DescribeRepository: () => ({ repository: { name: 'app' } }),
      DescribePackage: () => ({ package: { name: 'cli' } }),
      ListPackageVersions: () => ({ versions: [] }),
      DescribePackageVersion: () => ({ packageVersion: { version: '1.0' } }),
      ListPackageVersionAssets: () => ({ assets: [] }),
      GetPackageVersionReadme: () => ({ readme: '' }),
      ListPackageVersionDependencies: () => ({ dependencies: [] }),
    });
    store.getState().navigate({
      screen: 'version',
      domain: 'team',
      repository: 'app',
      format: 'generic',
      namespace: 'ns',
      package: 'cli',
      version: '1.0',
    });
    await store.getState().refreshVisible();
    expect(api.calls.map((call) => call.operation).sort()).toEqual(
      [
        'DescribePackage',
        'DescribePackageVersion',
        'DescribeRepository',
        'GetPackageVersionReadme',
        'ListDomains',
        'ListPackageVersionAssets',
        'ListPackageVersionDependencies',
        'ListPackageVersions',
        'app.clientLatest',
        'app.packageFacts',
      ].sort(),
    );
  });
});
