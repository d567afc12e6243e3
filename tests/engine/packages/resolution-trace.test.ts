/**
 * "Why this version": the resolution trace names the repositories asked in order, which one
 * answered and whether from the repository's own store or an upstream, and why every other record
 * was filtered out: Unlisted (exact version only), a status upstreams do not serve, a range, a
 * record shadowed by an earlier repository, and origin controls (a package group blocking upstream
 * retention, a package's own upstream: BLOCK) that keep an upstream out of the search.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { traceResolution } from '../../../src/main/engine/upstreams/resolution-trace';
import type { ResolutionTrace } from '../../../src/shared/app-operations';
import type { EngineFixture } from '../engine-fixture';
import { domain, openPackageEngine, publishFormat } from './package-fixture';

let engine: EngineFixture;
const widget = { domain, repository: 'app', format: 'npm', package: 'widget' } as const;

function verdicts(trace: ResolutionTrace): string[] {
  return trace.candidates.map(
    (candidate) =>
      `${candidate.version}@${candidate.repository}:${candidate.eligible ? 'yes' : 'no'}:${candidate.reason}`,
  );
}

beforeEach(async () => {
  engine = await openPackageEngine('store', 'app');
  await engine.call('UpdateRepository', {
    domain,
    repository: 'app',
    upstreams: [{ repositoryName: 'store' }],
  });
  for (const version of ['1.0.0', '1.1.0', '1.3.0'])
    await publishFormat(engine, { repository: 'store', format: 'npm', package: 'widget', version });
  await engine.call('UpdatePackageVersionsStatus', {
    domain,
    repository: 'store',
    format: 'npm',
    package: 'widget',
    versions: ['1.3.0'],
    targetStatus: 'Unlisted',
  });
});
afterEach(async () => engine.close());

describe('resolution trace', () => {
  it('passes over an Unlisted version for a range and serves it by exact version, from the upstream', () => {
    const ranged = traceResolution(engine.ctx, { ...widget, version: '^1.0.0' });
    expect(ranged.kind).toBe('range');
    expect(ranged.repositories.map((step) => `${step.repository}:${step.searched}`)).toEqual([
      'app:true',
      'store:true',
    ]);
    expect(verdicts(ranged)).toEqual([
      '1.0.0@store:yes:Published',
      '1.1.0@store:yes:Published; chosen: the highest version that satisfies ^1.0.0',
      '1.3.0@store:no:Unlisted: not listed, so a range or latest never picks it (only its exact version downloads)',
    ]);
    expect(ranged.answer).toMatchObject({ version: '1.1.0', repository: 'store', source: 'upstream' });
    expect(ranged.answer?.explanation).toContain("a download keeps a copy in 'app'");

    const exact = traceResolution(engine.ctx, { ...widget, version: '1.3.0' });
    expect(exact.answer).toMatchObject({ version: '1.3.0', repository: 'store' });
    expect(verdicts(exact)).toEqual([
      '1.3.0@store:yes:Unlisted: served when asked for by its exact version; chosen: the version asked for',
    ]);
  });

  it('explains a version kept out by a package group that blocks upstream retention', async () => {
    await engine.call('CreatePackageGroup', { domain, packageGroup: '/npm//widget$' });
    await engine.call('UpdatePackageGroupOriginConfiguration', {
      domain,
      packageGroup: '/npm//widget$',
      restrictions: { INTERNAL_UPSTREAM: 'BLOCK' },
    });
    const trace = traceResolution(engine.ctx, { ...widget, version: '1.1.0' });
    expect(trace.answer, 'no repository a client reaches holds 1.1.0').toBeUndefined();
    const [app, store] = trace.repositories;
    expect(app?.stopsHere).toMatch(
      /Package group '\/npm\/\/widget\$' of widget \(npm\) blocks retaining versions from upstream repositories \(INTERNAL_UPSTREAM: BLOCK\)/,
    );
    expect(store).toMatchObject({ repository: 'store', searched: false });
    expect(trace.candidates).toEqual([
      {
        version: '1.1.0',
        repository: 'store',
        status: 'Published',
        originType: 'INTERNAL',
        eligible: false,
        reason: `not reached: ${app?.stopsHere ?? ''}`,
      },
    ]);
    expect(trace.summary).toContain("1.1.0 is not stored in any repository a client of 'app' reaches");
  });

  it("answers from the repository's own store when the package's origin configuration blocks upstreams", async () => {
    await publishFormat(engine, {
      repository: 'app',
      format: 'npm',
      package: 'widget',
      version: '1.2.0',
      distTags: ['latest'],
    });
    await engine.call('PutPackageOriginConfiguration', {
      ...widget,
      restrictions: { publish: 'ALLOW', upstream: 'BLOCK' },
    });
    const trace = traceResolution(engine.ctx, widget);
    expect(trace.kind).toBe('latest');
    expect(trace.answer).toMatchObject({ version: '1.2.0', repository: 'app', source: 'cache' });
    expect(trace.repositories[0]?.stopsHere).toContain('upstream: BLOCK');
    expect(trace.repositories[0]?.restrictions).toEqual({ publish: 'ALLOW', upstream: 'BLOCK' });
    expect(
      verdicts(trace)
        .filter((line) => line.includes('@store'))
        .every((line) => line.includes(':no:not reached')),
    ).toBe(true);
  });

  it('names status and shadowing: an Archived upstream record is skipped, a later repository answers', async () => {
    await engine.call('CreateRepository', { domain, repository: 'mirror' });
    await engine.call('UpdateRepository', {
      domain,
      repository: 'app',
      upstreams: [{ repositoryName: 'store' }, { repositoryName: 'mirror' }],
    });
    await publishFormat(engine, { repository: 'mirror', format: 'npm', package: 'widget', version: '1.0.0' });
    await publishFormat(engine, { repository: 'mirror', format: 'npm', package: 'widget', version: '1.1.0' });
    await engine.call('UpdatePackageVersionsStatus', {
      domain,
      repository: 'store',
      format: 'npm',
      package: 'widget',
      versions: ['1.0.0'],
      targetStatus: 'Archived',
    });
    const trace = traceResolution(engine.ctx, { ...widget, version: '~1.0.0 || ~1.1.0' });
    expect(verdicts(trace)).toEqual([
      '1.0.0@store:no:status Archived: an upstream serves only Published and Unlisted versions',
      '1.1.0@store:yes:Published; chosen: the highest version that satisfies ~1.0.0 || ~1.1.0',
      '1.3.0@store:no:Unlisted: not listed, so a range or latest never picks it (only its exact version downloads)',
      '1.0.0@mirror:yes:Published',
      "1.1.0@mirror:no:shadowed: the record in 'store' comes first in the search order",
    ]);
  });

  it('refuses a request that is neither a version nor a range', () => {
    expect(() => traceResolution(engine.ctx, { ...widget, version: 'not a range!' })).toThrow(
      /neither an npm version nor a semver range/,
    );
  });
});
