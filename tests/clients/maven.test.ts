/**
 * The Maven endpoint with the real `mvn`: deploy-file of a jar + POM then resolution by a project
 * from a clean local repository, checksums served and verified, a version Unfinished until its
 * metadata arrives, SNAPSHOT builds deployed twice, status rules as Maven sees them, resolution
 * through an upstream and through a `public:maven-central` external connection to a fake upstream
 * (then with that upstream stopped), and the dependency-confusion guard.
 */
import {
  AssociateExternalConnectionCommand,
  CreateDomainCommand,
  CreateRepositoryCommand,
  DescribePackageVersionCommand,
  DisposePackageVersionsCommand,
  GetAuthorizationTokenCommand,
  GetRepositoryEndpointCommand,
  ListPackageVersionDependenciesCommand,
  ListPackageVersionsCommand,
  UpdatePackageVersionsStatusCommand,
  type CodeartifactClient,
} from '@aws-sdk/client-codeartifact';
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, waitForOutput, type ServeHandle } from '../helpers/serve';
import { makeTempDir, removeDir } from '../helpers/temp-dir';
import { startFakeMavenRepo, type FakeMavenRepo } from './maven/fake-maven-repo';
import {
  consumerProject,
  deployFileArgs,
  makeJar,
  mavenSandbox,
  pomXml,
  type Coordinates,
} from './maven/maven-tools';

const domain = 'mvd';
let serve: ServeHandle;
let client: CodeartifactClient;
let fake: FakeMavenRepo;
let work: string;
let token: string;
const endpoints: Record<string, string> = {};
let sandboxCount = 0;

async function sandbox(repository: string) {
  const dir = path.join(work, `mvn-${++sandboxCount}`);
  await mkdir(dir, { recursive: true });
  return mavenSandbox(dir, endpoints[repository] ?? '', token);
}

function auth(): Record<string, string> {
  return { Authorization: `Basic ${Buffer.from(`aws:${token}`).toString('base64')}` };
}

async function http(repository: string, rest: string, init: RequestInit = {}) {
  return fetch(`${endpoints[repository]}${rest}`, {
    ...init,
    headers: { ...auth(), ...(init.headers ?? {}) },
  });
}

function layout(coordinates: Coordinates, file?: string): string {
  const base = `${coordinates.groupId.replace(/\./g, '/')}/${coordinates.artifactId}`;
  return file === undefined ? `${base}/maven-metadata.xml` : `${base}/${coordinates.version}/${file}`;
}

async function deploy(repository: string, coordinates: Coordinates, content: string, pomExtra = '') {
  const dir = path.join(work, `artifact-${++sandboxCount}`);
  await mkdir(dir, { recursive: true });
  const jar = await makeJar(path.join(dir, `${coordinates.artifactId}.jar`), content);
  const pom = path.join(dir, 'pom.xml');
  await writeFile(pom, pomXml(coordinates, pomExtra));
  const mvn = await sandbox(repository);
  const result = await mvn.run(
    deployFileArgs({ ...coordinates, file: jar, pom, url: endpoints[repository] ?? '' }),
  );
  expect(result.output, 'mvn deploy:deploy-file must succeed').toContain('BUILD SUCCESS');
  expect(result.code).toBe(0);
  return { jar: await readFile(jar) };
}

/** Builds a fresh consumer project from a clean local repository; returns the mvn result and where jars land. */
async function resolve(repository: string, dependencies: Coordinates[]) {
  const mvn = await sandbox(repository);
  const project = await consumerProject(path.join(mvn.dir, 'project'), dependencies);
  const result = await mvn.run(['compile'], project);
  const jarOf = (coordinates: Coordinates, file = `${coordinates.artifactId}-${coordinates.version}.jar`) =>
    readFile(
      path.join(
        mvn.localRepository,
        coordinates.groupId.replace(/\./g, '/'),
        coordinates.artifactId,
        coordinates.version,
        file,
      ),
    );
  return { result, jarOf, localRepository: mvn.localRepository };
}

async function versionsOf(repository: string, namespace: string, pkg: string) {
  const answer = await client.send(
    new ListPackageVersionsCommand({ domain, repository, format: 'maven', namespace, package: pkg }),
  );
  return Object.fromEntries((answer.versions ?? []).map((entry) => [entry.version, entry]));
}

const greeter = { groupId: 'com.example', artifactId: 'greeter', version: '1.0' };
const extlib = { groupId: 'org.public', artifactId: 'extlib', version: '2.0' };
const acmeUi = { groupId: 'com.acme', artifactId: 'ui', version: '1.0' };

async function writePublicArtifact(root: string, coordinates: Coordinates, content: string): Promise<void> {
  const dir = path.join(root, ...coordinates.groupId.split('.'), coordinates.artifactId, coordinates.version);
  await mkdir(dir, { recursive: true });
  const jar = await makeJar(path.join(dir, `${coordinates.artifactId}-${coordinates.version}.jar`), content);
  const pom = Buffer.from(pomXml(coordinates, '<description>from the public repository</description>'));
  await writeFile(path.join(dir, `${coordinates.artifactId}-${coordinates.version}.pom`), pom);
  for (const [file, bytes] of [
    [jar, await readFile(jar)],
    [path.join(dir, `${coordinates.artifactId}-${coordinates.version}.pom`), pom],
  ] as const) {
    await writeFile(`${file}.sha1`, createHash('sha1').update(bytes).digest('hex'));
  }
  await writeFile(
    path.join(dir, '..', 'maven-metadata.xml'),
    `<metadata><groupId>${coordinates.groupId}</groupId><artifactId>${coordinates.artifactId}</artifactId>` +
      `<versioning><release>${coordinates.version}</release><versions><version>${coordinates.version}</version></versions>` +
      `<lastUpdated>20200101000000</lastUpdated></versioning></metadata>`,
  );
}

beforeAll(async () => {
  work = await makeTempDir('artifact-desk-maven-');
  const publicRoot = path.join(work, 'public-repo');
  await writePublicArtifact(publicRoot, extlib, 'public extlib 2.0');
  await writePublicArtifact(publicRoot, { ...acmeUi, version: '9.9' }, 'public namesake of com.acme:ui');
  fake = await startFakeMavenRepo(publicRoot);
  // The service learns of the fake repository only from Maven's own settings (a mirror of central
  // in the user's settings.xml); upstream metadata is revalidated on every request (TTL 0).
  const serveHome = path.join(work, 'serve-home');
  await mkdir(path.join(serveHome, '.m2'), { recursive: true });
  await writeFile(
    path.join(serveHome, '.m2', 'settings.xml'),
    `<settings><mirrors><mirror><id>company</id><mirrorOf>central</mirrorOf><url>${fake.url}</url></mirror></mirrors></settings>`,
  );
  serve = await startServe({ env: { HOME: serveHome }, args: ['--upstream-ttl', '0'] });
  client = serve.client();
  await client.send(new CreateDomainCommand({ domain }));
  await client.send(new CreateRepositoryCommand({ domain, repository: 'public' }));
  await client.send(
    new AssociateExternalConnectionCommand({
      domain,
      repository: 'public',
      externalConnection: 'public:maven-central',
    }),
  );
  await client.send(
    new CreateRepositoryCommand({ domain, repository: 'libs', upstreams: [{ repositoryName: 'public' }] }),
  );
  await client.send(
    new CreateRepositoryCommand({ domain, repository: 'app', upstreams: [{ repositoryName: 'libs' }] }),
  );
  for (const repository of ['public', 'libs', 'app']) {
    const answer = await client.send(
      new GetRepositoryEndpointCommand({ domain, repository, format: 'maven' }),
    );
    endpoints[repository] = answer.repositoryEndpoint ?? '';
  }
  token = (await client.send(new GetAuthorizationTokenCommand({ domain }))).authorizationToken ?? '';
}, 120_000);

afterAll(async () => {
  await serve?.dispose();
  await fake?.stop();
  if (work) await removeDir(work);
});

describe('Maven endpoint with the real mvn', { timeout: 240_000 }, () => {
  it('deploys a jar + POM with deploy:deploy-file, extracts the POM, serves checksums and metadata', async () => {
    const { jar } = await deploy(
      'libs',
      greeter,
      'greeter 1.0',
      `<name>Greeter</name><description>Says hello</description><url>https://greeter.example/</url>
       <licenses><license><name>Apache-2.0</name><url>https://license.example/apache-2.0</url></license></licenses>
       <scm><url>https://scm.example/greeter</url></scm>
       <properties><junit.version>4.13.2</junit.version></properties>
       <dependencies>
         <dependency><groupId>org.public</groupId><artifactId>extlib</artifactId><version>2.0</version></dependency>
         <dependency><groupId>junit</groupId><artifactId>junit</artifactId><version>\${junit.version}</version><scope>test</scope></dependency>
       </dependencies>`,
    );
    const described = await client.send(
      new DescribePackageVersionCommand({
        domain,
        repository: 'libs',
        format: 'maven',
        namespace: 'com.example',
        package: 'greeter',
        packageVersion: '1.0',
      }),
    );
    expect(described.packageVersion).toMatchObject({
      status: 'Published',
      displayName: 'Greeter',
      summary: 'Says hello',
      homePage: 'https://greeter.example/',
      sourceCodeRepository: 'https://scm.example/greeter',
      licenses: [{ name: 'Apache-2.0', url: 'https://license.example/apache-2.0' }],
    });
    const dependencies = await client.send(
      new ListPackageVersionDependenciesCommand({
        domain,
        repository: 'libs',
        format: 'maven',
        namespace: 'com.example',
        package: 'greeter',
        packageVersion: '1.0',
      }),
    );
    expect(dependencies.dependencies).toEqual([
      { namespace: 'org.public', package: 'extlib', dependencyType: 'compile', versionRequirement: '2.0' },
      { namespace: 'junit', package: 'junit', dependencyType: 'test', versionRequirement: '4.13.2' },
    ]);

    for (const algorithm of ['md5', 'sha1', 'sha256', 'sha512']) {
      const answer = await http('libs', layout(greeter, `greeter-1.0.jar.${algorithm}`));
      expect(answer.status, `${algorithm} of the jar`).toBe(200);
      expect(await answer.text()).toBe(createHash(algorithm).update(jar).digest('hex'));
    }
    const wrong = await http('libs', layout(greeter, 'greeter-1.0.jar.sha1'), {
      method: 'PUT',
      body: '0'.repeat(40),
    });
    expect(wrong.status, 'a checksum that does not match the stored file is refused').toBe(400);
    const right = await http('libs', layout(greeter, 'greeter-1.0.jar.sha256'), {
      method: 'PUT',
      body: createHash('sha256').update(jar).digest('hex'),
    });
    expect(right.status).toBe(201);

    const metadata = await http('libs', layout(greeter));
    const xml = await metadata.text();
    expect(xml).toContain('<release>1.0</release>');
    expect(xml).toContain('<version>1.0</version>');
    const sha1 = await (await http('libs', `${layout(greeter)}.sha1`)).text();
    expect(sha1).toBe(createHash('sha1').update(xml).digest('hex'));
    const anonymous = await fetch(`${endpoints['libs']}${layout(greeter, 'greeter-1.0.jar')}`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
  });

  it('resolves the deployed jar in a Maven build from a clean local repository, through an upstream and the external connection', async () => {
    const { result, jarOf } = await resolve('app', [greeter]);
    expect(result.output, 'mvn compile must resolve greeter and its dependency extlib').toContain(
      'BUILD SUCCESS',
    );
    expect(await jarOf(greeter)).toBeInstanceOf(Buffer);
    const publicJar = await readFile(
      path.join(work, 'public-repo', 'org', 'public', 'extlib', '2.0', 'extlib-2.0.jar'),
    );
    expect(
      (await jarOf(extlib)).equals(publicJar),
      'the jar fetched through the external connection is intact',
    ).toBe(true);
    const retained = await versionsOf('app', 'com.example', 'greeter');
    expect(retained['1.0']?.status, 'greeter is retained in the requesting repository').toBe('Published');
    const external = await versionsOf('public', 'org.public', 'extlib');
    expect(external['2.0']?.origin).toMatchObject({
      originType: 'EXTERNAL',
      domainEntryPoint: { externalConnectionName: 'public:maven-central' },
    });
    expect(fake.requests).toContain('org/public/extlib/2.0/extlib-2.0.jar');
  });

  it('keeps a version Unfinished until its maven-metadata.xml arrives', async () => {
    const coordinates = { groupId: 'com.example', artifactId: 'halfway', version: '0.1' };
    const put = await http('libs', layout(coordinates, 'halfway-0.1.jar'), {
      method: 'PUT',
      body: 'not really a jar',
    });
    expect(put.status).toBe(201);
    expect((await versionsOf('libs', 'com.example', 'halfway'))['0.1']?.status).toBe('Unfinished');
    expect((await http('libs', layout(coordinates, 'halfway-0.1.jar'))).status).toBe(404);
    expect((await http('libs', layout(coordinates))).status).toBe(404);
    const metadata = `<metadata><groupId>com.example</groupId><artifactId>halfway</artifactId><versioning><versions><version>0.1</version></versions></versioning></metadata>`;
    expect((await http('libs', layout(coordinates), { method: 'PUT', body: metadata })).status).toBe(201);
    expect((await versionsOf('libs', 'com.example', 'halfway'))['0.1']?.status).toBe('Published');
    expect(await (await http('libs', layout(coordinates, 'halfway-0.1.jar'))).text()).toBe(
      'not really a jar',
    );
  });

  it('deploys a SNAPSHOT twice: the new build is Published, the previous one Unlisted but still downloadable', async () => {
    const snapshot = { groupId: 'com.example', artifactId: 'snappy', version: '1.1-SNAPSHOT' };
    await deploy('libs', snapshot, 'first build');
    await deploy('libs', snapshot, 'second build');
    const versions = await versionsOf('libs', 'com.example', 'snappy');
    const builds = Object.keys(versions).sort();
    expect(builds).toHaveLength(2);
    expect(builds.every((build) => /^1\.1-\d{8}\.\d{6}-\d$/.test(build))).toBe(true);
    const [first = '', second = ''] = builds.sort(
      (a, b) => Number(a.split('-').pop()) - Number(b.split('-').pop()),
    );
    expect(versions[first]?.status).toBe('Unlisted');
    expect(versions[second]?.status).toBe('Published');
    const snapshotMetadata = await (await http('libs', layout(snapshot, 'maven-metadata.xml'))).text();
    expect(snapshotMetadata).toContain('<buildNumber>2</buildNumber>');
    const old = await http('libs', layout(snapshot, `snappy-${first}.jar`));
    expect(old.status, 'an Unlisted build stays downloadable by its exact file name').toBe(200);

    const { result, jarOf } = await resolve('app', [snapshot]);
    expect(result.output).toContain('BUILD SUCCESS');
    const jar = await jarOf(snapshot, `snappy-${second}.jar`);
    expect(jar.length).toBeGreaterThan(0);
  });

  it('applies status rules as Maven sees them: Unlisted by exact version only, Archived and Disposed not at all', async () => {
    const base = { groupId: 'com.example', artifactId: 'statuses' };
    for (const version of ['1.0', '2.0', '3.0', '4.0'])
      await deploy('libs', { ...base, version }, `statuses ${version}`);
    const common = {
      domain,
      repository: 'libs',
      format: 'maven' as const,
      namespace: 'com.example',
      package: 'statuses',
    };
    await client.send(
      new UpdatePackageVersionsStatusCommand({ ...common, versions: ['2.0'], targetStatus: 'Unlisted' }),
    );
    await client.send(
      new UpdatePackageVersionsStatusCommand({ ...common, versions: ['3.0'], targetStatus: 'Archived' }),
    );
    await client.send(new DisposePackageVersionsCommand({ ...common, versions: ['4.0'] }));
    const xml = await (await http('libs', layout({ ...base, version: '' }))).text();
    expect(xml).toContain('<version>1.0</version>');
    for (const hidden of ['2.0', '3.0', '4.0'])
      expect(xml, `${hidden} is not listed`).not.toContain(`<version>${hidden}</version>`);
    expect((await http('libs', layout({ ...base, version: '2.0' }, 'statuses-2.0.jar'))).status).toBe(200);
    expect((await http('libs', layout({ ...base, version: '3.0' }, 'statuses-3.0.jar'))).status).toBe(404);
    expect((await http('libs', layout({ ...base, version: '4.0' }, 'statuses-4.0.jar'))).status).toBe(404);

    const unlisted = await resolve('libs', [{ ...base, version: '2.0' }]);
    expect(unlisted.result.output, 'an Unlisted version resolves by exact version').toContain(
      'BUILD SUCCESS',
    );
    const archived = await resolve('libs', [{ ...base, version: '3.0' }]);
    expect(archived.result.code, 'an Archived version does not resolve').not.toBe(0);
    expect(archived.result.output).toContain('statuses');
    const disposed = await resolve('libs', [{ ...base, version: '4.0' }]);
    expect(disposed.result.code, 'a Disposed version does not resolve').not.toBe(0);
  });

  it('never pulls the public namesake of a locally published package (dependency-confusion guard)', async () => {
    await deploy('libs', acmeUi, 'local com.acme:ui');
    const namesake = await http('app', layout({ ...acmeUi, version: '9.9' }, 'ui-9.9.jar'));
    expect(namesake.status).toBe(404);
    const xml = await (await http('app', layout(acmeUi))).text();
    expect(xml).toContain('<version>1.0</version>');
    expect(xml).not.toContain('9.9');
    expect(fake.requests.some((request) => request.startsWith('com/acme/ui/9.9'))).toBe(false);
    const refused = await http(
      'public',
      layout({ groupId: 'org.public', artifactId: 'extlib', version: '2.0' }, 'extlib-2.0-sources.jar'),
      {
        method: 'PUT',
        body: 'sources',
      },
    );
    expect(refused.status, 'publishing over a package ingested from outside is blocked').toBe(403);
  });

  it("prints which URL public:maven-central uses and that Maven's settings named it", async () => {
    const line = await waitForOutput(serve, /^ {2}public:maven-central:.*$/m);
    expect(line).toContain(fake.url);
    expect(line).toContain('[Maven mirror of central in');
  }, 120_000);

  it('sees a file and a version the upstream added after the first fetch', async () => {
    const publicRoot = path.join(work, 'public-repo');
    const folder = path.join(publicRoot, 'org', 'public', 'extlib', '2.0');
    await writeFile(path.join(folder, 'extlib-2.0-sources.jar'), 'sources added later');
    const sources = await http('app', 'org/public/extlib/2.0/extlib-2.0-sources.jar');
    expect(sources.status, 'a file added upstream to a version fetched before').toBe(200);
    expect(await sources.text()).toBe('sources added later');
    await writePublicArtifact(publicRoot, { ...extlib, version: '2.1' }, 'public extlib 2.1');
    await writeFile(
      path.join(publicRoot, 'org', 'public', 'extlib', 'maven-metadata.xml'),
      `<metadata><groupId>org.public</groupId><artifactId>extlib</artifactId><versioning><release>2.1</release>` +
        `<versions><version>2.0</version><version>2.1</version></versions><lastUpdated>20240101000000</lastUpdated></versioning></metadata>`,
    );
    const metadata = await (await http('app', layout(extlib))).text();
    expect(metadata, 'a version published upstream later is listed').toContain('<version>2.1</version>');
  });

  it('keeps serving what was fetched from the external connection when the upstream is offline', async () => {
    await fake.stop();
    const { result, jarOf } = await resolve('app', [greeter]);
    expect(result.output, 'the cached build resolves offline').toContain('BUILD SUCCESS');
    expect((await jarOf(extlib)).length).toBeGreaterThan(0);
    const missing = await http('app', 'org/public/never-fetched/1.0/never-fetched-1.0.jar');
    expect(missing.status, 'what was never fetched answers 404 at once while offline').toBe(404);
    expect(await missing.text()).toMatch(
      /'never-fetched-1\.0\.jar' is not cached here and the upstream http:\/\/127\.0\.0\.1:\d+\/\S* is offline or unreachable/,
    );
    const metadata = await (await http('app', layout(extlib))).text();
    expect(metadata).toContain('<version>2.0</version>');
    expect(metadata, "the upstream's stored metadata still lists 2.1, never downloaded").toContain(
      '<version>2.1</version>',
    );
  });
});
