/**
 * Search in the renderer: the slice keeps only the latest answer per place (screen, palette) and
 * clears on an empty query without asking the service; the palette's places match word by word,
 * exact and prefix matches first; search routes survive the address hash.
 */
import { describe, expect, it } from 'vitest';
import type { PackageSearchResult } from '../../src/shared/app-operations';
import { matchPlaces, placeItems } from '../../src/renderer/src/lib/palette-items';
import { hashToRoute, routeToHash } from '../../src/renderer/src/lib/route';
import { deferred, serviceError, storeWith } from './fake-api';

const hit = (name: string) => ({
  domain: 'team',
  repository: 'app',
  format: 'npm',
  package: name,
  versionCount: 1,
});

describe('search slice', () => {
  it('keeps the answer to the latest query, never an older one that arrives late', async () => {
    const slow = deferred<PackageSearchResult>();
    const { store, api } = storeWith({
      'app.searchPackages': (input) =>
        input.query === 'le' ? slow.promise : { packages: [hit('left-pad')], truncated: false },
    });
    const first = store.getState().searchPackages('screen', 'le');
    const second = store.getState().searchPackages('screen', ' left ', 'npm');
    await second;
    slow.resolve({ packages: [hit('stale')], truncated: false });
    await first;
    expect(store.getState().packageSearch.screen).toMatchObject({
      query: 'left',
      format: 'npm',
      status: 'ready',
      hits: [{ package: 'left-pad' }],
    });
    expect(api.callsOf('app.searchPackages')[1]).toEqual({ query: 'left', format: 'npm' });
    expect(store.getState().packageSearch.palette.status, 'the palette is untouched').toBe('idle');
  });

  it('clears on an empty query without a call, and keeps the service message on failure', async () => {
    const { store, api } = storeWith({
      'app.searchPackages': () => {
        throw serviceError('ValidationException', 'A search is at most 255 characters long.');
      },
    });
    await store.getState().searchPackages('palette', '   ');
    expect(api.calls).toHaveLength(0);
    expect(store.getState().packageSearch.palette.status).toBe('idle');
    await store.getState().searchPackages('palette', 'x');
    expect(store.getState().packageSearch.palette).toMatchObject({
      status: 'error',
      error: { message: 'A search is at most 255 characters long.' },
    });
  });
});

describe('command palette places', () => {
  const places = placeItems(['team', 'ops'], { team: ['app', 'npm-store'], ops: ['apps'] });

  it('match every typed word, exact and prefix matches first', () => {
    expect(matchPlaces(places, 'app', 4).map((item) => item.id)).toEqual([
      'repository:team/app',
      'repository:ops/apps',
      'repository:team/app:connect',
      'repository:team/app:settings',
    ]);
    expect(matchPlaces(places, 'conn app', 3).map((item) => item.label)).toEqual([
      'Connect to app',
      'Connect to apps',
    ]);
    expect(matchPlaces(places, 'graph ops', 3).map((item) => item.route)).toEqual([
      { screen: 'domain', domain: 'ops', tab: 'graph' },
    ]);
    expect(matchPlaces(places, '', 2).map((item) => item.label)).toEqual(['Home', 'Settings']);
  });
});

describe('search routes', () => {
  it('round-trip query and format through the hash', () => {
    for (const route of [
      { screen: 'search' as const, query: '@acme/ui kit' },
      { screen: 'search' as const, query: 'left', format: 'npm' as const },
      { screen: 'search' as const, query: '' },
    ])
      expect(hashToRoute(routeToHash(route))).toEqual(route);
  });
});
