/**
 * The activity slice: the first page for a filter, older pages appended on request, an answer for
 * a filter no longer wanted dropped; storage figures per domain; the timeline's wording.
 */
import { describe, expect, it } from 'vitest';
import type { ActivityEvent, ActivityPage } from '../../src/shared/app-operations';
import { describeActivity } from '../../src/renderer/src/screens/ActivityPanel';
import { deferred, storeWith } from './fake-api';

const event = (id: number, extra: Partial<ActivityEvent> = {}): ActivityEvent => ({
  id,
  time: 1_700_000_000_000 + id,
  actor: 'npm client',
  operation: 'request',
  kind: 'publish',
  repository: 'app',
  format: 'npm',
  package: `p${id}`,
  version: '1.0.0',
  ...extra,
});

describe('activity slice', () => {
  it('pages older events onto the list and drops answers for an abandoned filter', async () => {
    const slow = deferred<ActivityPage>();
    const { store, api } = storeWith({
      'app.listActivity': (input) => {
        if (input.package === 'old') return slow.promise;
        return input.nextToken ? { events: [event(1)] } : { events: [event(3), event(2)], nextToken: '2' };
      },
    });
    const abandoned = store.getState().loadActivity('team', { package: 'old' });
    await store.getState().loadActivity('team', { repository: 'app' });
    slow.resolve({ events: [event(99)] });
    await abandoned;
    expect(store.getState().activity?.events.map((item) => item.id)).toEqual([3, 2]);
    await store.getState().loadActivity('team', { repository: 'app' }, { more: true });
    expect(store.getState().activity).toMatchObject({ status: 'ready', filter: { repository: 'app' } });
    expect(store.getState().activity?.events.map((item) => item.id)).toEqual([3, 2, 1]);
    expect(store.getState().activity?.nextToken).toBeUndefined();
    expect(api.callsOf('app.listActivity').at(-1)).toEqual({
      domain: 'team',
      repository: 'app',
      maxResults: 100,
      nextToken: '2',
    });
  });

  it('keeps the storage figures of the domain asked for', async () => {
    const usage = { domainBytes: 10, repositories: [], formats: [], packages: [] };
    const { store } = storeWith({ 'app.storageUsage': () => usage });
    await store.getState().loadStorage('team');
    expect(store.getState().storage).toEqual({ domain: 'team', status: 'ready', value: usage });
  });
});

describe('activity wording', () => {
  it('says what happened in plain words', () => {
    expect(describeActivity(event(1, { namespace: 'acme' }))).toBe('Published @acme/p1 1.0.0');
    expect(describeActivity(event(2, { kind: 'fetch', origin: 'public:npmjs' }))).toBe(
      'Fetched p2 1.0.0 through public:npmjs',
    );
    expect(
      describeActivity(event(3, { kind: 'status', fromStatus: 'Published', toStatus: 'Archived' })),
    ).toBe('p3 1.0.0: Published → Archived');
    expect(describeActivity({ ...event(4), kind: 'repository-delete', package: undefined })).toBe(
      'Deleted repository app',
    );
  });
});
