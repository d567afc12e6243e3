// Deprecation messages of versions (npm deprecate): migration 4, the engine call, and copies.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngineContext } from '../../../src/main/engine';
import { createRepository } from '../../../src/main/engine/repositories/create-repository';
import { storeAssetBlob } from '../../../src/main/engine/assets/asset-blobs';
import { ResourceNotFoundException, ValidationException } from '../../../src/main/engine/errors';
import { ingestExternalVersion } from '../../../src/main/engine/external/ingest-external-version';
import { packageCoordinates } from '../../../src/main/engine/packages/package-coordinates';
import { versionSortKey } from '../../../src/main/engine/package-versions/version-order';
import { findPackage, findVersion } from '../../../src/main/engine/packages/package-records';
import {
  deprecatePackageVersions,
  maxDeprecationLength,
} from '../../../src/main/engine/package-versions/deprecate-package-versions';
import { findRepository, requireDomain } from '../../../src/main/engine/lookups';
import { resolvePackageVersion } from '../../../src/main/engine/upstreams/resolve-package-version';
import { openStore } from '../../../src/main/store';
import { migrations } from '../../../src/main/store/migrations';
import type { Store } from '../../../src/main/store/types';
import { accountId, expectServiceError, region, type EngineFixture } from '../engine-fixture';
import { domain, openPackageEngine, publishFormat } from './package-fixture';

const lib = { format: 'npm', package: 'lib' } as const;

/** The stored message of a version in a repository (undefined: no such version). */
function storedDeprecation(store: Store, repository: string, version: string): string | null | undefined {
  return store.read((db) => {
    const repo = findRepository(db, requireDomain(db, domain, accountId), repository);
    const pkg = repo && findPackage(db, repo.id, packageCoordinates('npm', undefined, 'lib'));
    return pkg ? findVersion(db, pkg.id, version)?.deprecated : undefined;
  });
}

describe('migration 4 (version deprecation)', () => {
  it('adds a NULL deprecated column to versions stored before it', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'artifact-desk-migration-'));
    try {
      const older = await openStore({ dataDir, migrations: migrations.slice(0, 3) });
      const ctx = createEngineContext(older, { accountId, region, endpointUrl: () => 'http://127.0.0.1:1' });
      // The domain row as schema 3 stores it (today's CreateDomain reads columns added later).
      older.write((db) =>
        db.run(
          `INSERT INTO domains (owner, name, encryption_key, s3_bucket_arn, created_time) VALUES (?, ?, ?, ?, ?)`,
          [accountId, domain, 'key', 'arn:aws:s3:::bucket', 0],
        ),
      );
      createRepository(ctx, { domain, repository: 'dev' });
      // The version row as schema 3 stores it (today's publish writes columns added later).
      older.write((db) => {
        db.run(
          `INSERT INTO packages (repository_id, format, namespace, name, publish, upstream, created_time)
           SELECT id, 'npm', '', 'lib', 'ALLOW', 'BLOCK', 0 FROM repositories WHERE name = 'dev'`,
        );
        db.run(
          `INSERT INTO package_versions (package_id, version, sort_key, status, revision, published_time,
             updated_time, origin_type)
           SELECT id, '1.0.0', ?, 'Published', 'r', 0, 0, 'INTERNAL' FROM packages WHERE name = 'lib'`,
          [versionSortKey('npm', '1.0.0')],
        );
      });
      await older.flush();
      const columnsBefore = older.read((db) =>
        db.all<{ name: string }>('PRAGMA table_info(package_versions)'),
      );
      expect(columnsBefore.map((column) => column.name)).not.toContain('deprecated');
      await older.close();

      const upgraded = await openStore({ dataDir, migrations });
      try {
        expect(storedDeprecation(upgraded, 'dev', '1.0.0')).toBeNull();
        const applied = upgraded.read((db) =>
          db.all<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version'),
        );
        expect(applied.map((row) => row.version)).toEqual(migrations.map((migration) => migration.version));
      } finally {
        await upgraded.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('deprecatePackageVersions', () => {
  let engine: EngineFixture;
  beforeEach(async () => {
    engine = await openPackageEngine('dev', 'app', 'copy', 'cache');
    await engine.call('UpdateRepository', {
      domain,
      repository: 'app',
      upstreams: [{ repositoryName: 'dev' }],
    });
    for (const version of ['1.0.0', '1.1.0', '2.0.0']) {
      await publishFormat(engine, {
        repository: 'dev',
        ...lib,
        version,
        assets: [{ name: 'package.tgz', content: `lib@${version}` }],
      });
    }
  });
  afterEach(async () => {
    await engine.close();
  });

  const revisionOf = async (repository: string, version: string) =>
    (await engine.call('DescribePackageVersion', { domain, repository, ...lib, packageVersion: version }))
      .packageVersion?.revision;
  const deprecate = (repository: string, deprecations: Record<string, string | null>) =>
    deprecatePackageVersions(engine.ctx, { domain, repository, ...lib, deprecations });

  it('sets a message with a new revision, leaves an identical one alone and clears it with an empty one', async () => {
    const before = await revisionOf('dev', '1.0.0');
    const untouched = await revisionOf('dev', '2.0.0');
    const first = await deprecate('dev', { '1.0.0': 'use 2.x', '1.1.0': 'use 2.x' });
    expect(first.changed.map((entry) => entry.version).sort()).toEqual(['1.0.0', '1.1.0']);
    expect(first.changed[0]?.deprecated).toBe('use 2.x');
    const after = await revisionOf('dev', '1.0.0');
    expect(after).not.toBe(before);
    expect(first.changed.find((entry) => entry.version === '1.0.0')?.revision).toBe(after);
    expect(await revisionOf('dev', '2.0.0')).toBe(untouched);
    expect(storedDeprecation(engine.store, 'dev', '1.0.0')).toBe('use 2.x');

    const again = await deprecate('dev', { '1.0.0': 'use 2.x' });
    expect(again.changed).toEqual([]);
    expect(again.unchanged).toEqual([{ version: '1.0.0', deprecated: 'use 2.x', revision: after }]);
    expect(await revisionOf('dev', '1.0.0')).toBe(after);

    const cleared = await deprecate('dev', { '1.0.0': '', '1.1.0': null });
    expect(cleared.changed.map((entry) => entry.deprecated)).toEqual([undefined, undefined]);
    expect(storedDeprecation(engine.store, 'dev', '1.0.0')).toBeNull();
    expect(storedDeprecation(engine.store, 'dev', '1.1.0')).toBeNull();
    expect(await revisionOf('dev', '1.0.0')).not.toBe(after);
  });

  it('survives a reopen of the data directory', async () => {
    await deprecate('dev', { '2.0.0': 'broken build' });
    await engine.reopen();
    expect(storedDeprecation(engine.store, 'dev', '2.0.0')).toBe('broken build');
  });

  it('refuses, all or none, a version the repository does not hold itself', async () => {
    await expectServiceError(
      deprecate('dev', { '1.0.0': 'old', '9.9.9': 'old' }),
      ResourceNotFoundException,
      { resourceType: 'package-version', resourceId: '9.9.9' },
    );
    expect(storedDeprecation(engine.store, 'dev', '1.0.0')).toBeNull();
    // 'app' serves dev's versions through its upstream, but holds none of them.
    await expectServiceError(deprecate('app', { '1.0.0': 'old' }), ResourceNotFoundException, {
      resourceType: 'package',
    });
    await expectServiceError(deprecate('nowhere', { '1.0.0': 'old' }), ResourceNotFoundException);
  });

  it('validates what it is given', async () => {
    await expectServiceError(deprecate('dev', {}), ValidationException);
    await expectServiceError(
      deprecate('dev', { '1.0.0': 'x'.repeat(maxDeprecationLength + 1) }),
      ValidationException,
    );
    await expectServiceError(deprecate('dev', { '1.0.0': 42 as unknown as string }), ValidationException);
    expect(storedDeprecation(engine.store, 'dev', '1.0.0')).toBeNull();
  });

  it('retained and copied versions carry the message and revision along', async () => {
    await deprecate('dev', { '1.0.0': 'use 2.x' });
    const revision = await revisionOf('dev', '1.0.0');
    const resolved = resolvePackageVersion(engine.ctx, {
      domain,
      repository: 'app',
      ...lib,
      version: '1.0.0',
    });
    await engine.store.flush();
    expect(resolved?.retainedIn).toEqual(['app']);
    expect(storedDeprecation(engine.store, 'app', '1.0.0')).toBe('use 2.x');
    expect(await revisionOf('app', '1.0.0')).toBe(revision);

    await engine.call('CopyPackageVersions', {
      domain,
      sourceRepository: 'dev',
      destinationRepository: 'copy',
      ...lib,
      versions: ['1.0.0', '1.1.0'],
    });
    expect(storedDeprecation(engine.store, 'copy', '1.0.0')).toBe('use 2.x');
    expect(storedDeprecation(engine.store, 'copy', '1.1.0')).toBeNull();

    // Overwriting a copy replaces its message with the source's, cleared ones included.
    await deprecate('copy', { '1.1.0': 'copy only' });
    await deprecate('dev', { '1.0.0': '' });
    await engine.call('CopyPackageVersions', {
      domain,
      sourceRepository: 'dev',
      destinationRepository: 'copy',
      ...lib,
      versions: ['1.0.0', '1.1.0'],
      allowOverwrite: true,
    });
    expect(storedDeprecation(engine.store, 'copy', '1.0.0')).toBeNull();
    expect(storedDeprecation(engine.store, 'copy', '1.1.0')).toBeNull();
  });

  it('a version ingested from an external connection keeps the message the upstream shows', async () => {
    await engine.call('AssociateExternalConnection', {
      domain,
      repository: 'cache',
      externalConnection: 'public:npmjs',
    });
    for (const [version, deprecated] of [
      ['3.0.0', 'no longer maintained'],
      ['3.1.0', ''],
    ] as const) {
      const blob = await storeAssetBlob(engine.ctx, domain, Readable.from([Buffer.from(`ext@${version}`)]));
      await ingestExternalVersion(engine.ctx, {
        domain,
        repository: 'cache',
        ...lib,
        version,
        connection: 'public:npmjs',
        assets: [{ name: 'package.tgz', blob }],
        deprecated,
      });
    }
    expect(storedDeprecation(engine.store, 'cache', '3.0.0')).toBe('no longer maintained');
    expect(storedDeprecation(engine.store, 'cache', '3.1.0')).toBeNull();
  });
});
