/**
 * The Maven part of the format benchmark: a real `mvn compile` of a project with 30 dependencies,
 * each from a clean local repository, against (1) a plain static file server of the same Maven
 * layout (the floor), (2) Artifact Desk with the artifacts deployed to it, and (3) Artifact Desk
 * fetching them through a `public:maven-central` external connection whose upstream is that static
 * server (the first run ingests, the second serves the cache). Cold = first run after start, warm =
 * the same run again with a fresh local repository. Prints times and ratios against the floor.
 */
import {
  AssociateExternalConnectionCommand,
  CreateDomainCommand,
  CreateRepositoryCommand,
  GetAuthorizationTokenCommand,
  GetRepositoryEndpointCommand,
} from '@aws-sdk/client-codeartifact';
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startFakeMavenRepo } from '../clients/maven/fake-maven-repo';
import {
  consumerProject,
  makeJar,
  mavenSandbox,
  pomXml,
  type Coordinates,
} from '../clients/maven/maven-tools';
import { startServe } from '../helpers/serve';
import { makeTempDir, removeDir } from '../helpers/temp-dir';
import { fmt, table } from './report';

const artifactCount = 30;

async function timedBuild(
  work: string,
  label: string,
  url: string,
  token: string,
  deps: Coordinates[],
): Promise<number> {
  const mvn = await mavenSandbox(path.join(work, label), url, token);
  const project = await consumerProject(path.join(mvn.dir, 'project'), deps);
  const started = performance.now();
  const result = await mvn.run(['compile'], project);
  const elapsed = performance.now() - started;
  if (result.code !== 0) throw new Error(`mvn compile (${label}) failed:\n${result.output.slice(-3000)}`);
  return elapsed;
}

export async function benchMaven(): Promise<void> {
  const work = await makeTempDir('artifact-desk-bench-maven-');
  const fake = await startFakeMavenRepo(path.join(work, 'static'));
  const serve = await startServe({
    args: ['--no-client-config', '--external-upstream', `public:maven-central=${fake.url}`],
  });
  try {
    const deps: Coordinates[] = [];
    for (let index = 0; index < artifactCount; index++) {
      const coordinates = { groupId: 'org.bench', artifactId: `lib${index}`, version: '1.0' };
      deps.push(coordinates);
      const dir = path.join(work, 'static', 'org', 'bench', coordinates.artifactId, '1.0');
      await mkdir(dir, { recursive: true });
      await makeJar(path.join(dir, `lib${index}-1.0.jar`), `library ${index} `.repeat(2000));
      await writeFile(path.join(dir, `lib${index}-1.0.pom`), pomXml(coordinates));
      // The floor serves checksums too, as every Maven repository does.
      for (const file of [`lib${index}-1.0.jar`, `lib${index}-1.0.pom`]) {
        const bytes = await readFile(path.join(dir, file));
        await writeFile(path.join(dir, `${file}.sha1`), createHash('sha1').update(bytes).digest('hex'));
      }
    }
    const client = serve.client();
    const domain = 'bench';
    await client.send(new CreateDomainCommand({ domain }));
    await client.send(new CreateRepositoryCommand({ domain, repository: 'public' }));
    await client.send(
      new AssociateExternalConnectionCommand({
        domain,
        repository: 'public',
        externalConnection: 'public:maven-central',
      }),
    );
    await client.send(new CreateRepositoryCommand({ domain, repository: 'libs' }));
    const endpoint = async (repository: string) =>
      (await client.send(new GetRepositoryEndpointCommand({ domain, repository, format: 'maven' })))
        .repositoryEndpoint ?? '';
    const token = (await client.send(new GetAuthorizationTokenCommand({ domain }))).authorizationToken ?? '';
    const libs = await endpoint('libs');
    const publicUrl = await endpoint('public');
    const headers = { Authorization: `Basic ${Buffer.from(`aws:${token}`).toString('base64')}` };
    // Deployed the way mvn deploy does it: files, then the artifact's maven-metadata.xml.
    for (const dep of deps) {
      const dir = path.join(work, 'static', 'org', 'bench', dep.artifactId, '1.0');
      for (const file of (await readdir(dir)).filter((name) => /\.(jar|pom)$/.test(name))) {
        const put = await fetch(`${libs}org/bench/${dep.artifactId}/1.0/${file}`, {
          method: 'PUT',
          headers,
          body: await readFile(path.join(dir, file)),
        });
        if (put.status !== 201) throw new Error(`deploying ${file} answered ${put.status}`);
      }
      const metadata = `<metadata><groupId>org.bench</groupId><artifactId>${dep.artifactId}</artifactId><versioning><versions><version>1.0</version></versions></versioning></metadata>`;
      await fetch(`${libs}org/bench/${dep.artifactId}/maven-metadata.xml`, {
        method: 'PUT',
        headers,
        body: metadata,
      });
    }
    const floorCold = await timedBuild(work, 'floor-cold', fake.url, token, deps);
    const floorWarm = await timedBuild(work, 'floor-warm', fake.url, token, deps);
    const deskCold = await timedBuild(work, 'desk-cold', libs, token, deps);
    const deskWarm = await timedBuild(work, 'desk-warm', libs, token, deps);
    const externalFirst = await timedBuild(work, 'external-first', publicUrl, token, deps);
    const externalCached = await timedBuild(work, 'external-cached', publicUrl, token, deps);
    table(
      `mvn compile with ${artifactCount} dependencies (fresh local repository each run)`,
      ['source', 'time (s)', 'ratio to floor'],
      [
        ['static file server, cold (floor)', fmt(floorCold / 1000), '1.00'],
        ['static file server, warm (floor)', fmt(floorWarm / 1000), '1.00'],
        ['Artifact Desk deployed, cold', fmt(deskCold / 1000), fmt(deskCold / floorCold)],
        ['Artifact Desk deployed, warm', fmt(deskWarm / 1000), fmt(deskWarm / floorWarm)],
        ['external connection, first fetch', fmt(externalFirst / 1000), fmt(externalFirst / floorCold)],
        ['external connection, cached', fmt(externalCached / 1000), fmt(externalCached / floorWarm)],
      ],
    );
  } finally {
    await serve.dispose();
    await fake.stop();
    await removeDir(work);
  }
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  benchMaven().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
