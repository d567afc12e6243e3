/**
 * The activity timeline and the storage figures, read from a real engine: every publish, copy,
 * fetch through an upstream, status change and removal becomes one event saying who (the actor the
 * front door named), through which operation and when (the engine's clock); events survive a
 * reopen (journal replay); filters by repository and package and paging work; storage counts each
 * file once per repository and per format, and the domain's counter once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { requestScope } from '../../src/main/engine/activity/activity-scope';
import { actingAs } from '../../src/main/engine/activity/recording-store';
import { listActivity } from '../../src/main/engine/activity/list-activity';
import { readStorageUsage } from '../../src/main/engine/activity/storage-usage';
import { createInvoker } from '../../src/main/engine/invoke';
import type { EngineFixture } from './engine-fixture';
import { domain, openPackageEngine, publishFormat, publishGeneric } from './packages/package-fixture';

let engine: EngineFixture;
afterEach(async () => engine.close());

const summary = (events: ReturnType<typeof listActivity>['events']): string[] =>
  events.map(
    (event) =>
      `${event.kind} ${event.repository}${event.package ? ` ${event.package}` : ''}${event.version ? `@${event.version}` : ''}` +
      `${event.fromStatus ? ` ${event.fromStatus}→${event.toStatus}` : ''}${event.origin ? ` from ${event.origin}` : ''}`,
  );

describe('activity timeline', () => {
  it('records who did what and when, newest first, and keeps it across a reopen', async () => {
    engine = await openPackageEngine('store', 'app');
    const invoke = createInvoker(engine.ctx);
    await engine.call('UpdateRepository', {
      domain,
      repository: 'app',
      upstreams: [{ repositoryName: 'store' }],
    });
    engine.advance(1000);
    await publishGeneric(engine, {
      repository: 'store',
      package: 'tool',
      version: '1.0.0',
      asset: 't.bin',
      content: 'tool',
    });
    engine.advance(1000);
    await invoke(
      'CopyPackageVersions',
      {
        domain,
        sourceRepository: 'store',
        destinationRepository: 'app',
        format: 'generic',
        namespace: 'tools',
        package: 'tool',
        versions: ['1.0.0'],
      },
      'web console',
    );
    engine.advance(1000);
    const statusTime = engine.now().getTime();
    await invoke(
      'UpdatePackageVersionsStatus',
      {
        domain,
        repository: 'app',
        format: 'generic',
        namespace: 'tools',
        package: 'tool',
        versions: ['1.0.0'],
        targetStatus: 'Archived',
      },
      'desktop app',
    );
    engine.advance(1000);
    await invoke(
      'DeletePackageVersions',
      {
        domain,
        repository: 'store',
        format: 'generic',
        namespace: 'tools',
        package: 'tool',
        versions: ['1.0.0'],
      },
      'CodeArtifact API',
    );
    // A format endpoint hands the request's work the engine as its client sees it.
    await publishFormat(
      { ...engine, ctx: actingAs(engine.ctx, requestScope('npm client')) },
      { repository: 'app', format: 'npm', package: 'kit', version: '2.0.0' },
    );

    const page = listActivity(engine.ctx, { domain });
    expect(summary(page.events)).toEqual([
      'publish app kit@2.0.0',
      'delete store tool@1.0.0',
      'status app tool@1.0.0 Published→Archived',
      'copy app tool@1.0.0 from store',
      'publish store tool@1.0.0',
      'repository-create app',
      'repository-create store',
    ]);
    const status = page.events.find((event) => event.kind === 'status');
    expect(status).toMatchObject({
      actor: 'desktop app',
      operation: 'UpdatePackageVersionsStatus',
      time: statusTime,
      namespace: 'tools',
      format: 'generic',
    });
    expect(page.events[0]).toMatchObject({ actor: 'npm client', operation: 'request' });
    expect(page.events[3]).toMatchObject({ actor: 'web console', operation: 'CopyPackageVersions' });

    expect(summary(listActivity(engine.ctx, { domain, repository: 'app', package: 'TOO' }).events)).toEqual([
      'status app tool@1.0.0 Published→Archived',
      'copy app tool@1.0.0 from store',
    ]);
    const first = listActivity(engine.ctx, { domain, maxResults: 3 });
    expect(first.events).toHaveLength(3);
    const rest = listActivity(engine.ctx, { domain, maxResults: 10, nextToken: first.nextToken ?? '' });
    expect([...first.events, ...rest.events].map((event) => event.id)).toEqual(
      page.events.map((event) => event.id),
    );
    expect(rest.nextToken).toBeUndefined();

    await engine.reopen();
    expect(listActivity(engine.ctx, { domain }).events, 'replayed from the journal as written').toEqual(
      page.events,
    );
  });

  it('records a removed repository once, not each of its versions, and refuses a bad token', async () => {
    engine = await openPackageEngine('gone');
    await publishGeneric(engine, {
      repository: 'gone',
      package: 'a',
      version: '1',
      asset: 'a',
      content: 'a',
    });
    await publishGeneric(engine, {
      repository: 'gone',
      package: 'a',
      version: '2',
      asset: 'b',
      content: 'b',
    });
    await engine.call('DeleteRepository', { domain, repository: 'gone' });
    expect(summary(listActivity(engine.ctx, { domain }).events)).toEqual([
      'repository-delete gone',
      'publish gone a@2',
      'publish gone a@1',
      'repository-create gone',
    ]);
    expect(() => listActivity(engine.ctx, { domain, nextToken: 'x' })).toThrow(/nextToken/);
    expect(() => listActivity(engine.ctx, { domain: 'nope' })).toThrow(/nope/);
  });
});

describe('storage usage', () => {
  it('per repository, per format and the largest packages; the domain counts each file once', async () => {
    engine = await openPackageEngine('store', 'app');
    await publishGeneric(engine, {
      repository: 'store',
      package: 'big',
      version: '1',
      asset: 'b',
      content: 'x'.repeat(1000),
    });
    await publishGeneric(engine, {
      repository: 'store',
      package: 'big',
      version: '2',
      asset: 'b',
      content: 'y'.repeat(1000),
    });
    await publishGeneric(engine, {
      repository: 'app',
      package: 'big',
      version: '1',
      asset: 'b',
      content: 'x'.repeat(1000),
    });
    await publishFormat(engine, {
      repository: 'app',
      format: 'npm',
      package: 'kit',
      version: '1.0.0',
      assets: [{ name: 'kit-1.0.0.tgz', content: 'k'.repeat(300) }],
    });
    const usage = readStorageUsage(engine.ctx, { domain });
    expect(usage.domainBytes).toBe(2300);
    expect(usage.repositories).toEqual([
      { repository: 'store', bytes: 2000, versions: 2 },
      { repository: 'app', bytes: 1300, versions: 2 },
    ]);
    expect(usage.formats).toEqual([
      { format: 'generic', bytes: 2000 },
      { format: 'npm', bytes: 300 },
    ]);
    expect(usage.packages[0]).toEqual({
      repository: 'store',
      format: 'generic',
      namespace: 'tools',
      package: 'big',
      bytes: 2000,
    });
    expect(usage.packages).toHaveLength(3);
  });
});
