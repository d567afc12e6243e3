/**
 * The read operations on packages and versions through the real SDK: ListPackages (filters and
 * paging), DescribePackage, ListPackageVersions (status, originType, sortBy, paging,
 * defaultDisplayVersion), DescribePackageVersion, ListPackageVersionAssets, GetPackageVersionAsset
 * (bytes and headers, revision), GetPackageVersionReadme and ListPackageVersionDependencies.
 */
import {
  ConflictException,
  CreateDomainCommand,
  CreateRepositoryCommand,
  DescribePackageCommand,
  DescribePackageVersionCommand,
  GetPackageVersionAssetCommand,
  GetPackageVersionReadmeCommand,
  ListPackageVersionAssetsCommand,
  ListPackageVersionDependenciesCommand,
  ListPackageVersionsCommand,
  ListPackagesCommand,
  PutPackageOriginConfigurationCommand,
  ResourceNotFoundException,
  ValidationException,
  type CodeartifactClient,
  type ListPackagesCommandInput,
  type PackageSummary,
} from '@aws-sdk/client-codeartifact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectServiceError, expectValidationError } from '../helpers/expect-error';
import {
  assetHashes,
  assetStream,
  describeVersion,
  downloadAsset,
  listVersions,
  pause,
  publishGeneric,
  readAll,
  uniqueBytes,
  type GenericPackage,
} from '../helpers/packages';
import { collectPages, expectRecentDate } from '../helpers/resources';
import { startServe, type ServeHandle } from '../helpers/serve';

let serve: ServeHandle;
let client: CodeartifactClient;
const domain = 'reading';
const repository = 'catalog';

const cli: GenericPackage = { domain, repository, namespace: 'tools', package: 'cli' };
const clientLib: GenericPackage = { domain, repository, namespace: 'tools', package: 'client-lib' };
const zeta: GenericPackage = { domain, repository, namespace: 'tooling', package: 'zeta' };
const otherCli: GenericPackage = { domain, repository, namespace: 'other', package: 'cli' };

/** Versions of tools/cli in the order they are published (not the order they sort in). */
const cliVersions = ['1.0.0', '3.0.0', '2.0.0'] as const;
const cliAssets: Record<string, Record<string, Buffer>> = {};
const cliRevisions: Record<string, string> = {};
let publishWindow: { start: number; end: number };

function key(summary: PackageSummary): string {
  return `${summary.format}:${summary.namespace ?? ''}:${summary.package}`;
}

async function listPackages(input: Omit<ListPackagesCommandInput, 'domain' | 'repository'> = {}) {
  const pages = await collectPages(async (nextToken) => {
    const result = await client.send(new ListPackagesCommand({ domain, repository, ...input, nextToken }));
    return { items: result.packages ?? [], nextToken: result.nextToken };
  }, input.maxResults ?? 1000);
  return pages.flat();
}

beforeAll(async () => {
  serve = await startServe();
  client = serve.client();
  await client.send(new CreateDomainCommand({ domain }));
  await client.send(new CreateRepositoryCommand({ domain, repository }));

  const start = Date.now();
  for (const [index, version] of cliVersions.entries()) {
    // Distinct publish times a second apart, so that ordering by time is observable even if the
    // service kept whole seconds.
    if (index > 0) await pause(1100);
    const assets = {
      [`cli-${version}-linux.tar.gz`]: uniqueBytes(`cli-${version}-linux`, 1500),
      [`cli-${version}-darwin.tar.gz`]: uniqueBytes(`cli-${version}-darwin`, 2500),
      'README.txt': Buffer.from(`cli ${version}\n`),
    };
    cliAssets[version] = assets;
    const names = Object.keys(assets);
    for (const [i, name] of names.entries()) {
      const result = await publishGeneric(client, cli, version, name, assets[name] as Buffer, {
        unfinished: i < names.length - 1,
      });
      cliRevisions[version] = result.versionRevision as string;
    }
  }
  publishWindow = { start, end: Date.now() };
  await publishGeneric(client, clientLib, '0.1.0', 'lib.zip', uniqueBytes('lib'));
  await publishGeneric(client, zeta, '1.0.0', 'zeta.bin', uniqueBytes('zeta'));
  await publishGeneric(client, otherCli, '9.9.9', 'other.bin', uniqueBytes('other'));
  await publishGeneric(client, otherCli, '10.0.0', 'wip.bin', uniqueBytes('wip'), { unfinished: true });

  // Packages of other formats exist through their origin configuration only (no versions).
  await client.send(
    new PutPackageOriginConfigurationCommand({
      domain,
      repository,
      format: 'pypi',
      package: 'requests',
      restrictions: { publish: 'BLOCK', upstream: 'ALLOW' },
    }),
  );
  await client.send(
    new PutPackageOriginConfigurationCommand({
      domain,
      repository,
      format: 'npm',
      namespace: 'tools',
      package: 'cli-npm',
      restrictions: { publish: 'ALLOW', upstream: 'ALLOW' },
    }),
  );
}, 90_000);

afterAll(async () => {
  await serve?.dispose();
}, 30_000);

const published = { restrictions: { publish: 'ALLOW', upstream: 'BLOCK' } };

describe('ListPackages', () => {
  it('lists every package of the repository with format, namespace, name and origin configuration', async () => {
    const packages = await listPackages();
    const byKey = new Map(packages.map((p) => [key(p), p]));
    expect([...byKey.keys()].sort()).toEqual(
      [
        'generic:tools:cli',
        'generic:tools:client-lib',
        'generic:tooling:zeta',
        'generic:other:cli',
        'pypi::requests',
        'npm:tools:cli-npm',
      ].sort(),
    );
    expect(packages).toHaveLength(byKey.size);
    expect(byKey.get('generic:tools:cli')).toEqual({
      format: 'generic',
      namespace: 'tools',
      package: 'cli',
      originConfiguration: published,
    });
    const requests = byKey.get('pypi::requests');
    expect(requests?.namespace, 'a PyPI package has no namespace').toBeUndefined();
    expect(requests?.originConfiguration).toEqual({ restrictions: { publish: 'BLOCK', upstream: 'ALLOW' } });
  });

  it('pages with maxResults and nextToken: every package exactly once', async () => {
    const all = (await listPackages()).map(key).sort();
    for (const maxResults of [1, 2, 4]) {
      const paged = (await listPackages({ maxResults })).map(key);
      expect(paged.sort(), `maxResults ${maxResults}`).toEqual(all);
    }
  });

  it('filters by format', async () => {
    expect((await listPackages({ format: 'generic' })).map(key).sort()).toEqual(
      ['generic:other:cli', 'generic:tooling:zeta', 'generic:tools:cli', 'generic:tools:client-lib'].sort(),
    );
    expect((await listPackages({ format: 'pypi' })).map(key)).toEqual(['pypi::requests']);
    expect(await listPackages({ format: 'maven' })).toEqual([]);
  });

  it('treats namespace as a prefix, as the reference says', async () => {
    expect((await listPackages({ namespace: 'tool' })).map(key).sort()).toEqual(
      ['generic:tooling:zeta', 'generic:tools:cli', 'generic:tools:client-lib', 'npm:tools:cli-npm'].sort(),
    );
    expect((await listPackages({ namespace: 'tools', format: 'generic' })).map(key).sort()).toEqual(
      ['generic:tools:cli', 'generic:tools:client-lib'].sort(),
    );
    expect(await listPackages({ namespace: 'nothing-here' })).toEqual([]);
  });

  it('filters by packagePrefix', async () => {
    expect((await listPackages({ packagePrefix: 'cli' })).map(key).sort()).toEqual(
      ['generic:other:cli', 'generic:tools:cli', 'generic:tools:client-lib', 'npm:tools:cli-npm'].sort(),
    );
    expect((await listPackages({ packagePrefix: 'client' })).map(key)).toEqual(['generic:tools:client-lib']);
    expect((await listPackages({ packagePrefix: 'cli', namespace: 'other' })).map(key)).toEqual([
      'generic:other:cli',
    ]);
  });

  it('filters by the publish and upstream origin restrictions', async () => {
    expect((await listPackages({ publish: 'BLOCK' })).map(key)).toEqual(['pypi::requests']);
    expect((await listPackages({ upstream: 'ALLOW' })).map(key).sort()).toEqual(
      ['npm:tools:cli-npm', 'pypi::requests'].sort(),
    );
    expect((await listPackages({ publish: 'ALLOW', upstream: 'ALLOW' })).map(key)).toEqual([
      'npm:tools:cli-npm',
    ]);
    expect((await listPackages({ publish: 'ALLOW', upstream: 'BLOCK' })).map(key).sort()).toEqual(
      ['generic:other:cli', 'generic:tooling:zeta', 'generic:tools:cli', 'generic:tools:client-lib'].sort(),
    );
  });

  it('refuses maxResults outside 1..1000', async () => {
    for (const maxResults of [0, 1001]) {
      await expectValidationError(client.send(new ListPackagesCommand({ domain, repository, maxResults })), [
        'maxResults',
        'max-results',
      ]);
    }
  });

  it('refuses a nextToken it did not hand out (ValidationException)', async () => {
    await expectServiceError(
      client.send(new ListPackagesCommand({ domain, repository, nextToken: 'not-a-token-of-this-service' })),
      ValidationException,
      { status: 400 },
    );
    await expectServiceError(
      client.send(
        new ListPackageVersionsCommand({
          domain,
          repository,
          format: 'generic',
          namespace: 'tools',
          package: 'cli',
          nextToken: 'not-a-token-of-this-service',
        }),
      ),
      ValidationException,
      { status: 400 },
    );
  });

  it('answers 404 for a repository that does not exist', async () => {
    await expectServiceError(
      client.send(new ListPackagesCommand({ domain, repository: 'ghost-repo' })),
      ResourceNotFoundException,
      { status: 404, resourceType: 'repository', resourceId: 'ghost-repo' },
    );
  });
});

describe('DescribePackage', () => {
  it('describes a package: format, namespace, name and origin configuration', async () => {
    const { package: described } = await client.send(
      new DescribePackageCommand({
        domain,
        repository,
        format: 'generic',
        namespace: 'tools',
        package: 'cli',
      }),
    );
    expect(described).toEqual({
      format: 'generic',
      namespace: 'tools',
      name: 'cli',
      originConfiguration: published,
    });
  });

  it('answers 404 ResourceNotFoundException (resourceType package) for a package that does not exist', async () => {
    await expectServiceError(
      client.send(
        new DescribePackageCommand({
          domain,
          repository,
          format: 'generic',
          namespace: 'tools',
          package: 'nope',
        }),
      ),
      ResourceNotFoundException,
      { status: 404, resourceType: 'package' },
    );
  });

  it('does not confuse packages of the same name in another namespace or format', async () => {
    await expectServiceError(
      client.send(
        new DescribePackageCommand({
          domain,
          repository,
          format: 'generic',
          namespace: 'tooling',
          package: 'cli',
        }),
      ),
      ResourceNotFoundException,
      { status: 404 },
    );
    await expectServiceError(
      client.send(
        new DescribePackageCommand({ domain, repository, format: 'npm', namespace: 'tools', package: 'cli' }),
      ),
      ResourceNotFoundException,
      { status: 404 },
    );
  });

  it('requires a namespace for generic packages', async () => {
    await expectServiceError(
      client.send(new DescribePackageCommand({ domain, repository, format: 'generic', package: 'cli' })),
      ValidationException,
      { status: 400 },
    );
  });
});

describe('ListPackageVersions', () => {
  it('lists every version with status, revision and origin (INTERNAL, entry point this repository)', async () => {
    const result = await client.send(
      new ListPackageVersionsCommand({
        domain,
        repository,
        format: 'generic',
        namespace: 'tools',
        package: 'cli',
      }),
    );
    expect(result.format).toBe('generic');
    expect(result.namespace).toBe('tools');
    expect(result.package).toBe('cli');
    const versions = result.versions ?? [];
    expect(versions.map((v) => v.version).sort()).toEqual([...cliVersions].sort());
    for (const summary of versions) {
      expect(summary.status).toBe('Published');
      expect(summary.revision).toBe(cliRevisions[summary.version as string]);
      expect(summary.origin).toEqual({
        originType: 'INTERNAL',
        domainEntryPoint: { repositoryName: repository },
      });
    }
  });

  it('lists versions of every status when no status filter is given, and filters by status', async () => {
    const all = await listVersions(client, otherCli);
    expect(Object.fromEntries(all.map((v) => [v.version, v.status]))).toEqual({
      '9.9.9': 'Published',
      '10.0.0': 'Unfinished',
    });
    expect((await listVersions(client, otherCli, 'Unfinished')).map((v) => v.version)).toEqual(['10.0.0']);
    expect((await listVersions(client, otherCli, 'Published')).map((v) => v.version)).toEqual(['9.9.9']);
    expect(await listVersions(client, otherCli, 'Archived')).toEqual([]);
  });

  it('filters by originType', async () => {
    const list = (originType: 'INTERNAL' | 'EXTERNAL') =>
      client.send(
        new ListPackageVersionsCommand({
          domain,
          repository,
          format: 'generic',
          namespace: 'tools',
          package: 'cli',
          originType,
        }),
      );
    expect(((await list('INTERNAL')).versions ?? []).map((v) => v.version).sort()).toEqual(
      [...cliVersions].sort(),
    );
    expect((await list('EXTERNAL')).versions ?? []).toEqual([]);
  });

  it('sortBy PUBLISHED_TIME orders by publish time, not by version text', async () => {
    const result = await client.send(
      new ListPackageVersionsCommand({
        domain,
        repository,
        format: 'generic',
        namespace: 'tools',
        package: 'cli',
        sortBy: 'PUBLISHED_TIME',
      }),
    );
    const order = (result.versions ?? []).map((v) => v.version);
    // The reference does not say which direction; either is a faithful time order.
    expect([[...cliVersions], [...cliVersions].reverse()]).toContainEqual(order);
  });

  it('pages with maxResults and nextToken', async () => {
    const pages = await collectPages(async (nextToken) => {
      const result = await client.send(
        new ListPackageVersionsCommand({
          domain,
          repository,
          format: 'generic',
          namespace: 'tools',
          package: 'cli',
          maxResults: 1,
          nextToken,
        }),
      );
      return { items: result.versions ?? [], nextToken: result.nextToken };
    }, 1);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(
      pages
        .flat()
        .map((v) => v.version)
        .sort(),
    ).toEqual([...cliVersions].sort());
  });

  it('gives the most recently published version as defaultDisplayVersion of a generic package (as for Maven and PyPI)', async () => {
    const result = await client.send(
      new ListPackageVersionsCommand({
        domain,
        repository,
        format: 'generic',
        namespace: 'tools',
        package: 'cli',
      }),
    );
    expect(result.defaultDisplayVersion).toBe(cliVersions[cliVersions.length - 1]);
  });

  it('refuses maxResults outside 1..1000 and an unknown status', async () => {
    await expectValidationError(
      client.send(
        new ListPackageVersionsCommand({
          domain,
          repository,
          format: 'generic',
          namespace: 'tools',
          package: 'cli',
          maxResults: 1001,
        }),
      ),
      ['maxResults', 'max-results'],
    );
    await expectValidationError(
      client.send(
        new ListPackageVersionsCommand({
          domain,
          repository,
          format: 'generic',
          namespace: 'tools',
          package: 'cli',
          status: 'Forgotten' as 'Published',
        }),
      ),
      'status',
    );
  });

  it('answers 404 for a package that does not exist', async () => {
    await expectServiceError(
      client.send(
        new ListPackageVersionsCommand({
          domain,
          repository,
          format: 'generic',
          namespace: 'tools',
          package: 'nope',
        }),
      ),
      ResourceNotFoundException,
      { status: 404 },
    );
  });

  it('lists no versions for a package that exists only through its origin configuration', async () => {
    const result = await client.send(
      new ListPackageVersionsCommand({ domain, repository, format: 'pypi', package: 'requests' }),
    );
    expect(result.versions ?? []).toEqual([]);
    expect(result.package).toBe('requests');
  });
});

describe('DescribePackageVersion', () => {
  it('describes a version with every field the API defines for a generic version', async () => {
    const described = await describeVersion(client, cli, '3.0.0');
    expect(described.format).toBe('generic');
    expect(described.namespace).toBe('tools');
    expect(described.packageName).toBe('cli');
    expect(described.displayName, 'displayName names the package').toContain('cli');
    expect(described.version).toBe('3.0.0');
    expect(described.status).toBe('Published');
    expect(described.revision).toBe(cliRevisions['3.0.0']);
    expect(described.origin).toEqual({
      originType: 'INTERNAL',
      domainEntryPoint: { repositoryName: repository },
    });
    const publishedTime = expectRecentDate(described.publishedTime, 120_000);
    expect(publishedTime.getTime()).toBeGreaterThanOrEqual(publishWindow.start - 1000);
    expect(publishedTime.getTime()).toBeLessThanOrEqual(publishWindow.end + 1000);
    // A generic version carries no package metadata.
    expect(described.summary).toBeUndefined();
    expect(described.homePage).toBeUndefined();
    expect(described.sourceCodeRepository).toBeUndefined();
    expect(described.licenses ?? []).toEqual([]);
  });

  it('reports publish times in publish order', async () => {
    const times = [];
    for (const version of cliVersions)
      times.push((await describeVersion(client, cli, version)).publishedTime as Date);
    expect(times[0]!.getTime()).toBeLessThan(times[1]!.getTime());
    expect(times[1]!.getTime()).toBeLessThan(times[2]!.getTime());
  });

  it('answers 404 ResourceNotFoundException (resourceType package-version) for a version that does not exist', async () => {
    await expectServiceError(describeVersion(client, cli, '0.0.1'), ResourceNotFoundException, {
      status: 404,
      resourceType: 'package-version',
    });
  });

  it('answers 404 for a repository that does not exist', async () => {
    await expectServiceError(
      client.send(
        new DescribePackageVersionCommand({
          domain,
          repository: 'ghost-repo',
          format: 'generic',
          namespace: 'tools',
          package: 'cli',
          packageVersion: '1.0.0',
        }),
      ),
      ResourceNotFoundException,
      { status: 404, resourceType: 'repository' },
    );
  });
});

describe('ListPackageVersionAssets', () => {
  it('lists the assets of a version with size and the four hashes, plus the version and its revision', async () => {
    const result = await client.send(
      new ListPackageVersionAssetsCommand({
        domain,
        repository,
        format: 'generic',
        namespace: 'tools',
        package: 'cli',
        packageVersion: '2.0.0',
      }),
    );
    expect(result.format).toBe('generic');
    expect(result.namespace).toBe('tools');
    expect(result.package).toBe('cli');
    expect(result.version).toBe('2.0.0');
    expect(result.versionRevision).toBe(cliRevisions['2.0.0']);
    const expected = cliAssets['2.0.0'] as Record<string, Buffer>;
    const assets = result.assets ?? [];
    expect(assets.map((a) => a.name).sort()).toEqual(Object.keys(expected).sort());
    for (const asset of assets) {
      const bytes = expected[asset.name as string] as Buffer;
      expect(asset).toEqual({ name: asset.name, size: bytes.length, hashes: assetHashes(bytes) });
    }
  });

  it('pages with maxResults and nextToken', async () => {
    const pages = await collectPages(async (nextToken) => {
      const result = await client.send(
        new ListPackageVersionAssetsCommand({
          domain,
          repository,
          format: 'generic',
          namespace: 'tools',
          package: 'cli',
          packageVersion: '1.0.0',
          maxResults: 2,
          nextToken,
        }),
      );
      return { items: result.assets ?? [], nextToken: result.nextToken };
    }, 2);
    expect(pages.length).toBeGreaterThanOrEqual(2);
    expect(
      pages
        .flat()
        .map((a) => a.name)
        .sort(),
    ).toEqual(Object.keys(cliAssets['1.0.0'] as object).sort());
  });

  it('answers 404 for a version that does not exist', async () => {
    await expectServiceError(
      client.send(
        new ListPackageVersionAssetsCommand({
          domain,
          repository,
          format: 'generic',
          namespace: 'tools',
          package: 'cli',
          packageVersion: '4.0.0',
        }),
      ),
      ResourceNotFoundException,
      { status: 404 },
    );
  });
});

describe('GetPackageVersionAsset', () => {
  it('returns the exact bytes with the asset name, version and revision in X-AssetName, X-PackageVersion, X-PackageVersionRevision', async () => {
    for (const version of cliVersions) {
      for (const [name, bytes] of Object.entries(cliAssets[version] as Record<string, Buffer>)) {
        const downloaded = await downloadAsset(client, cli, version, name);
        expect(downloaded.bytes.equals(bytes), `${version}/${name}`).toBe(true);
        expect(downloaded.assetName).toBe(name);
        expect(downloaded.packageVersion).toBe(version);
        expect(downloaded.packageVersionRevision).toBe(cliRevisions[version]);
      }
    }
  });

  it('returns the asset when asked for the current revision', async () => {
    const downloaded = await downloadAsset(client, cli, '1.0.0', 'README.txt', cliRevisions['1.0.0']);
    expect(downloaded.bytes.toString()).toBe('cli 1.0.0\n');
  });

  it('treats packageVersionRevision as a precondition: another revision is refused with 409 ConflictException', async () => {
    await expectServiceError(
      downloadAsset(client, cli, '1.0.0', 'README.txt', cliRevisions['2.0.0']),
      ConflictException,
      { status: 409 },
    );
    await expectServiceError(
      downloadAsset(client, cli, '1.0.0', 'README.txt', 'no-such-revision'),
      ConflictException,
      { status: 409 },
    );
  });

  it('answers 404 (resourceType asset) for an asset name the version does not have', async () => {
    await expectServiceError(downloadAsset(client, cli, '1.0.0', 'missing.txt'), ResourceNotFoundException, {
      status: 404,
      resourceType: 'asset',
    });
  });

  it('answers 404 for a version or package that does not exist', async () => {
    await expectServiceError(downloadAsset(client, cli, '7.7.7', 'README.txt'), ResourceNotFoundException, {
      status: 404,
    });
    await expectServiceError(
      downloadAsset(client, { ...cli, package: 'nope' }, '1.0.0', 'README.txt'),
      ResourceNotFoundException,
      { status: 404 },
    );
  });

  it('can be read as a stream by the SDK (no buffering needed on the client)', async () => {
    const result = await client.send(
      new GetPackageVersionAssetCommand({
        domain,
        repository,
        format: 'generic',
        namespace: 'tools',
        package: 'cli',
        packageVersion: '3.0.0',
        asset: 'cli-3.0.0-linux.tar.gz',
      }),
    );
    const bytes = await readAll(assetStream(result.asset));
    expect(bytes.equals(cliAssets['3.0.0']?.['cli-3.0.0-linux.tar.gz'] as Buffer)).toBe(true);
  });
});

describe('GetPackageVersionReadme and ListPackageVersionDependencies', () => {
  it('a generic version has no readme: GetPackageVersionReadme answers its coordinates and no text', async () => {
    const result = await client.send(
      new GetPackageVersionReadmeCommand({
        domain,
        repository,
        format: 'generic',
        namespace: 'tools',
        package: 'cli',
        packageVersion: '1.0.0',
      }),
    );
    expect(result.format).toBe('generic');
    expect(result.namespace).toBe('tools');
    expect(result.package).toBe('cli');
    expect(result.version).toBe('1.0.0');
    expect(result.versionRevision).toBe(cliRevisions['1.0.0']);
    expect(result.readme ?? '').toBe('');
  });

  it('a generic version has no dependencies: ListPackageVersionDependencies answers an empty list', async () => {
    const result = await client.send(
      new ListPackageVersionDependenciesCommand({
        domain,
        repository,
        format: 'generic',
        namespace: 'tools',
        package: 'cli',
        packageVersion: '2.0.0',
      }),
    );
    expect(result.format).toBe('generic');
    expect(result.namespace).toBe('tools');
    expect(result.package).toBe('cli');
    expect(result.version).toBe('2.0.0');
    expect(result.versionRevision).toBe(cliRevisions['2.0.0']);
    expect(result.dependencies ?? []).toEqual([]);
    expect(result.nextToken).toBeUndefined();
  });

  it('both answer 404 for a version that does not exist', async () => {
    const coordinates = {
      domain,
      repository,
      format: 'generic' as const,
      namespace: 'tools',
      package: 'cli',
      packageVersion: '0.0.0',
    };
    await expectServiceError(
      client.send(new GetPackageVersionReadmeCommand(coordinates)),
      ResourceNotFoundException,
      { status: 404 },
    );
    await expectServiceError(
      client.send(new ListPackageVersionDependenciesCommand(coordinates)),
      ResourceNotFoundException,
      { status: 404 },
    );
  });
});
