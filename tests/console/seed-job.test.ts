/**
 * Seeding as a job of the running service, through the console's HTTP bridge as the UI calls it:
 * `app.seedStart` seeds a repository from a hand-built local Maven repository given as a path, and
 * `app.seedJob` reads the job until it has succeeded with a report of what was imported and what was
 * skipped and why; an unknown job id is a ResourceNotFoundException.
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeedJob } from '../../src/shared/seed';
import { startService, type RunningService } from '../../src/main/service/service';
import { pomXml } from '../clients/maven/maven-tools';
import { makeTempDir, removeDir } from '../helpers/temp-dir';
import { consoleCall, errorOf, valueOf } from './console-http';
import { consoleToken } from './service-fixture';
import { makeRendererBuild, type RendererBuild } from './renderer-build';

const domain = 'seedjob';
let build: RendererBuild;
let dataDir: string;
let work: string;
let service: RunningService;

const call = (operation: string, input: unknown = {}) =>
  consoleCall(service.url, operation, input, consoleToken);

/** A version folder holding only a pom and its .sha1 (or a wrong .sha1 when `damaged`). */
async function writePom(root: string, artifactId: string, version: string, damaged = false): Promise<void> {
  const dir = path.join(root, 'org', 'seedjob', artifactId, version);
  await mkdir(dir, { recursive: true });
  const pom = Buffer.from(pomXml({ groupId: 'org.seedjob', artifactId, version }));
  const base = path.join(dir, `${artifactId}-${version}`);
  await writeFile(`${base}.pom`, pom);
  await writeFile(
    `${base}.pom.sha1`,
    damaged ? '0'.repeat(40) : createHash('sha1').update(pom).digest('hex'),
  );
}

beforeAll(async () => {
  build = await makeRendererBuild();
  dataDir = await makeTempDir('artifact-desk-seed-job-');
  work = await makeTempDir('artifact-desk-seed-job-m2-');
  await writePom(work, 'core', '1.0');
  await writePom(work, 'core', '1.1');
  await writePom(work, 'broken', '1.0', true);
  service = await startService({
    dataDir,
    port: 0,
    accountId: '123456789012',
    console: { token: consoleToken, rendererDir: build.rendererDir },
    useClientConfig: false,
  });
  await service.invoke('CreateDomain', { domain });
  await service.invoke('CreateRepository', { domain, repository: 'local' });
});

afterAll(async () => {
  await service?.stop();
  await removeDir(dataDir);
  await removeDir(work);
  await build?.remove();
});

async function finished(jobId: string): Promise<SeedJob> {
  for (;;) {
    const job = valueOf<SeedJob>(await call('app.seedJob', { jobId }));
    if (job.state !== 'running') return job;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('app.seedStart and app.seedJob', () => {
  it('seed a repository from a Maven folder in the background and report each version', async () => {
    const started = valueOf<SeedJob>(
      await call('app.seedStart', { domain, repository: 'local', sources: ['maven'], mavenRepository: work }),
    );
    expect(started.state, 'a seed starts as a running job').toBe('running');
    const job = await finished(started.jobId);
    expect(job.error, 'the seed job does not fail').toBeUndefined();
    expect(job.state).toBe('succeeded');
    const report = job.report!;
    expect(report.sources, 'the Maven folder given is the one read').toEqual([{ kind: 'maven', path: work }]);
    expect(report.counts, 'two versions imported, the damaged one skipped').toEqual({
      imported: 2,
      present: 0,
      skipped: 1,
    });
    const skipped = report.entries.filter((entry) => entry.outcome === 'skipped');
    expect(skipped.map((entry) => entry.name)).toEqual(['org.seedjob:broken']);
    expect(skipped[0]!.detail, 'a skipped version says why').toBeTruthy();
    const versions = await service.invoke('ListPackageVersions', {
      domain,
      repository: 'local',
      format: 'maven',
      namespace: 'org.seedjob',
      package: 'core',
    });
    expect(
      versions.versions?.map((v) => v.version).sort(),
      'the seeded versions are in the repository',
    ).toEqual(['1.0', '1.1']);
    const again = await finished(
      valueOf<SeedJob>(
        await call('app.seedStart', {
          domain,
          repository: 'local',
          sources: ['maven'],
          mavenRepository: work,
        }),
      ).jobId,
    );
    expect(again.report?.counts, 'a second seed finds both versions present').toMatchObject({
      imported: 0,
      present: 2,
    });
  });

  it('answer an unknown seed job with ResourceNotFoundException', async () => {
    expect(errorOf(await call('app.seedJob', { jobId: 'seed-none' })).name).toBe('ResourceNotFoundException');
  });
});
