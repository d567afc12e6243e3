/**
 * An offline kit from a Maven project's pom.xml: the dependency tree is resolved through the app
 * repository's upstream and its `public:maven-central` connection to a fake public repository
 * (a parent POM's properties and dependencyManagement, the project's exclusion, a dependency's
 * test-scoped and optional dependencies left out), POMs and jars stored; then, with the fake
 * repository stopped, the real `mvn compile` builds the project from the service.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AssociateExternalConnectionCommand,
  CreateDomainCommand,
  CreateRepositoryCommand,
  GetAuthorizationTokenCommand,
  GetRepositoryEndpointCommand,
} from '@aws-sdk/client-codeartifact';
import { runKitCommand } from '../helpers/kit-cli';
import { startServe, type ServeHandle } from '../helpers/serve';
import { makeTempDir, removeDir } from '../helpers/temp-dir';
import { startFakeMavenRepo, type FakeMavenRepo } from './maven/fake-maven-repo';
import { consumerProject, makeJar, mavenSandbox, pomXml, type Coordinates } from './maven/maven-tools';

const domain = 'mvnkit';
let work: string;
let dataDir: string;
let fake: FakeMavenRepo;
let serve: ServeHandle | undefined;
let upstreamArgs: string[];
let project: string;

const core = { groupId: 'org.kit', artifactId: 'core', version: '1.0' };

/** Writes an artifact in the Maven layout: its POM (with `extra` inside <project>), a jar unless `pomOnly`, .sha1 files. */
async function publish(
  root: string,
  coordinates: Coordinates,
  extra: string,
  pomOnly = false,
): Promise<void> {
  const dir = path.join(root, ...coordinates.groupId.split('.'), coordinates.artifactId, coordinates.version);
  await mkdir(dir, { recursive: true });
  const base = path.join(dir, `${coordinates.artifactId}-${coordinates.version}`);
  const pom = Buffer.from(
    pomXml(coordinates, extra).replace(
      '<packaging>jar</packaging>',
      pomOnly ? '<packaging>pom</packaging>' : '<packaging>jar</packaging>',
    ),
  );
  await writeFile(`${base}.pom`, pom);
  await writeFile(`${base}.pom.sha1`, createHash('sha1').update(pom).digest('hex'));
  if (!pomOnly) {
    const jar = await readFile(
      await makeJar(`${base}.jar`, `${coordinates.artifactId} ${coordinates.version}`),
    );
    await writeFile(`${base}.jar.sha1`, createHash('sha1').update(jar).digest('hex'));
  }
}

function dependency(groupId: string, artifactId: string, rest = ''): string {
  return `<dependency><groupId>${groupId}</groupId><artifactId>${artifactId}</artifactId>${rest}</dependency>`;
}

beforeAll(async () => {
  work = await makeTempDir('artifact-desk-kit-maven-');
  const root = path.join(work, 'public-repo');
  await publish(
    root,
    { groupId: 'org.kit', artifactId: 'parent', version: '1' },
    `<properties><leaf.version>2.0</leaf.version></properties>
  <dependencyManagement><dependencies>${dependency('org.kit', 'leaf', '<version>${leaf.version}</version>')}</dependencies></dependencyManagement>`,
    true,
  );
  await publish(
    root,
    core,
    `<parent><groupId>org.kit</groupId><artifactId>parent</artifactId><version>1</version></parent>
  <dependencies>
    ${dependency('org.kit', 'leaf')}
    ${dependency('org.kit', 'excluded', '<version>1.0</version>')}
    ${dependency('org.kit', 'testonly', '<version>1.0</version><scope>test</scope>')}
    ${dependency('org.kit', 'opt', '<version>1.0</version><optional>true</optional>')}
  </dependencies>`,
  );
  for (const artifactId of ['leaf', 'excluded', 'testonly', 'opt']) {
    await publish(
      root,
      { groupId: 'org.kit', artifactId, version: artifactId === 'leaf' ? '2.0' : '1.0' },
      '',
    );
  }
  fake = await startFakeMavenRepo(root);
  upstreamArgs = ['--external-upstream', `public:maven-central=${fake.url}`, '--no-client-config'];
  dataDir = path.join(work, 'data');
  serve = await startServe({ dataDir, args: upstreamArgs });
  const client = serve.client();
  await client.send(new CreateDomainCommand({ domain }));
  await client.send(new CreateRepositoryCommand({ domain, repository: 'maven-store' }));
  await client.send(
    new AssociateExternalConnectionCommand({
      domain,
      repository: 'maven-store',
      externalConnection: 'public:maven-central',
    }),
  );
  await client.send(
    new CreateRepositoryCommand({
      domain,
      repository: 'app',
      upstreams: [{ repositoryName: 'maven-store' }],
    }),
  );
  await serve.stop();
  project = await consumerProject(path.join(work, 'project'), [core]);
  const pom = await readFile(path.join(project, 'pom.xml'), 'utf8');
  await writeFile(
    path.join(project, 'pom.xml'),
    pom.replace(
      '<version>1.0</version></dependency>',
      '<version>1.0</version><exclusions><exclusion><groupId>org.kit</groupId><artifactId>excluded</artifactId></exclusion></exclusions></dependency>',
    ),
  );
}, 120_000);

afterAll(async () => {
  await serve?.dispose();
  await fake?.stop();
  if (work) await removeDir(work);
});

describe('offline kit from pom.xml', () => {
  it('resolves the dependency tree through the repository and stores every POM and jar it needs', async () => {
    const result = await runKitCommand([
      '--data-dir',
      dataDir,
      '--domain',
      domain,
      '--repository',
      'app',
      '--json',
      ...upstreamArgs,
      path.join(project, 'pom.xml'),
    ]);
    expect(result.code, result.stderr + result.stdout).toBe(0);
    const entries = result.report?.entries.map(
      (entry) => `${entry.name}:${entry.version}:${entry.outcome}:${entry.files.join(',')}`,
    );
    expect(entries).toEqual([
      'org.kit:core:1.0:fetched:core-1.0.pom,core-1.0.jar',
      'org.kit:leaf:2.0:fetched:leaf-2.0.pom,leaf-2.0.jar',
      'org.kit:parent:1:fetched:parent-1.pom',
    ]);
    for (const left of ['excluded', 'testonly', 'opt']) {
      expect(
        fake.requests.some((request) => request.includes(`/${left}/`)),
        `${left} is not part of the project's tree`,
      ).toBe(false);
    }
  }, 120_000);

  it('builds the project with mvn once the public repository is stopped', async () => {
    await fake.stop();
    serve = await startServe({ dataDir, args: ['--no-client-config'] });
    const client = serve.client();
    const { authorizationToken } = await client.send(new GetAuthorizationTokenCommand({ domain }));
    const { repositoryEndpoint } = await client.send(
      new GetRepositoryEndpointCommand({ domain, repository: 'app', format: 'maven' }),
    );
    const mvn = await mavenSandbox(
      path.join(work, 'mvn'),
      repositoryEndpoint ?? '',
      authorizationToken ?? '',
    );
    const result = await mvn.run(['compile'], project);
    expect(result.output, 'mvn compile must resolve core, its parent and leaf offline').toContain(
      'BUILD SUCCESS',
    );
    const leafJar = path.join(mvn.localRepository, 'org', 'kit', 'leaf', '2.0', 'leaf-2.0.jar');
    expect((await readFile(leafJar)).length).toBeGreaterThan(0);
  }, 240_000);
});
