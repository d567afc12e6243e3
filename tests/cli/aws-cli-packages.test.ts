/**
 * The package commands of the real AWS CLI v1 against `serve`: publish a generic package from a
 * file, list and describe it, download an asset to a file, copy versions to another repository,
 * archive, dispose and delete versions, and delete the package, checking the JSON the CLI prints
 * at every step.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAwsCli } from '../helpers/aws-cli';
import { assetHashes, sha256Hex, uniqueBytes } from '../helpers/packages';
import { expectRecentDate } from '../helpers/resources';
import { startServe, type ServeHandle } from '../helpers/serve';
import { makeTempDir, removeDir } from '../helpers/temp-dir';

let serve: ServeHandle;
let workDir: string;
const domain = 'cli-packages';
const repository = 'cli-source';
const destination = 'cli-destination';
const namespace = 'acme';
const packageName = 'toolkit';
const assets: Record<string, Buffer> = {};

type Json = Record<string, unknown>;

async function aws(...args: string[]): Promise<Json> {
  const result = await runAwsCli(1, ['codeartifact', ...args], serve);
  expect(result.exitCode, `aws ${args.join(' ')} failed:\n${result.stderr}`).toBe(0);
  return (result.json ?? {}) as Json;
}

const coordinates = (repo = repository): string[] => [
  '--domain',
  domain,
  '--repository',
  repo,
  '--format',
  'generic',
  '--namespace',
  namespace,
  '--package',
  packageName,
];

async function publishFile(version: string, assetName: string, unfinished = false): Promise<Json> {
  const content = uniqueBytes(`cli-${version}-${assetName}`, 20_000);
  assets[`${version}/${assetName}`] = content;
  const file = path.join(workDir, `${version}-${assetName}`);
  await writeFile(file, content);
  return aws(
    'publish-package-version',
    ...coordinates(),
    '--package-version',
    version,
    '--asset-content',
    file,
    '--asset-name',
    assetName,
    '--asset-sha256',
    sha256Hex(content),
    ...(unfinished ? ['--unfinished'] : []),
  );
}

async function statuses(repo = repository): Promise<Record<string, unknown>> {
  const listed = await aws('list-package-versions', ...coordinates(repo));
  const versions = listed.versions as Json[];
  return Object.fromEntries(versions.map((v) => [v.version, v.status]));
}

beforeAll(async () => {
  workDir = await makeTempDir('artifact-desk-cli-packages-');
  serve = await startServe();
  await aws('create-domain', '--domain', domain);
  await aws('create-repository', '--domain', domain, '--repository', repository);
  await aws('create-repository', '--domain', domain, '--repository', destination);
}, 90_000);

afterAll(async () => {
  await serve?.dispose();
  if (workDir) await removeDir(workDir);
}, 30_000);

describe('AWS CLI v1 package commands', () => {
  it('publish-package-version uploads a file and prints the version, revision, status and asset hashes', async () => {
    const unfinished = await publishFile('1.0.0', 'toolkit-linux.tar.gz', true);
    expect(unfinished.status).toBe('Unfinished');
    const printed = await publishFile('1.0.0', 'toolkit.sig');
    expect(printed).toEqual({
      format: 'generic',
      namespace,
      package: packageName,
      version: '1.0.0',
      versionRevision: expect.stringMatching(/^\S+$/),
      status: 'Published',
      asset: {
        name: 'toolkit.sig',
        size: 20_000,
        hashes: assetHashes(assets['1.0.0/toolkit.sig'] as Buffer),
      },
    });
    expect(printed.versionRevision).not.toBe(unfinished.versionRevision);
    await publishFile('2.0.0', 'toolkit-linux.tar.gz');
    await publishFile('3.0.0', 'toolkit-linux.tar.gz');
  }, 60_000);

  it('list-packages prints the package with its origin configuration', async () => {
    const listed = await aws(
      'list-packages',
      '--domain',
      domain,
      '--repository',
      repository,
      '--format',
      'generic',
    );
    expect(listed.packages).toEqual([
      {
        format: 'generic',
        namespace,
        package: packageName,
        originConfiguration: { restrictions: { publish: 'ALLOW', upstream: 'BLOCK' } },
      },
    ]);
  }, 30_000);

  it('list-package-versions prints every version with status, revision and origin', async () => {
    const listed = await aws('list-package-versions', ...coordinates());
    expect(listed.format).toBe('generic');
    expect(listed.namespace).toBe(namespace);
    expect(listed.package).toBe(packageName);
    const versions = listed.versions as Json[];
    expect(versions.map((v) => v.version).sort()).toEqual(['1.0.0', '2.0.0', '3.0.0']);
    for (const version of versions) {
      expect(version.status).toBe('Published');
      expect(version.revision).toEqual(expect.stringMatching(/^\S+$/));
      expect(version.origin).toEqual({
        originType: 'INTERNAL',
        domainEntryPoint: { repositoryName: repository },
      });
    }
  }, 30_000);

  it('describe-package-version prints the full description', async () => {
    const { packageVersion } = (await aws(
      'describe-package-version',
      ...coordinates(),
      '--package-version',
      '1.0.0',
    )) as {
      packageVersion: Json;
    };
    expect(packageVersion.format).toBe('generic');
    expect(packageVersion.namespace).toBe(namespace);
    expect(packageVersion.packageName).toBe(packageName);
    expect(packageVersion.version).toBe('1.0.0');
    expect(packageVersion.status).toBe('Published');
    expect(packageVersion.revision).toEqual(expect.stringMatching(/^\S+$/));
    expect(packageVersion.origin).toEqual({
      originType: 'INTERNAL',
      domainEntryPoint: { repositoryName: repository },
    });
    // CLI v1 prints timestamps as the epoch seconds that came off the wire.
    expect(typeof packageVersion.publishedTime).toBe('number');
    expectRecentDate(new Date((packageVersion.publishedTime as number) * 1000), 300_000);
  }, 30_000);

  it('get-package-version-asset writes the exact bytes to the outfile and prints the asset name, version and revision', async () => {
    const outfile = path.join(workDir, 'downloaded.tar.gz');
    const described = (await aws(
      'describe-package-version',
      ...coordinates(),
      '--package-version',
      '1.0.0',
    )) as {
      packageVersion: Json;
    };
    const printed = await aws(
      'get-package-version-asset',
      ...coordinates(),
      '--package-version',
      '1.0.0',
      '--asset',
      'toolkit-linux.tar.gz',
      outfile,
    );
    expect(printed).toEqual({
      assetName: 'toolkit-linux.tar.gz',
      packageVersion: '1.0.0',
      packageVersionRevision: described.packageVersion.revision,
    });
    const bytes = await readFile(outfile);
    expect(
      bytes.equals(assets['1.0.0/toolkit-linux.tar.gz'] as Buffer),
      'outfile bytes equal the published file',
    ).toBe(true);
  }, 30_000);

  it('copy-package-versions copies versions to a second repository and prints the per-version results', async () => {
    const printed = await aws(
      'copy-package-versions',
      '--domain',
      domain,
      '--source-repository',
      repository,
      '--destination-repository',
      destination,
      '--format',
      'generic',
      '--namespace',
      namespace,
      '--package',
      packageName,
      '--versions',
      '1.0.0',
      '2.0.0',
      '9.9.9',
    );
    const successful = printed.successfulVersions as Record<string, Json>;
    const failed = printed.failedVersions as Record<string, Json>;
    expect(Object.keys(successful).sort()).toEqual(['1.0.0', '2.0.0']);
    expect(successful['1.0.0']?.status).toBe('Published');
    expect(successful['1.0.0']?.revision).toEqual(expect.stringMatching(/^\S+$/));
    expect(failed['9.9.9']?.errorCode).toBe('NOT_FOUND');
    expect(await statuses(destination)).toEqual({ '1.0.0': 'Published', '2.0.0': 'Published' });

    const outfile = path.join(workDir, 'copied.sig');
    await aws(
      'get-package-version-asset',
      ...coordinates(destination),
      '--package-version',
      '1.0.0',
      '--asset',
      'toolkit.sig',
      outfile,
    );
    expect((await readFile(outfile)).equals(assets['1.0.0/toolkit.sig'] as Buffer)).toBe(true);
  }, 60_000);

  it('update-package-versions-status --target-status Archived archives and prints the new status', async () => {
    const printed = await aws(
      'update-package-versions-status',
      ...coordinates(),
      '--versions',
      '2.0.0',
      '--target-status',
      'Archived',
    );
    expect((printed.successfulVersions as Record<string, Json>)['2.0.0']?.status).toBe('Archived');
    expect(printed.failedVersions ?? {}).toEqual({});
    expect(await statuses()).toEqual({ '1.0.0': 'Published', '2.0.0': 'Archived', '3.0.0': 'Published' });
  }, 30_000);

  it('dispose-package-versions disposes and prints Disposed', async () => {
    const printed = await aws(
      'dispose-package-versions',
      ...coordinates(),
      '--versions',
      '2.0.0',
      '--expected-status',
      'Archived',
    );
    expect((printed.successfulVersions as Record<string, Json>)['2.0.0']?.status).toBe('Disposed');
    const listedAssets = await aws(
      'list-package-version-assets',
      ...coordinates(),
      '--package-version',
      '2.0.0',
    );
    expect(listedAssets.assets).toEqual([]);
    expect(await statuses()).toEqual({ '1.0.0': 'Published', '2.0.0': 'Disposed', '3.0.0': 'Published' });
  }, 30_000);

  it('delete-package-versions removes versions and prints Deleted', async () => {
    const printed = await aws('delete-package-versions', ...coordinates(), '--versions', '3.0.0');
    expect((printed.successfulVersions as Record<string, Json>)['3.0.0']?.status).toBe('Deleted');
    expect(await statuses()).toEqual({ '1.0.0': 'Published', '2.0.0': 'Disposed' });
  }, 30_000);

  it('delete-package deletes the package and prints its summary; describe-package then fails with 404', async () => {
    const printed = await aws('delete-package', ...coordinates());
    expect(printed.deletedPackage).toEqual({
      format: 'generic',
      namespace,
      package: packageName,
      originConfiguration: { restrictions: { publish: 'ALLOW', upstream: 'BLOCK' } },
    });
    const describe = await runAwsCli(1, ['codeartifact', 'describe-package', ...coordinates()], serve);
    expect(describe.exitCode).not.toBe(0);
    expect(describe.stderr).toMatch(/ResourceNotFoundException/);
    // The copy in the other repository is untouched.
    expect(await statuses(destination)).toEqual({ '1.0.0': 'Published', '2.0.0': 'Published' });
  }, 30_000);
});
