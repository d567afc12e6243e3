import { describe, expect, it } from 'vitest';
import { deferred, storeWith } from './fake-api';

describe('jobs slice', () => {
  it('shows progress batch by batch while a bulk action runs', async () => {
    const { store } = storeWith({});
    const gates = [deferred<void>(), deferred<void>(), deferred<void>()];
    let batch = 0;
    const versions = Array.from({ length: 230 }, (_, index) => `v${index}`);
    const running = store.getState().runVersionBatches('Archive 230 versions', versions, async (slice) => {
      await gates[batch++]?.promise;
      return {
        successfulVersions: Object.fromEntries(
          slice.map((version) => [version, { status: 'Archived' as const }]),
        ),
      };
    });
    expect(store.getState().jobs[0]).toMatchObject({
      title: 'Archive 230 versions',
      total: 230,
      done: 0,
      state: 'running',
    });
    gates[0]?.resolve();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(store.getState().jobs[0]?.done).toBe(100);
    gates[1]?.resolve();
    gates[2]?.resolve();
    const result = await running;
    expect(Object.keys(result.successfulVersions)).toHaveLength(230);
    expect(store.getState().jobs[0]).toMatchObject({ done: 230, state: 'succeeded' });
  });

  it('counts the same version once', async () => {
    const { store } = storeWith({});
    const seen: string[][] = [];
    await store.getState().runVersionBatches('dedupe', ['a', 'a', 'b'], async (slice) => {
      seen.push(slice);
      return {};
    });
    expect(seen).toEqual([['a', 'b']]);
    expect(store.getState().jobs[0]?.total).toBe(2);
  });

  it('follows progress events from the service', () => {
    const { store } = storeWith({});
    store.getState().applyJobEvent({
      type: 'job-progress',
      jobId: 'm1',
      title: 'Mirror pull',
      state: 'running',
      done: 3,
      total: 10,
    });
    store.getState().applyJobEvent({
      type: 'job-progress',
      jobId: 'm1',
      title: 'Mirror pull',
      state: 'failed',
      done: 4,
      total: 10,
      message: 'Connection reset.',
    });
    expect(store.getState().jobs).toEqual([
      expect.objectContaining({
        id: 'service-m1',
        done: 4,
        total: 10,
        state: 'failed',
        error: { message: 'Connection reset.' },
        origin: 'service',
      }),
    ]);
  });

  it('dismisses jobs and clears finished ones', async () => {
    const { store } = storeWith({});
    await store.getState().runVersionBatches('one', ['a'], async () => ({}));
    await store.getState().runVersionBatches('two', ['b'], async () => ({}));
    store.getState().applyJobEvent({
      type: 'job-progress',
      jobId: 'x',
      title: 'running',
      state: 'running',
      done: 0,
      total: 1,
    });
    store.getState().dismissJob(store.getState().jobs.find((job) => job.title === 'one')?.id ?? '');
    expect(store.getState().jobs.map((job) => job.title)).toEqual(['running', 'two']);
    store.getState().clearFinishedJobs();
    expect(store.getState().jobs.map((job) => job.title)).toEqual(['running']);
  });
});
