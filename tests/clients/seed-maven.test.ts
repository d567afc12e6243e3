/**
 * Seeding from a local Maven repository: a `~/.m2/repository` layout with release versions (and
 * their .sha1 files and Maven's bookkeeping files), a timestamped SNAPSHOT build, a SNAPSHOT only
 * installed locally, a jar that does not match its .sha1 and a link pointing out of the folder is
 * imported by the `seed` command; then the real `mvn compile` builds a project from the seeded
 * repository with nothing else reachable.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GetAuthorizationTokenCommand,
  GetRepositoryEndpointCommand,
  ListPackageVersionAssetsCommand,
} from '@aws-sdk/client-codeartifact';
import { prepareSeedTarget, runSeedCommand } from '../helpers/kit-cli';
import { startServe, type ServeHandle } from '../helpers/serve';
import { makeTempDir, removeDir } from '../helpers/temp-dir';
import { consumerProject, makeJar, mavenSandbox, pomXml, type Coordinates } from './maven/maven-tools';

const domain = 'mvnseed';
let work: string;
let local: string;
let dataDir: string;
let serve: ServeHandle | undefined;

/** Writes `<artifactId>-<fileVersion>.pom` and `.jar` (with .sha1 files) into the version's folder. */
async function writeArtifact(
  coordinates: Coordinates,
  extra = '',
  fileVersion = coordinates.version,
): Promise<string> {
  const dir = path.join(
    local,
    ...coordinates.groupId.split('.'),
    coordinates.artifactId,
    coordinates.version,
  );
  await mkdir(dir, { recursive: true });
  const base = path.join(dir, `${coordinates.artifactId}-${fileVersion}`);
  const pom = Buffer.from(
    pomXml(
      {
        ...coordinates,
        version: fileVersion === coordinates.version ? coordinates.version : coordinates.version,
      },
      extra,
    ),
  );
  await writeFile(`${base}.pom`, pom);
  await writeFile(`${base}.pom.sha1`, createHash('sha1').update(pom).digest('hex'));
  const jar = await readFile(await makeJar(`${base}.jar`, `${coordinates.artifactId} ${fileVersion}`));
  await writeFile(`${base}.jar.sha1`, createHash('sha1').update(jar).digest('hex'));
  return dir;
}

beforeAll(async () => {
  work = await makeTempDir('artifact-desk-seed-maven-');
  local = path.join(work, 'm2', 'repository');
  const coreDir = await writeArtifact(
    { groupId: 'org.seed', artifactId: 'core', version: '1.0' },
    '<dependencies><dependency><groupId>org.seed</groupId><artifactId>leaf</artifactId><version>2.0</version></dependency></dependencies>',
  );
  await writeFile(path.join(coreDir, '_remote.repositories'), 'core-1.0.jar>central=\n');
  await writeFile(path.join(coreDir, 'core-1.0-sources.jar.lastUpdated'), 'http\\://x/.error=\n');
  await writeFile(path.join(coreDir, '..', 'maven-metadata-central.xml'), '<metadata/>');
  await writeArtifact({ groupId: 'org.seed', artifactId: 'leaf', version: '2.0' });
  await writeArtifact(
    { groupId: 'org.seed', artifactId: 'snap', version: '1.0-SNAPSHOT' },
    '',
    '1.0-20240101.120000-1',
  );
  await writeArtifact({ groupId: 'org.seed', artifactId: 'installed', version: '1.0-SNAPSHOT' });
  const badDir = await writeArtifact({ groupId: 'org.seed', artifactId: 'bad', version: '1.0' });
  await writeFile(path.join(badDir, 'bad-1.0.jar.sha1'), '0'.repeat(40));
  const evilDir = path.join(local, 'org', 'seed', 'evil', '1.0');
  await mkdir(evilDir, { recursive: true });
  await writeFile(
    path.join(work, 'outside.pom'),
    pomXml({ groupId: 'org.seed', artifactId: 'evil', version: '1.0' }),
  );
  await symlink(path.join(work, 'outside.pom'), path.join(evilDir, 'evil-1.0.pom'));
  await symlink(path.join(work), path.join(local, 'org', 'seed', 'loop'));
  dataDir = path.join(work, 'data');
  await prepareSeedTarget(dataDir, domain);
}, 120_000);

afterAll(async () => {
  await serve?.dispose();
  if (work) await removeDir(work);
});

describe('seed from the local Maven repository', () => {
  it('imports release versions and timestamped builds, and skips what it must with the reason', async () => {
    const run = await runSeedCommand(
      ['--data-dir', dataDir, '--domain', domain, '--repository', 'seeded', '--from', 'maven', '--json'],
      // settings.xml's localRepository is where the seed looks when no folder is given.
      { HOME: path.join(work, 'home') },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.report?.sources[0]?.problem, 'the default folder under the given HOME does not exist').toMatch(
      /not a folder/,
    );
    await mkdir(path.join(work, 'home', '.m2'), { recursive: true });
    await writeFile(
      path.join(work, 'home', '.m2', 'settings.xml'),
      `<settings><localRepository>${local}</localRepository></settings>`,
    );
    const seeded = await runSeedCommand(
      ['--data-dir', dataDir, '--domain', domain, '--repository', 'seeded', '--from', 'maven', '--json'],
      { HOME: path.join(work, 'home') },
    );
    expect(seeded.code, seeded.stderr).toBe(0);
    const lines = seeded.report?.entries.map(
      (entry) =>
        `${entry.name}:${entry.version} ${entry.outcome} ${entry.files.join(',')}${entry.detail ? ` (${entry.detail})` : ''}`,
    );
    expect(lines?.filter((line) => !line.includes('skipped')).sort()).toEqual([
      'org.seed:core:1.0 imported core-1.0.jar,core-1.0.pom',
      'org.seed:leaf:2.0 imported leaf-2.0.jar,leaf-2.0.pom',
      'org.seed:snap:1.0-20240101.120000-1 imported snap-1.0-20240101.120000-1.jar,snap-1.0-20240101.120000-1.pom',
    ]);
    const skipped = lines?.filter((line) => line.includes('skipped')).join('\n');
    expect(skipped).toMatch(/org\.seed:bad:1\.0 skipped +\(bad-1\.0\.jar does not match its \.sha1 file/);
    expect(skipped).toMatch(/org\.seed:installed:1\.0-SNAPSHOT skipped +\(a SNAPSHOT installed locally/);
    expect(skipped, 'a link out of the folder is never followed').not.toContain('evil');
  }, 120_000);

  it('mvn compiles a project from the seeded repository with nothing else reachable', async () => {
    serve = await startServe({ dataDir, args: ['--no-client-config'] });
    const client = serve.client();
    const assets = await client.send(
      new ListPackageVersionAssetsCommand({
        domain,
        repository: 'seeded',
        format: 'maven',
        namespace: 'org.seed',
        package: 'core',
        packageVersion: '1.0',
      }),
    );
    expect(
      assets.assets?.map((asset) => asset.name).sort(),
      'bookkeeping and checksum files are not imported',
    ).toEqual(['core-1.0.jar', 'core-1.0.pom']);
    const { authorizationToken } = await client.send(new GetAuthorizationTokenCommand({ domain }));
    const { repositoryEndpoint } = await client.send(
      new GetRepositoryEndpointCommand({ domain, repository: 'seeded', format: 'maven' }),
    );
    const mvn = await mavenSandbox(
      path.join(work, 'mvn'),
      repositoryEndpoint ?? '',
      authorizationToken ?? '',
    );
    const project = await consumerProject(path.join(work, 'project'), [
      { groupId: 'org.seed', artifactId: 'core', version: '1.0' },
      { groupId: 'org.seed', artifactId: 'snap', version: '1.0-SNAPSHOT' },
    ]);
    const result = await mvn.run(['compile'], project);
    expect(
      result.output,
      'mvn compile must resolve core, leaf and the SNAPSHOT build from the seeded repository',
    ).toContain('BUILD SUCCESS');
    const leafJar = path.join(mvn.localRepository, 'org', 'seed', 'leaf', '2.0', 'leaf-2.0.jar');
    expect((await readFile(leafJar)).length).toBeGreaterThan(0);
  }, 240_000);
});
