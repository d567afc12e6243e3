/**
 * `documents=COUNTS`: the PyPI project page (`simple/<project>/`, HTML) and the Maven
 * `maven-metadata.xml` of one package with N versions, from a `serve` process started as
 * `npm run serve` does, against a Node static server process sending the same bytes: the document
 * built in a fresh process (cold: every version read from the store), the first GET after a restart
 * (the kept document) against the static server's first GET, then warm GETs interleaved with the
 * static server's (min and median). Versions are seeded through the store with the rows a publish
 * writes (version, blob, asset rows; a Requires-Python dependency for PyPI; a wheel and an sdist per
 * PyPI version, a jar and a POM per Maven version); the files themselves are not written, since
 * nothing measured here may read them.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { findDomain, findRepository } from '../../src/main/engine/lookups';
import {
  packageCoordinates,
  type PackageCoordinates,
} from '../../src/main/engine/packages/package-coordinates';
import {
  ensurePackage,
  findPackage,
  publishedOriginDefaults,
} from '../../src/main/engine/packages/package-records';
import { versionSortKey } from '../../src/main/engine/package-versions/version-order';
import { internDependencyList } from '../../src/main/engine/packages/dependency-lists';
import { internDescription, noDescription } from '../../src/main/engine/packages/version-descriptions';
import { startService } from '../../src/main/service/service';
import type { ServeHandle } from '../helpers/serve';
import { startBuiltServe } from './built-serve';
import { freePort } from './free-port';
import { fmt, percentile, table } from './report';
import { countsFrom, timedGet, versionName } from './scale';
import { startStaticServerProcess } from './static-server';

const accountId = '111122223333';
const region = 'us-east-1';
const domain = 'bench';
const repository = 'store';

type Kind = 'pypi' | 'maven';

interface Shape {
  readonly coordinates: PackageCoordinates;
  /** SQL expressions of each version's file names (`v` is the version text). */
  readonly files: readonly string[];
  /** The document's path under the repository endpoint, and under the static server's root. */
  readonly path: string;
}

const shapes: Record<Kind, Shape> = {
  pypi: {
    coordinates: packageCoordinates('pypi', undefined, 'big-project'),
    files: [`printf('big_project-%s-py3-none-any.whl', v)`, `printf('big_project-%s.tar.gz', v)`],
    path: 'simple/big-project/',
  },
  maven: {
    coordinates: packageCoordinates('maven', 'org.example.big', 'big-artifact'),
    files: [`printf('big-artifact-%s.jar', v)`, `printf('big-artifact-%s.pom', v)`],
    path: 'org/example/big/big-artifact/maven-metadata.xml',
  },
};

/** A data directory holding `count` Published versions of the kind's package, in batches of 50k. */
async function seed(dataDir: string, kind: Kind, count: number): Promise<void> {
  const shape = shapes[kind];
  const service = await startService({ dataDir, port: 0, accountId, region });
  try {
    await service.invoke('CreateDomain', { domain });
    await service.invoke('CreateRepository', { domain, repository });
    const started = Date.now();
    for (let start = 0; start < count; start += 50_000) {
      const entries: [string, string, number][] = [];
      for (let i = start; i < Math.min(count, start + 50_000); i++) {
        const version = versionName(i);
        entries.push([version, versionSortKey(kind, version), i + 1]);
      }
      const list = JSON.stringify(entries);
      service.store.write((db) => {
        const domainRow = findDomain(db, domain, accountId);
        const repositoryRow = domainRow && findRepository(db, domainRow, repository);
        if (!domainRow || !repositoryRow) throw new Error('seed target missing');
        const pkg =
          findPackage(db, repositoryRow.id, shape.coordinates) ??
          ensurePackage(db, repositoryRow.id, shape.coordinates, publishedOriginDefaults, started);
        const each = `FROM json_each(?) j`;
        const n = `json_extract(j.value, '$[2]')`;
        const byVersion = `CROSS JOIN package_versions pv ON pv.package_id = ? AND pv.version = json_extract(j.value, '$[0]')`;
        const descriptionId = internDescription(db, {
          ...noDescription,
          summary: 'A package with very many versions',
        });
        // A PyPI version's Requires-Python is stored as a dependency, shared by every seeded version.
        const dependencyListId =
          kind === 'pypi'
            ? internDependencyList(db, [
                { package: 'python', dependencyType: 'requires_python', versionRequirement: '>=3.8' },
              ])
            : null;
        db.run(
          `INSERT INTO package_versions (package_id, version, sort_key, status, revision, published_time,
             updated_time, origin_type, origin_repository, description_id, dependency_list_id)
           SELECT ?, json_extract(j.value, '$[0]'), json_extract(j.value, '$[1]'), 'Published',
             printf('r%d', ${n}), ? + ${n}, ? + ${n}, 'INTERNAL', ?, ?, ? ${each}`,
          [pkg.id, started, started, repository, descriptionId, dependencyListId, list],
        );
        shape.files.forEach((file, k) => {
          const digest = `unhex(printf('%063d%d', ${n}, ${k}))`;
          db.run(
            `INSERT INTO domain_blobs (domain_id, sha256, size, md5, sha1, sha512, created_time)
             SELECT ?, ${digest}, 20480, unhex(printf('%032d', ${n})), unhex(printf('%040d', ${n})),
               unhex(printf('%0128d', ${n})), ? ${each}`,
            [domainRow.id, started, list],
          );
          db.run(
            `INSERT INTO package_version_assets (version_id, name, domain_id, sha256, created_time)
             SELECT pv.id, ${file.replace(/\bv\b/, 'pv.version')}, ?, ${digest}, ? ${each} ${byVersion}`,
            [domainRow.id, started, list, pkg.id],
          );
        });
      });
      await service.store.flush();
    }
  } finally {
    await service.stop();
  }
}

async function tokenAndUrl(serve: ServeHandle, kind: Kind): Promise<{ token: string; url: string }> {
  const { GetAuthorizationTokenCommand, GetRepositoryEndpointCommand } =
    await import('@aws-sdk/client-codeartifact');
  const client = serve.client();
  const { authorizationToken } = await client.send(new GetAuthorizationTokenCommand({ domain }));
  const { repositoryEndpoint } = await client.send(
    new GetRepositoryEndpointCommand({ domain, repository, format: kind }),
  );
  client.destroy();
  return { token: authorizationToken ?? '', url: `${repositoryEndpoint ?? ''}${shapes[kind].path}` };
}

interface DocumentFigures {
  kind: Kind;
  versions: number;
  bytes: number;
  coldMs: number;
  firstMs: number;
  staticFirstMs: number;
  warm: number[];
  fixed: number[];
}

async function measureDocument(kind: Kind, count: number, rounds: number): Promise<DocumentFigures> {
  const dataDir = mkdtempSync(join(tmpdir(), `artifact-desk-bench-documents-${kind}-`));
  const staticRoot = mkdtempSync(join(tmpdir(), 'artifact-desk-bench-documents-static-'));
  const staticPath = shapes[kind].path;
  const staticFile = join(staticRoot, staticPath.endsWith('/') ? `${staticPath}index.html` : staticPath);
  mkdirSync(dirname(staticFile), { recursive: true });
  const serveOptions = { dataDir, args: ['--no-client-config', '--port', String(await freePort())] };
  try {
    await seed(dataDir, kind, count);
    let serve = await startBuiltServe(serveOptions);
    let cold: { ms: number; bytes: number };
    try {
      const { token, url } = await tokenAndUrl(serve, kind);
      cold = await timedGet(url, token, staticFile);
    } finally {
      await serve.stop('SIGTERM', 180_000);
    }
    serve = await startBuiltServe(serveOptions);
    const floor = await startStaticServerProcess(staticRoot);
    try {
      const { token, url } = await tokenAndUrl(serve, kind);
      const staticUrl = `${floor.url}${staticPath}`;
      const first = await timedGet(url, token);
      const staticFirst = await timedGet(staticUrl);
      if (first.bytes !== staticFirst.bytes)
        throw new Error(`the kept document has ${first.bytes} bytes, the static copy ${staticFirst.bytes}`);
      const warm: number[] = [];
      const fixed: number[] = [];
      for (let round = 0; round < rounds; round++) {
        fixed.push((await timedGet(staticUrl)).ms);
        warm.push((await timedGet(url, token)).ms);
      }
      return {
        kind,
        versions: count,
        bytes: cold.bytes,
        coldMs: cold.ms,
        firstMs: first.ms,
        staticFirstMs: staticFirst.ms,
        warm: warm.sort((a, b) => a - b),
        fixed: fixed.sort((a, b) => a - b),
      };
    } finally {
      await floor.stop();
      await serve.stop('SIGTERM', 180_000);
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(staticRoot, { recursive: true, force: true });
  }
}

export async function measureFormatDocuments(arg?: string): Promise<void> {
  const rows: (string | number)[][] = [];
  for (const count of countsFrom(arg, [10_000])) {
    for (const kind of ['pypi', 'maven'] as const) {
      const f = await measureDocument(kind, count, 7);
      const warmMedian = percentile(f.warm, 50);
      const staticMedian = percentile(f.fixed, 50);
      rows.push([
        kind === 'pypi' ? 'PyPI simple page' : 'maven-metadata.xml',
        `${count / 1000}k`,
        fmt(f.bytes / 1024, 0),
        fmt(f.coldMs, 0),
        `${fmt(f.firstMs, 1)} / ${fmt(f.staticFirstMs, 1)}`,
        `${fmt(f.warm[0] ?? NaN, 1)} / ${fmt(warmMedian, 1)}`,
        `${fmt(f.fixed[0] ?? NaN, 1)} / ${fmt(staticMedian, 1)}`,
        fmt(f.coldMs / f.staticFirstMs, 1),
        fmt(f.firstMs / f.staticFirstMs, 1),
        fmt(warmMedian / staticMedian, 1),
      ]);
    }
  }
  table(
    'PyPI project page and maven-metadata.xml of one package from a serve process, vs a Node static server sending the same bytes',
    [
      'document',
      'versions',
      'KiB',
      'cold build ms',
      'first GET after restart ms / static',
      'warm min / median ms',
      'static min / median ms',
      'cold ÷ static first',
      'first ÷ static first',
      'warm ÷ static',
    ],
    rows,
  );
}
