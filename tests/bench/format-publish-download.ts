/**
 * Publish and download of each format over its own endpoint, with the readers of untrusted files
 * in the path (npm tarball, PyPI wheel and sdist with the multipart body, Maven POM): requests per
 * second, MB/s and the process's CPU time per request for `count` versions, in-process service,
 * plain HTTP. Runs alone with `npx tsx tests/bench/format-publish-download.ts` (`--json` prints the
 * rows as one JSON line instead of a table), so the same figures can be taken on another checkout:
 * format-comparison.ts does that, round after round against an earlier commit.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startService } from '../../src/main/service/service';
import { npmFixture } from '../clients/npm/tarball-writer';
import { buildDists } from '../clients/pypi/python-tools';
import { fmt, table } from './report';

const count = 60;
/** PyPI projects built (a wheel and an sdist each); each is uploaded to every one of the repositories. */
const pypiProjects = 20;
const pypiRepositories = count / pypiProjects;
const owner = '111122223333';

export interface FormatRow {
  format: string;
  /** Requests timed for each of publish and download. */
  count: number;
  publishPerSecond: number;
  downloadPerSecond: number;
  megabytes: number;
  publishSeconds: number;
  downloadSeconds: number;
  /** CPU time of the whole process (service and client, every thread) per request. */
  publishCpuMs: number;
  downloadCpuMs: number;
}

interface Timing {
  seconds: number;
  cpuMs: number;
}

/**
 * Runs `total` calls, 4 in flight: wall seconds and the process's CPU milliseconds they took. Call
 * number `total` runs first, alone and untimed, so loading a parser's module and the first compile of
 * its code are not counted against the requests that follow (each fixture list holds one extra item).
 */
async function timed(total: number, call: (i: number) => Promise<void>): Promise<Timing> {
  await call(total);
  const cpu = process.cpuUsage();
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < total) await call(next++);
    }),
  );
  const used = process.cpuUsage(cpu);
  return { seconds: (performance.now() - started) / 1000, cpuMs: (used.user + used.system) / 1000 };
}

function row(format: string, count: number, megabytes: number, publish: Timing, download: Timing): FormatRow {
  return {
    format,
    count,
    megabytes,
    publishSeconds: publish.seconds,
    downloadSeconds: download.seconds,
    publishPerSecond: count / publish.seconds,
    downloadPerSecond: count / download.seconds,
    publishCpuMs: publish.cpuMs / count,
    downloadCpuMs: download.cpuMs / count,
  };
}

async function expectOk(response: Response, what: string): Promise<Buffer> {
  const body = Buffer.from(await response.arrayBuffer());
  if (response.status >= 300) throw new Error(`${what} answered ${response.status}: ${body.toString()}`);
  return body;
}

/** A multipart/form-data body as twine sends it: the form fields, then the file in `content`. */
export function multipart(
  boundary: string,
  fields: [string, string][],
  filename: string,
  file: Buffer,
): Buffer {
  const parts = fields.map(
    ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  return Buffer.concat([
    Buffer.from(parts.join('')),
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="content"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
}

export async function measureFormatPublishDownload(options: { print?: boolean } = {}): Promise<FormatRow[]> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'artifact-desk-bench-formats-'));
  const service = await startService({
    dataDir,
    port: 0,
    accountId: owner,
    region: 'us-east-1',
    useClientConfig: false,
  });
  const rows: FormatRow[] = [];
  try {
    await service.invoke('CreateDomain', { domain: 'bench' });
    await service.invoke('CreateRepository', { domain: 'bench', repository: 'formats' });
    const token =
      (await service.invoke('GetAuthorizationToken', { domain: 'bench' })).authorizationToken ?? '';
    const base = `${service.url}/bench-${owner}`;
    const bearer = { Authorization: `Bearer ${token}` };
    const basic = { Authorization: `Basic ${Buffer.from(`aws:${token}`).toString('base64')}` };

    // npm: a tarball with ~256 KiB of incompressible content per version.
    const npm = Array.from({ length: count + 1 }, (_, i) =>
      npmFixture(`bench-fmt-${i}`, '1.0.0', randomBytes(192 * 1024).toString('base64')),
    );
    const npmPublish = await timed(count, async (i) => {
      const fixture = npm[i]!;
      await expectOk(
        await fetch(`${base}/npm/formats/${fixture.name}`, {
          method: 'PUT',
          headers: { ...bearer, 'Content-Type': 'application/json' },
          body: JSON.stringify({
            name: fixture.name,
            'dist-tags': { latest: fixture.version },
            versions: { [fixture.version]: { ...fixture.manifest, dist: { integrity: fixture.integrity } } },
            _attachments: {
              [`${fixture.name}-1.0.0.tgz`]: {
                data: fixture.tarball.toString('base64'),
                length: fixture.tarball.length,
              },
            },
          }),
        }),
        'npm publish',
      );
    });
    const npmDownload = await timed(count, async (i) => {
      const fixture = npm[i]!;
      await expectOk(
        await fetch(`${base}/npm/formats/${fixture.name}/-/${fixture.name}-1.0.0.tgz`, { headers: bearer }),
        'npm tarball',
      );
    });
    const npmBytes = npm.slice(0, count).reduce((sum, fixture) => sum + fixture.tarball.length, 0);
    rows.push(row('npm (tgz)', count, npmBytes / 1e6, npmPublish, npmDownload));

    // PyPI: a wheel and an sdist per project, built by the fixture script, uploaded as twine does,
    // into `pypiRepositories` repositories in turn (`count` uploads of each kind in all). The first
    // repository's uploads are also a row of their own: the first uploads of a kind in a process run
    // code not yet compiled by V8's optimising tier, and that row shows what they cost.
    for (let r = 1; r < pypiRepositories; r++)
      await service.invoke('CreateRepository', { domain: 'bench', repository: `formats-${r}` });
    const pypiRepository = (r: number): string => (r === 0 ? 'formats' : `formats-${r}`);
    const work = await mkdtemp(path.join(tmpdir(), 'artifact-desk-bench-dists-'));
    try {
      const projects = await Promise.all(
        Array.from({ length: pypiProjects + 1 }, async (_, i) => {
          const dists = await buildDists(path.join(work, String(i)), `benchfmt${i}`, '1.0.0');
          const files: [string, Buffer][] = [[path.basename(dists.wheel), await readFile(dists.wheel)]];
          if (dists.sdist) files.push([path.basename(dists.sdist), await readFile(dists.sdist)]);
          return { name: `benchfmt${i}`, files };
        }),
      );
      for (const kind of ['wheel', 'sdist'] as const) {
        const pick = (i: number): [string, Buffer] => {
          const files = projects[i]!.files;
          return files.find(([name]) => name.endsWith('.whl') === (kind === 'wheel')) ?? files[0]!;
        };
        /** Call `i` of a run over repositories `from`…: project i % pypiProjects of repository from + i / pypiProjects; the untimed first call (i = total) takes the extra project. */
        const target = (from: number, total: number, i: number): { project: number; repository: string } =>
          i === total
            ? { project: pypiProjects, repository: pypiRepository(from) }
            : { project: i % pypiProjects, repository: pypiRepository(from + Math.floor(i / pypiProjects)) };
        const upload = async ({
          project,
          repository,
        }: {
          project: number;
          repository: string;
        }): Promise<void> => {
          const [filename, bytes] = pick(project);
          const body = multipart(
            'BENCH',
            [
              [':action', 'file_upload'],
              ['name', projects[project]!.name],
              ['version', '1.0.0'],
              ['sha256_digest', createHash('sha256').update(bytes).digest('hex')],
            ],
            filename,
            bytes,
          );
          await expectOk(
            await fetch(`${base}/pypi/${repository}/`, {
              method: 'POST',
              headers: { ...basic, 'Content-Type': 'multipart/form-data; boundary=BENCH' },
              body,
            }),
            'twine upload',
          );
        };
        const download = async ({
          project,
          repository,
        }: {
          project: number;
          repository: string;
        }): Promise<void> => {
          const [filename] = pick(project);
          await expectOk(
            await fetch(`${base}/pypi/${repository}/files/${projects[project]!.name}/1.0.0/${filename}`, {
              headers: basic,
            }),
            'file download',
          );
        };
        const rest = count - pypiProjects;
        const firstPublish = await timed(pypiProjects, (i) => upload(target(0, pypiProjects, i)));
        const restPublish = await timed(rest, (i) => upload(target(1, rest, i)));
        const firstDownload = await timed(pypiProjects, (i) => download(target(0, pypiProjects, i)));
        const restDownload = await timed(rest, (i) => download(target(1, rest, i)));
        const perRepository = projects
          .slice(0, pypiProjects)
          .reduce((sum, _, i) => sum + pick(i)[1].length, 0);
        const both = (a: Timing, b: Timing): Timing => ({
          seconds: a.seconds + b.seconds,
          cpuMs: a.cpuMs + b.cpuMs,
        });
        rows.push(
          row(
            `pypi (${kind})`,
            count,
            (perRepository * pypiRepositories) / 1e6,
            both(firstPublish, restPublish),
            both(firstDownload, restDownload),
          ),
          row(
            `pypi (${kind}), first ${pypiProjects}`,
            pypiProjects,
            perRepository / 1e6,
            firstPublish,
            firstDownload,
          ),
        );
      }
    } finally {
      await rm(work, { recursive: true, force: true });
    }

    // Maven: a POM and a 256 KiB jar per version, then the jar back.
    const jar = randomBytes(256 * 1024);
    const pom = (v: number) =>
      `<?xml version="1.0"?><project><modelVersion>4.0.0</modelVersion><groupId>org.bench</groupId><artifactId>fmt</artifactId><version>1.${v}</version><name>Bench &amp; co</name><dependencies><dependency><groupId>org.x</groupId><artifactId>y</artifactId><version>1.0</version></dependency></dependencies></project>`;
    const mavenPublish = await timed(count, async (i) => {
      const dir = `${base}/maven/formats/org/bench/fmt/1.${i}`;
      await expectOk(
        await fetch(`${dir}/fmt-1.${i}.jar`, { method: 'PUT', headers: basic, body: jar }),
        'jar',
      );
      await expectOk(
        await fetch(`${dir}/fmt-1.${i}.pom`, { method: 'PUT', headers: basic, body: pom(i) }),
        'pom',
      );
      // maven-metadata.xml finishes the deploy, as mvn sends it last.
      await expectOk(
        await fetch(`${base}/maven/formats/org/bench/fmt/maven-metadata.xml`, {
          method: 'PUT',
          headers: basic,
          body: `<?xml version="1.0"?><metadata><groupId>org.bench</groupId><artifactId>fmt</artifactId><versioning><versions><version>1.${i}</version></versions></versioning></metadata>`,
        }),
        'maven-metadata.xml',
      );
    });
    const mavenDownload = await timed(count, async (i) => {
      await expectOk(
        await fetch(`${base}/maven/formats/org/bench/fmt/1.${i}/fmt-1.${i}.jar`, { headers: basic }),
        'jar',
      );
    });
    rows.push(row('maven (pom+jar)', count, (jar.length * count) / 1e6, mavenPublish, mavenDownload));
  } finally {
    await service.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
  if (options.print !== false) {
    table(
      `Publish and download per format over HTTP (${count} each, 4 in flight)`,
      ['format', 'publish/s', 'download/s', 'MB published', 'publish MB/s', 'CPU ms per publish / download'],
      rows.map((row) => [
        row.format,
        fmt(row.publishPerSecond, 1),
        fmt(row.downloadPerSecond, 1),
        fmt(row.megabytes, 1),
        fmt(row.megabytes / row.publishSeconds, 1),
        `${fmt(row.publishCpuMs, 1)} / ${fmt(row.downloadCpuMs, 1)}`,
      ]),
    );
  }
  return rows;
}

/** Marks the JSON line a `--json` run prints, so a parent process finds it among other output. */
export const jsonLinePrefix = 'FORMAT-ROWS ';

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  const json = process.argv.includes('--json');
  const rows = await measureFormatPublishDownload({ print: !json });
  if (json) console.log(jsonLinePrefix + JSON.stringify(rows));
}
