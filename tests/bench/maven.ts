/**
 * The Maven part of the format benchmark: a real `mvn compile` of a project with 30 dependencies,
 * each from a clean local repository, against (1) the Node static server of the other rows over the
 * same Maven layout (the floor), (2) Artifact Desk (the built `serve`) with the artifacts deployed
 * to it, and (3) Artifact Desk fetching them through a `public:maven-central` external connection
 * whose upstream is that static server (the first run ingests, later ones serve the cache). Rounds
 * are interleaved (static, deployed, cached in turn); min and median are printed.
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
import {
  consumerProject,
  makeJar,
  mavenSandbox,
  pomXml,
  type Coordinates,
} from '../clients/maven/maven-tools';
import { startBuiltServe } from './built-serve';
import { startStaticServerProcess } from './static-server';
import { makeTempDir, removeDir } from '../helpers/temp-dir';
import { fmt, percentile, table } from './report';

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

export async function benchMaven(arg?: string): Promise<void> {
  const rounds = arg ? Number(arg) : 3;
  if (!Number.isInteger(rounds) || rounds < 1)
    throw new Error(`maven takes a number of rounds, not '${arg}'`);
  const work = await makeTempDir('artifact-desk-bench-maven-');
  await mkdir(path.join(work, 'static'), { recursive: true });
  const fake = await startStaticServerProcess(path.join(work, 'static'));
  const serve = await startBuiltServe({
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
    const floor: number[] = [];
    const desk: number[] = [];
    const cached: number[] = [];
    const externalFirst = await timedBuild(work, 'external-first', publicUrl, token, deps);
    for (let round = 0; round < rounds; round++) {
      floor.push(await timedBuild(work, `floor-${round}`, fake.url, token, deps));
      desk.push(await timedBuild(work, `desk-${round}`, libs, token, deps));
      cached.push(await timedBuild(work, `cached-${round}`, publicUrl, token, deps));
    }
    const figures = (values: number[]) => {
      const sorted = [...values].sort((x, y) => x - y);
      return { min: sorted[0] ?? NaN, median: percentile(sorted, 50) };
    };
    const f = figures(floor);
    const row = (label: string, values: number[]) => {
      const g = figures(values);
      return [label, fmt(g.min / 1000), fmt(g.median / 1000), fmt(g.median / f.median)];
    };
    table(
      `mvn compile with ${artifactCount} dependencies, fresh local repository each run, ${rounds} interleaved rounds`,
      ['source', 'min s', 'median s', 'ratio of medians to floor'],
      [
        row('Node static server of the same files (floor)', floor),
        row('Artifact Desk deployed', desk),
        row('external connection, cached', cached),
        [
          'external connection, first fetch (once)',
          fmt(externalFirst / 1000),
          '',
          fmt(externalFirst / f.median),
        ],
      ],
    );
  } finally {
    await serve.dispose();
    await fake.stop();
    await removeDir(work);
  }
}
