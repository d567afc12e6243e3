// Migrations that change data a user already has: a database written by an older build is opened
// by this one, and what it held is rewritten (never lost) as the new schema expects.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordBlobFact } from '../../src/main/engine/assets/asset-blobs';
import { clearBlobDamage, listDamagedAssets } from '../../src/main/engine/assets/blob-damage';
import { listTrash, restoreTrashed } from '../../src/main/engine/trash/version-trash';
import { createEngineContext, engineHandlers, type Handler } from '../../src/main/engine';
import { versionSortKey } from '../../src/main/engine/package-versions/version-order';
import { findDomain, findRepository } from '../../src/main/engine/lookups';
import { packumentChunks, planPackument } from '../../src/main/http/formats/npm/npm-packument';
import { blobFact } from '../../src/main/http/formats/version-facts';
import {
  factTextColumns,
  internPlainFactBody,
  readFactText,
  type StoredFactText,
} from '../../src/main/engine/assets/blob-fact-bodies';
import { openStore, type DurableStore } from '../../src/main/store/index';
import type { Db } from '../../src/main/store/types';
import { migrations } from '../../src/main/store/migrations';
import type { OperationInput, OperationName } from '../../src/shared/operations';
import { readAll } from '../helpers/packages';
import { makeTempDir, removeDir } from '../helpers/temp-dir';

let dataDir: string;
let store: DurableStore | undefined;

beforeEach(async () => {
  dataDir = await makeTempDir('artifact-desk-upgrade-');
});

afterEach(async () => {
  await store?.close().catch(() => undefined);
  store = undefined;
  await removeDir(dataDir);
});

/** Opens the data directory with the migrations up to `version` only, as an older build would. */
async function openAsOf(version: number): Promise<DurableStore> {
  store = await openStore({ dataDir, migrations: migrations.filter((m) => m.version <= version) });
  return store;
}

async function reopenCurrent(): Promise<DurableStore> {
  await store?.close();
  store = await openStore({ dataDir, migrations });
  return store;
}

async function call<O extends OperationName>(db: DurableStore, operation: O, input: OperationInput<O>) {
  const ctx = createEngineContext(db, {
    accountId: '111122223333',
    region: 'eu-west-1',
    endpointUrl: () => 'http://127.0.0.1:5484',
  });
  const handler = engineHandlers[operation] as Handler<O>;
  const output = await handler(ctx, input);
  await db.flush();
  return output;
}

function engineContext(db: DurableStore) {
  return createEngineContext(db, {
    accountId: '111122223333',
    region: 'eu-west-1',
    endpointUrl: () => 'http://127.0.0.1:5484',
  });
}

/** The full packument of an npm package of 'acme/old-repo', built from the store as a GET builds it. */
async function packumentText(db: DurableStore, packageName: string): Promise<string> {
  const ctx = engineContext(db);
  const { domain, repository } = db.read((tx) => {
    const found = findDomain(tx, 'acme', '111122223333');
    return { domain: found, repository: found && findRepository(tx, found, 'old-repo') };
  });
  if (!domain || !repository) throw new Error('the upgraded store lost its domain or repository');
  const packumentTarget = { ctx, domain, repository, endpoint: 'http://127.0.0.1:5484/npm/old-repo/' };
  const name = { full: packageName, name: packageName };
  let text = '';
  for await (const chunk of packumentChunks(packumentTarget, name, {
    plan: planPackument(packumentTarget, name),
    extra: [],
    distTags: {},
    full: true,
  }))
    text += chunk;
  return text;
}

/** Inserts a package with versions whose sort keys are `staleKey` (what an older order stored). */
function insertPackage(db: DurableStore, format: string, name: string, versions: string[], staleKey: string) {
  db.write((tx) => {
    const repository = tx.get<{ id: number }>('SELECT id FROM repositories WHERE name = ?', ['old-repo']);
    tx.run(
      `INSERT INTO packages (repository_id, format, namespace, name, publish, upstream, created_time)
       VALUES (?, ?, ?, ?, 'ALLOW', 'BLOCK', 1)`,
      [repository?.id ?? 0, format, format === 'maven' ? 'org.example' : '', name],
    );
    const pkg = tx.get<{ id: number }>('SELECT id FROM packages WHERE name = ?', [name]);
    for (const version of versions) {
      tx.run(
        `INSERT INTO package_versions (package_id, version, sort_key, status, revision, published_time, updated_time, origin_type)
         VALUES (?, ?, ?, 'Published', 'r', 1, 1, 'INTERNAL')`,
        [pkg?.id ?? 0, version, staleKey],
      );
    }
  });
}

function keysOf(db: DurableStore, name: string) {
  return db.read((tx) =>
    tx.all<{ version: string; sort_key: string }>(
      `SELECT version, sort_key FROM package_versions
         JOIN packages ON packages.id = package_versions.package_id
        WHERE packages.name = ? ORDER BY sort_key, version`,
      [name],
    ),
  );
}

describe('migration 8 (maven-sort-keys) on a database written before it', () => {
  it('rewrites every stored Maven key to the current order and leaves other formats alone', async () => {
    const old = await openAsOf(7);
    await call(old, 'CreateDomain', { domain: 'acme' });
    await call(old, 'CreateRepository', { domain: 'acme', repository: 'old-repo' });
    // ComparableVersion order, shuffled; every key stored by the older build is the same stale value.
    const mavenOrder = [
      '1.0-alpha-1',
      '1.0-beta',
      '1.0-rc1',
      '1.0-SNAPSHOT',
      '1.0',
      '1.0-sp1',
      '1.0.1',
      '1.10',
    ];
    insertPackage(old, 'maven', 'lib', [...mavenOrder].reverse(), 'stale');
    insertPackage(old, 'npm', 'js-lib', ['2.0.0', '1.0.0'], 'stale');
    await old.flush();

    const upgraded = await reopenCurrent();
    expect(upgraded.recovery.migrationsApplied, 'the older database gets the migrations it lacks').toContain(
      8,
    );
    const maven = keysOf(upgraded, 'lib');
    expect(
      maven.map((row) => row.version),
      'Maven versions list in ComparableVersion order by their stored keys',
    ).toEqual(mavenOrder);
    for (const row of maven) expect(row.sort_key, row.version).toBe(versionSortKey('maven', row.version));
    expect(
      keysOf(upgraded, 'js-lib').map((row) => row.sort_key),
      'keys of other formats are not touched',
    ).toEqual(['stale', 'stale']);
  });
});

describe('migration 11 (external-document-users) on a database written before it', () => {
  it('gives stored upstream documents to the repositories with a connection, and drops them with those', async () => {
    const old = await openAsOf(10);
    await call(old, 'CreateDomain', { domain: 'acme' });
    await call(old, 'CreateRepository', { domain: 'acme', repository: 'npm-store' });
    await call(old, 'AssociateExternalConnection', {
      domain: 'acme',
      repository: 'npm-store',
      externalConnection: 'public:npmjs',
    });
    old.write((tx) => {
      for (const url of ['http://127.0.0.1:9/a', 'http://127.0.0.1:9/b']) {
        tx.run(
          `INSERT INTO external_documents (url, status, content_type, final_url, body, fetched_time, validated_time)
           VALUES (?, 200, 'application/json', ?, ?, 1, 1)`,
          [url, url, new Uint8Array([1, 2, 3])],
        );
      }
    });
    await old.flush();

    const upgraded = await reopenCurrent();
    const count = (table: string) =>
      upgraded.read((tx) => tx.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`)?.n);
    expect(count('external_documents'), 'the stored documents are kept').toBe(2);
    expect(count('external_document_users'), 'each is used by the repository with the connection').toBe(2);
    await call(upgraded, 'DeleteRepository', { domain: 'acme', repository: 'npm-store' });
    expect(count('external_documents'), 'deleting that repository removes them').toBe(0);
    expect(count('external_document_users')).toBe(0);
  });

  it('drops stored upstream documents that no repository uses', async () => {
    const old = await openAsOf(10);
    old.write((tx) =>
      tx.run(
        `INSERT INTO external_documents (url, status, content_type, final_url, body, fetched_time, validated_time)
         VALUES ('http://127.0.0.1:9/x', 200, 'text/html', 'http://127.0.0.1:9/x', ?, 1, 1)`,
        [new Uint8Array([1])],
      ),
    );
    await old.flush();
    const upgraded = await reopenCurrent();
    expect(
      upgraded.read((tx) => tx.get<{ n: number }>('SELECT COUNT(*) AS n FROM external_documents')?.n),
    ).toBe(0);
  });
});

describe('migration 12 (version-readmes) on a database written before it', () => {
  it('moves every readme off the version rows, keeps it readable, and copies and deletes go with it', async () => {
    const old = await openAsOf(11);
    await call(old, 'CreateDomain', { domain: 'acme' });
    await call(old, 'CreateRepository', { domain: 'acme', repository: 'old-repo' });
    await call(old, 'CreateRepository', { domain: 'acme', repository: 'copy-repo' });
    insertPackage(old, 'generic', 'doc-pkg', ['1.0', '2.0'], 'k');
    old.write((tx) => {
      tx.run(`UPDATE package_versions SET readme = '# One' WHERE version = '1.0'`);
      // A namespace makes the generic package addressable through the API.
      tx.run(`UPDATE packages SET namespace = 'ns' WHERE name = 'doc-pkg'`);
    });
    await old.flush();

    const upgraded = await reopenCurrent();
    expect(upgraded.recovery.migrationsApplied).toContain(12);
    const columns = upgraded.read((tx) =>
      tx.all<{ name: string }>(`SELECT name FROM pragma_table_info('package_versions')`).map((c) => c.name),
    );
    expect(columns, 'the version row no longer carries readme text').not.toContain('readme');
    const target = { domain: 'acme', format: 'generic' as const, namespace: 'ns', package: 'doc-pkg' };
    const readme = async (repository: string, packageVersion: string) =>
      (await call(upgraded, 'GetPackageVersionReadme', { ...target, repository, packageVersion })).readme;
    expect(await readme('old-repo', '1.0'), 'the stored readme is kept').toBe('# One');
    expect(await readme('old-repo', '2.0'), 'a version without one still has none').toBeUndefined();
    await call(upgraded, 'CopyPackageVersions', {
      ...target,
      sourceRepository: 'old-repo',
      destinationRepository: 'copy-repo',
      versions: ['1.0'],
    });
    expect(await readme('copy-repo', '1.0'), 'a copy carries the readme').toBe('# One');
    await call(upgraded, 'DeletePackageVersions', { ...target, repository: 'old-repo', versions: ['1.0'] });
    const left = upgraded.read(
      (tx) => tx.get<{ n: number }>('SELECT COUNT(*) AS n FROM package_version_readmes')?.n,
    );
    expect(left, "a deleted version's readme goes with it").toBe(1);
  });
});

describe('migration 14 (compact-blob-rows) on a database written before it', () => {
  it('keeps every digest and npm packument entry as served before, and shares equal fact texts', async () => {
    const old = await openAsOf(13);
    await call(old, 'CreateDomain', { domain: 'acme' });
    await call(old, 'CreateRepository', { domain: 'acme', repository: 'old-repo' });
    insertPackage(old, 'npm', 'left-pad', ['1.0.0', '1.0.1'], 'k');
    const install = '{"dependencies":{"dep-a":"^1.2.3"},"engines":{"node":">=18"}}';
    const describe = '{"description":"Pads","license":"MIT"}';
    const hex = (seed: string, bytes: number) => seed.repeat(bytes * 2).slice(0, bytes * 2);
    const blobs = ['1.0.0', '1.0.1'].map((version, i) => ({
      version,
      sha256: hex(String(i + 1), 32),
      md5: hex('a1', 16),
      sha1: hex(`b${i}`, 20),
      sha512: hex(`c${i}`, 64),
    }));
    old.write((tx) => {
      const domainId = tx.get<{ id: number }>(`SELECT id FROM domains WHERE name = 'acme'`)?.id ?? 0;
      for (const blob of blobs) {
        tx.run(
          `INSERT INTO domain_blobs (domain_id, sha256, size, md5, sha1, sha512, created_time) VALUES (?, ?, 10, ?, ?, ?, 1)`,
          [domainId, blob.sha256, blob.md5, blob.sha1, blob.sha512],
        );
        tx.run(
          `INSERT INTO package_version_assets (version_id, name, domain_id, sha256, created_time)
           SELECT id, ?, ?, ?, 1 FROM package_versions WHERE version = ?`,
          [`left-pad-${blob.version}.tgz`, domainId, blob.sha256, blob.version],
        );
        for (const [kind, body] of [
          ['npm-install', install],
          ['npm-describe', describe],
        ] as const)
          tx.run('INSERT INTO blob_facts (domain_id, sha256, kind, body) VALUES (?, ?, ?, ?)', [
            domainId,
            blob.sha256,
            kind,
            body,
          ]);
      }
      tx.run(
        `INSERT INTO blob_facts (domain_id, sha256, kind, body) VALUES (?, ?, 'other-kind', '{"x":1}')`,
        [domainId, blobs[0]?.sha256 ?? ''],
      );
    });
    await old.flush();

    const upgraded = await reopenCurrent();
    expect(upgraded.recovery.migrationsApplied).toContain(14);
    const target = { domain: 'acme', repository: 'old-repo', format: 'npm' as const, package: 'left-pad' };
    for (const blob of blobs) {
      const { assets } = await call(upgraded, 'ListPackageVersionAssets', {
        ...target,
        packageVersion: blob.version,
      });
      expect(
        assets?.[0]?.hashes,
        `the hashes of ${blob.version} read as the hex they were stored as`,
      ).toEqual({
        MD5: blob.md5,
        'SHA-1': blob.sha1,
        'SHA-256': blob.sha256,
        'SHA-512': blob.sha512,
      });
    }

    const ctx = engineContext(upgraded);
    const text = await packumentText(upgraded, 'left-pad');
    const packument = JSON.parse(text) as { versions: Record<string, Record<string, unknown>> };
    expect(packument.versions['1.0.1'], 'the packument entry is what the stored fields gave before').toEqual({
      name: 'left-pad',
      version: '1.0.1',
      ...(JSON.parse(install) as object),
      ...(JSON.parse(describe) as object),
      _id: 'left-pad@1.0.1',
      dist: {
        tarball: 'http://127.0.0.1:5484/npm/old-repo/left-pad/-/left-pad-1.0.1.tgz',
        integrity: `sha512-${Buffer.from(blobs[1]?.sha512 ?? '', 'hex').toString('base64')}`,
        shasum: blobs[1]?.sha1,
      },
    });

    const bodies = () =>
      upgraded.read((tx) =>
        tx.all<{ body: string; uses: number }>('SELECT body, uses FROM blob_fact_bodies ORDER BY body'),
      );
    expect(bodies(), 'equal texts are kept once, counted by their uses').toEqual([
      { body: `${install}\n${describe}`, uses: 2 },
      { body: '{"x":1}', uses: 1 },
    ]);
    expect(blobFact(ctx, 'acme', blobs[0]?.sha256 ?? '', 'other-kind'), 'other kinds read as before').toBe(
      '{"x":1}',
    );
    upgraded.write((tx) =>
      tx.run('DELETE FROM blob_facts WHERE sha256 = unhex(?)', [blobs[0]?.sha256 ?? '']),
    );
    expect(bodies(), 'a text goes with its last use').toEqual([{ body: `${install}\n${describe}`, uses: 1 }]);
  });
});

describe('migration 15 (packed-fact-texts) on a database written before it', () => {
  it('packs stored texts against the package base and serves the same packument bytes', async () => {
    const old = await openAsOf(14);
    await call(old, 'CreateDomain', { domain: 'acme' });
    await call(old, 'CreateRepository', { domain: 'acme', repository: 'old-repo' });
    const versions = ['1.0.0', '1.0.1', '1.0.2'];
    insertPackage(old, 'npm', 'left-pad', versions, 'k');
    const textOf = (version: string) =>
      `{"dependencies":{"dep-a":"^1.2.3"},"engines":{"node":">=18"}}\n` +
      `{"description":"Pads strings on the left, as many characters as asked for","license":"MIT",` +
      `"keywords":["pad","left","string"],"gitHead":"${version.repeat(8)}"}`;
    old.write((tx) => {
      const domainId = tx.get<{ id: number }>(`SELECT id FROM domains WHERE name = 'acme'`)?.id ?? 0;
      versions.forEach((version, i) => {
        const sha256 = String(i + 1).repeat(64);
        tx.run(
          `INSERT INTO domain_blobs (domain_id, sha256, size, md5, sha1, sha512, created_time)
           VALUES (?, ?, 10, unhex(?), unhex(?), unhex(?), 1)`,
          [domainId, sha256, 'a1'.repeat(16), 'b2'.repeat(20), 'c3'.repeat(64)],
        );
        tx.run(
          `INSERT INTO package_version_assets (version_id, name, domain_id, sha256, created_time)
           SELECT id, ?, ?, ?, 1 FROM package_versions WHERE version = ?`,
          [`left-pad-${version}.tgz`, domainId, sha256, version],
        );
        tx.run(`INSERT INTO blob_facts (domain_id, sha256, kind, body_id) VALUES (?, ?, 'npm', ?)`, [
          domainId,
          sha256,
          internPlainFactBody(tx, textOf(version)),
        ]);
      });
    });
    await old.flush();

    const upgraded = await reopenCurrent();
    expect(upgraded.recovery.migrationsApplied).toContain(15);
    const rows = upgraded.read((tx) =>
      tx.all<{ plain: number; packed: number; uses: number }>(
        `SELECT body IS NOT NULL AS plain, packed IS NOT NULL AS packed, uses FROM blob_fact_bodies
          ORDER BY plain DESC`,
      ),
    );
    expect(
      rows,
      'the oldest version holds the base (its use and two packed on it); the rest are packed',
    ).toEqual([
      { plain: 1, packed: 0, uses: 3 },
      { plain: 0, packed: 1, uses: 1 },
      { plain: 0, packed: 1, uses: 1 },
    ]);
    const packed = await packumentText(upgraded, 'left-pad');
    const shown = (JSON.parse(packed) as { versions: Record<string, Record<string, unknown>> }).versions;
    for (const version of versions) {
      const [install, describe] = textOf(version).split('\n');
      expect(shown[version], `${version} shows its stored fields`).toMatchObject({
        ...(JSON.parse(install ?? '') as object),
        ...(JSON.parse(describe ?? '') as object),
      });
    }
    // The same store with every text plain again (as before the migration) serves the same bytes.
    upgraded.write((tx) => {
      const stored = tx.all<{ id: number } & StoredFactText>(
        `SELECT b.id, ${factTextColumns('b')} FROM blob_fact_bodies b`,
      );
      for (const row of stored)
        tx.run('UPDATE blob_fact_bodies SET body = ?, packed = NULL, base_id = NULL WHERE id = ?', [
          readFactText(tx, row),
          row.id,
        ]);
    });
    expect(await packumentText(upgraded, 'left-pad'), 'packed texts serve the bytes plain ones did').toBe(
      packed,
    );
  });
});

describe('migration 16 (version-descriptions) on a database written before it', () => {
  it('moves descriptive fields into shared rows and every version describes as before', async () => {
    const old = await openAsOf(15);
    await call(old, 'CreateDomain', { domain: 'acme' });
    await call(old, 'CreateRepository', { domain: 'acme', repository: 'old-repo' });
    const versions = ['1.0', '1.1', '2.0', '3.0'];
    insertPackage(old, 'generic', 'desc-pkg', versions, 'k');
    const shared = [
      'Desc Pkg',
      'Does things',
      'https://desc.example/',
      'https://git.example/d',
      '[{"name":"MIT"}]',
    ];
    const fields: Record<string, (string | null)[]> = {
      '1.0': shared,
      '1.1': shared,
      '2.0': [...shared.slice(0, 1), 'Does more things', ...shared.slice(2)],
      '3.0': [null, null, null, null, null],
    };
    old.write((tx) => {
      tx.run(`UPDATE packages SET namespace = 'ns' WHERE name = 'desc-pkg'`);
      for (const version of versions)
        tx.run(
          `UPDATE package_versions SET display_name = ?, summary = ?, home_page = ?, source_code_repository = ?,
             licenses = ? WHERE version = ?`,
          [...(fields[version] ?? []), version],
        );
    });
    await old.flush();

    const upgraded = await reopenCurrent();
    expect(upgraded.recovery.migrationsApplied).toContain(16);
    const columns = upgraded.read((tx) =>
      tx.all<{ name: string }>(`SELECT name FROM pragma_table_info('package_versions')`).map((c) => c.name),
    );
    expect(columns, 'the version row names its description instead of holding the texts').not.toContain(
      'summary',
    );
    expect(columns).toContain('description_id');
    const target = { domain: 'acme', repository: 'old-repo', format: 'generic' as const, namespace: 'ns' };
    for (const version of versions) {
      const { packageVersion } = await call(upgraded, 'DescribePackageVersion', {
        ...target,
        package: 'desc-pkg',
        packageVersion: version,
      });
      const [displayName, summary, homePage, sourceCodeRepository, licenses] = fields[version] ?? [];
      expect(
        {
          displayName: packageVersion?.displayName,
          summary: packageVersion?.summary,
          homePage: packageVersion?.homePage,
          sourceCodeRepository: packageVersion?.sourceCodeRepository,
          licenses: packageVersion?.licenses,
        },
        `${version} describes with the fields it had`,
      ).toEqual({
        displayName: displayName ?? 'ns/desc-pkg',
        summary: summary ?? undefined,
        homePage: homePage ?? undefined,
        sourceCodeRepository: sourceCodeRepository ?? undefined,
        licenses: licenses ? [{ name: 'MIT', url: undefined }] : undefined,
      });
    }
    expect(
      upgraded.read((tx) =>
        tx.all<{ summary: string; uses: number }>(
          'SELECT summary, uses FROM version_descriptions ORDER BY summary',
        ),
      ),
      'one row per distinct combination, counted by its versions',
    ).toEqual([
      { summary: 'Does more things', uses: 1 },
      { summary: 'Does things', uses: 2 },
    ]);
  });
});

describe('migration 17 (dependency-lists) on a database written before it', () => {
  it('moves dependency rows into shared lists and every version lists its dependencies as before', async () => {
    const old = await openAsOf(16);
    await call(old, 'CreateDomain', { domain: 'acme' });
    await call(old, 'CreateRepository', { domain: 'acme', repository: 'old-repo' });
    const versions = ['1.0', '1.1', '2.0', '3.0', '4.0'];
    insertPackage(old, 'generic', 'dep-pkg', versions, 'k');
    type Row = [string | null, string, string | null, string | null];
    const shared: Row[] = [
      ['ns', 'first', 'regular', '^1.0'],
      [null, 'second', null, null],
    ];
    const long: Row[] = Array.from({ length: 120 }, (_, i) => [null, `dep-${i}`, 'peer', `>=${i}`]);
    const rows: Record<string, Row[]> = {
      '1.0': shared,
      '1.1': shared,
      '2.0': [shared[1] ?? [null, '', null, null], shared[0] ?? [null, '', null, null]],
      '3.0': [],
      '4.0': long,
    };
    old.write((tx) => {
      tx.run(`UPDATE packages SET namespace = 'ns' WHERE name = 'dep-pkg'`);
      for (const version of versions) {
        const id = tx.get<{ id: number }>('SELECT id FROM package_versions WHERE version = ?', [version])?.id;
        // Written in reverse, so only `position` gives the order.
        [...(rows[version] ?? [])].reverse().forEach((row, i, all) =>
          tx.run(
            `INSERT INTO package_version_dependencies
               (version_id, position, namespace, package, dependency_type, version_requirement)
             VALUES (?, ?, ?, ?, ?, ?)`,
            [id ?? 0, all.length - 1 - i, ...row],
          ),
        );
      }
    });
    await old.flush();

    const upgraded = await reopenCurrent();
    expect(upgraded.recovery.migrationsApplied).toContain(17);
    expect(
      upgraded.read((tx) =>
        tx.get(`SELECT 1 AS found FROM sqlite_master WHERE name = 'package_version_dependencies'`),
      ),
      'the row-per-dependency table is gone',
    ).toBeUndefined();
    const target = { domain: 'acme', repository: 'old-repo', format: 'generic' as const, namespace: 'ns' };
    for (const version of versions) {
      const listed: Row[] = [];
      let nextToken: string | undefined;
      do {
        const page = await call(upgraded, 'ListPackageVersionDependencies', {
          ...target,
          package: 'dep-pkg',
          packageVersion: version,
          nextToken,
        });
        for (const d of page.dependencies ?? [])
          listed.push([
            d.namespace ?? null,
            d.package ?? '',
            d.dependencyType ?? null,
            d.versionRequirement ?? null,
          ]);
        nextToken = page.nextToken;
      } while (nextToken);
      expect(listed, `${version} lists the dependencies it had, in order`).toEqual(rows[version]);
    }
    expect(
      upgraded.read((tx) =>
        tx.all<{ length: number; uses: number }>(
          'SELECT json_array_length(entries) AS length, uses FROM dependency_lists ORDER BY length, uses',
        ),
      ),
      'one row per distinct ordered list, counted by its versions',
    ).toEqual([
      { length: 2, uses: 1 },
      { length: 2, uses: 2 },
      { length: 120, uses: 1 },
    ]);
    await call(upgraded, 'DeletePackageVersions', {
      ...target,
      package: 'dep-pkg',
      versions: ['1.0', '2.0'],
    });
    expect(
      upgraded.read((tx) => tx.all<{ uses: number }>('SELECT uses FROM dependency_lists ORDER BY uses')),
      'the converted lists count their uses like new ones',
    ).toEqual([{ uses: 1 }, { uses: 1 }]);
  });
});

describe('the database after a migration that rewrites tables', () => {
  const blobCount = 3000;
  const hex = (n: number, bytes: number) => n.toString(16).padStart(bytes * 2, '0');
  const facts = (n: number) => ({
    install: `{"dependencies":{"dep-${n}":"^${n}.0.0"},"engines":{"node":">=18"},"bin":{"tool-${n}":"cli.js"}}`,
    describe: `{"description":"Package number ${n}, with a description of some length","license":"MIT"}`,
  });
  const domainIdOf = (tx: Db) =>
    tx.get<{ id: number }>(`SELECT id FROM domains WHERE name = 'acme'`)?.id ?? 0;
  const snapshotSize = async (dir: string) => (await stat(path.join(dir, 'db', 'snapshot.sqlite'))).size;

  it('is compacted (VACUUM) so a converted store is no larger than one built fresh with the same content', async () => {
    // What an older build held: 3000 npm tarballs' digests as hex text and their two fact rows each.
    const old = await openAsOf(13);
    await call(old, 'CreateDomain', { domain: 'acme' });
    old.write((tx) => {
      const domainId = domainIdOf(tx);
      for (let n = 0; n < blobCount; n++) {
        tx.run(
          `INSERT INTO domain_blobs (domain_id, sha256, size, md5, sha1, sha512, created_time) VALUES (?, ?, 10, ?, ?, ?, 1)`,
          [domainId, hex(n, 32), hex(n, 16), hex(n, 20), hex(n, 64)],
        );
        const { install, describe } = facts(n);
        tx.run(`INSERT INTO blob_facts (domain_id, sha256, kind, body) VALUES (?, ?, 'npm-install', ?)`, [
          domainId,
          hex(n, 32),
          install,
        ]);
        tx.run(`INSERT INTO blob_facts (domain_id, sha256, kind, body) VALUES (?, ?, 'npm-describe', ?)`, [
          domainId,
          hex(n, 32),
          describe,
        ]);
      }
    });
    await old.flush();
    const upgraded = await reopenCurrent();
    expect(upgraded.recovery.migrationsApplied).toContain(14);
    expect(upgraded.recovery.compactedPages, 'migration 14 left the old tables’ pages free').toBeGreaterThan(
      0,
    );
    const freePages = upgraded.read((tx) => tx.get<{ freelist_count: number }>('PRAGMA freelist_count'));
    expect(freePages?.freelist_count, 'no free page is left in the database').toBe(0);
    await upgraded.close();
    store = undefined;
    const converted = await snapshotSize(dataDir);

    // The same content written by this build from the start.
    const freshDir = await makeTempDir('artifact-desk-fresh-');
    try {
      const fresh = await openStore({ dataDir: freshDir, migrations });
      await call(fresh, 'CreateDomain', { domain: 'acme' });
      fresh.write((tx) => {
        const domainId = domainIdOf(tx);
        for (let n = 0; n < blobCount; n++) {
          tx.run(
            `INSERT INTO domain_blobs (domain_id, sha256, size, md5, sha1, sha512, created_time)
             VALUES (?, unhex(?), 10, unhex(?), unhex(?), unhex(?), 1)`,
            [domainId, hex(n, 32), hex(n, 16), hex(n, 20), hex(n, 64)],
          );
          const { install, describe } = facts(n);
          recordBlobFact(tx, domainId, hex(n, 32), 'npm', `${install}\n${describe}`);
        }
      });
      await fresh.close();
      const built = await snapshotSize(freshDir);
      expect(converted, `converted ${converted} bytes, built fresh ${built} bytes`).toBeLessThanOrEqual(
        built,
      );
    } finally {
      await removeDir(freshDir);
    }

    // Opening again runs no migration and compacts nothing.
    const again = await reopenCurrent();
    expect(again.recovery.migrationsApplied).toEqual([]);
    expect(again.recovery.compactedPages).toBe(0);
  });
});

describe('migration 18 (blob-keys-as-bytes) on a database written before it', () => {
  it('keeps every blob key as 32 bytes and reads each kind of row back as before', async () => {
    const old = await openAsOf(17);
    await call(old, 'CreateDomain', { domain: 'acme' });
    await call(old, 'CreateRepository', { domain: 'acme', repository: 'old-repo' });
    insertPackage(old, 'npm', 'keyed', ['1.0.0', '2.0.0'], 'k');
    const live = await old.blobs.put('acme', Readable.from([Buffer.from('the live tarball')]));
    const trashed = await old.blobs.put('acme', Readable.from([Buffer.from('the trashed one')]));
    const fact = '{"dependencies":{}}\n{"description":"Keyed"}';
    // What the previous build wrote: every key as 64 hex characters.
    old.write((tx) => {
      const domainId = tx.get<{ id: number }>(`SELECT id FROM domains WHERE name = 'acme'`)?.id ?? 0;
      for (const [blob, version] of [
        [live, '1.0.0'],
        [trashed, '2.0.0'],
      ] as const) {
        tx.run(
          `INSERT INTO domain_blobs (domain_id, sha256, size, md5, sha1, sha512, created_time)
           VALUES (?, ?, ?, unhex(?), unhex(?), unhex(?), 1)`,
          [domainId, blob.sha256, blob.size, blob.md5, blob.sha1, blob.sha512],
        );
        tx.run(
          `INSERT INTO package_version_assets (version_id, name, domain_id, sha256, created_time)
           SELECT id, ?, ?, ?, 1 FROM package_versions WHERE version = ?`,
          [`keyed-${version}.tgz`, domainId, blob.sha256, version],
        );
        tx.run(`INSERT INTO blob_facts (domain_id, sha256, kind, body_id) VALUES (?, ?, 'npm', ?)`, [
          domainId,
          blob.sha256,
          internPlainFactBody(tx, fact),
        ]);
      }
      tx.run(
        `INSERT INTO blob_damage (domain_id, sha256, kind, detail, detected_time) VALUES (?, ?, 'damaged', 'x', 1)`,
        [domainId, live.sha256],
      );
      // 2.0.0 in the trash, as DeletePackageVersions left it: its file held by the trash alone.
      tx.run(
        `INSERT INTO trash_versions (repository_id, format, namespace, package, package_publish, package_upstream,
           version, status, revision, published_time, updated_time, origin_type, dependencies, dist_tags,
           deleted_time)
         SELECT p.repository_id, 'npm', '', 'keyed', 'ALLOW', 'BLOCK', '2.0.0', 'Published', 'r', 1, 1,
           'INTERNAL', '[]', '[]', 2 FROM packages p WHERE p.name = 'keyed'`,
      );
      tx.run(
        `INSERT INTO trash_version_assets (trash_id, name, domain_id, sha256, created_time)
         SELECT last_insert_rowid(), 'keyed-2.0.0.tgz', ?, ?, 1`,
        [domainId, trashed.sha256],
      );
      tx.run(`DELETE FROM package_versions WHERE version = '2.0.0'`);
    });
    expect(
      old.read((tx) => tx.get<{ n: number }>('SELECT COUNT(*) AS n FROM trash_held_blobs')?.n),
      'the older build held the trashed file in trash_held_blobs',
    ).toBe(1);
    await old.flush();

    const upgraded = await reopenCurrent();
    expect(upgraded.recovery.migrationsApplied).toContain(18);
    for (const [table, rows] of [
      ['domain_blobs', 2],
      ['package_version_assets', 1],
      ['blob_facts', 2],
      ['blob_damage', 1],
      ['trash_version_assets', 1],
      ['trash_held_blobs', 1],
    ] as const) {
      expect(
        upgraded.read((tx) =>
          tx.all<{ key: string }>(`SELECT typeof(sha256) || ':' || length(sha256) AS key FROM ${table}`),
        ),
        `${table} keeps its keys as 32 bytes`,
      ).toEqual(Array.from({ length: rows }, () => ({ key: 'blob:32' })));
    }

    const ctx = engineContext(upgraded);
    const target = { domain: 'acme', repository: 'old-repo', format: 'npm' as const, package: 'keyed' };
    const { assets } = await call(upgraded, 'ListPackageVersionAssets', {
      ...target,
      packageVersion: '1.0.0',
    });
    expect(assets?.[0]?.hashes, 'the hashes read as the hex they were stored as').toEqual({
      MD5: live.md5,
      'SHA-1': live.sha1,
      'SHA-256': live.sha256,
      'SHA-512': live.sha512,
    });
    expect(blobFact(ctx, 'acme', live.sha256, 'npm'), 'the fact is found by its hex digest').toBe(fact);
    expect(
      upgraded.read((tx) => listDamagedAssets(tx, 'acme')).map((row) => [row.asset, row.sha256]),
      'the damage mark names the asset and its hex digest',
    ).toEqual([['keyed-1.0.0.tgz', live.sha256]]);
    upgraded.write((tx) => {
      const domainId = tx.get<{ id: number }>(`SELECT id FROM domains WHERE name = 'acme'`)?.id ?? 0;
      clearBlobDamage(tx, domainId, live.sha256);
    });
    expect(
      upgraded.read((tx) => listDamagedAssets(tx, 'acme')),
      'the mark is cleared by hex',
    ).toEqual([]);
    const download = await call(upgraded, 'GetPackageVersionAsset', {
      ...target,
      packageVersion: '1.0.0',
      asset: 'keyed-1.0.0.tgz',
    });
    expect((await readAll(download.asset as Readable)).toString()).toBe('the live tarball');
    const described = await call(upgraded, 'DescribeDomain', { domain: 'acme' });
    expect(described.domain?.assetSizeBytes, 'the trashed file is not counted').toBe(live.size);

    const [entry] = listTrash(ctx, { domain: 'acme' }).entries;
    expect(entry, 'the trash entry counts its file and its size').toMatchObject({
      version: '2.0.0',
      assetCount: 1,
      sizeBytes: trashed.size,
    });
    await restoreTrashed(ctx, { domain: 'acme', ids: [entry?.id ?? 0] });
    await upgraded.flush();
    const restored = await call(upgraded, 'ListPackageVersionAssets', { ...target, packageVersion: '2.0.0' });
    expect(restored.assets?.[0]?.hashes?.['SHA-256'], 'the restored version names its file').toBe(
      trashed.sha256,
    );
    expect(
      upgraded.read((tx) => tx.get<{ n: number }>('SELECT COUNT(*) AS n FROM trash_held_blobs')?.n),
      'a restored file is no longer held by the trash',
    ).toBe(0);
    const after = await call(upgraded, 'DescribeDomain', { domain: 'acme' });
    expect(after.domain?.assetSizeBytes).toBe(live.size + trashed.size);

    expect(
      () =>
        upgraded.write((tx) =>
          tx.run(
            `INSERT INTO blob_damage (domain_id, sha256, kind, detail, detected_time)
             SELECT domain_id, lower(hex(sha256)), 'damaged', 'x', 1 FROM domain_blobs LIMIT 1`,
          ),
        ),
      'a key written as hex text is refused',
    ).toThrow(/must be the 32 bytes of a SHA-256/);
  });
});
