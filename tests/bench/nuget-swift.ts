/**
 * The NuGet and Swift rows of the format benchmark, driven over HTTP as their clients resolve (no
 * NuGet v3 client or Swift toolchain installs here): for 30 packages, NuGet restore's requests (the
 * flat container's version list, then the .nupkg) and SwiftPM's (release list, release metadata,
 * Package.swift, source archive), 8 packages at a time, from Artifact Desk and from the shared static
 * file server sending the same bytes (mirrored from Artifact Desk's answers), in interleaved rounds.
 */
import {
  CreateDomainCommand,
  CreateRepositoryCommand,
  GetAuthorizationTokenCommand,
  GetRepositoryEndpointCommand,
} from '@aws-sdk/client-codeartifact';
import path from 'node:path';
import { startBuiltServe } from './built-serve';
import { makeTempDir, removeDir } from '../helpers/temp-dir';
import { nupkg, zipFiles } from '../clients/nuget/nupkg-builder';
import { mirrorToStatic, staticUrl, timeRequests } from './mirror-to-static';
import { floorRatioTable, interleavedRounds } from './report';
import { startStaticServer } from './static-server';

const packageCount = 30;
const rounds = 5;

interface FormatWork {
  readonly format: 'nuget' | 'swift';
  readonly title: string;
  readonly headers: (token: string) => Record<string, string>;
  /** Publishes package `i` to the repository endpoint. */
  publish(endpoint: string, headers: Record<string, string>, work: string, i: number): Promise<Response>;
  /** The paths one package's resolution asks for, in order. */
  requests(i: number): string[];
}

const nuget: FormatWork = {
  format: 'nuget',
  title: `NuGet restore requests for ${packageCount} packages (version list + .nupkg, 8 at a time)`,
  headers: (token) => ({ Authorization: `Basic ${Buffer.from(`aws:${token}`).toString('base64')}` }),
  async publish(endpoint, headers, work, i) {
    const body = await nupkg(work, { id: `Bench.Pkg${i}`, version: '1.0.0' });
    return fetch(`${endpoint}v2/package`, { method: 'PUT', headers, body });
  },
  requests: (i) => [
    `v3/package/bench.pkg${i}/index.json`,
    `v3/package/bench.pkg${i}/1.0.0/bench.pkg${i}.1.0.0.nupkg`,
  ],
};

const swift: FormatWork = {
  format: 'swift',
  title: `SwiftPM resolution requests for ${packageCount} packages (releases, metadata, Package.swift, archive; 8 at a time)`,
  headers: (token) => ({
    Authorization: `Basic ${Buffer.from(`token:${token}`).toString('base64')}`,
    Accept: 'application/vnd.swift.registry.v1+json',
  }),
  async publish(endpoint, headers, work, i) {
    const archive = await zipFiles(work, `pkg${i}.zip`, {
      [`Pkg${i}/Package.swift`]: `// swift-tools-version:5.7\nimport PackageDescription\nlet package = Package(name: "Pkg${i}")\n`,
      [`Pkg${i}/Sources/Pkg${i}/Pkg.swift`]: `public let index = ${i}\n`,
    });
    const form = new FormData();
    form.append('source-archive', new Blob([archive], { type: 'application/zip' }));
    return fetch(`${endpoint}bench/Pkg${i}/1.0.0`, { method: 'PUT', headers, body: form });
  },
  requests: (i) => [
    `bench/Pkg${i}`,
    `bench/Pkg${i}/1.0.0`,
    `bench/Pkg${i}/1.0.0/Package.swift`,
    `bench/Pkg${i}/1.0.0.zip`,
  ],
};

async function measure(work: FormatWork): Promise<void> {
  const dir = await makeTempDir(`artifact-desk-bench-${work.format}-`);
  const root = path.join(dir, 'static');
  const serve = await startBuiltServe({ args: ['--no-client-config'] });
  const floor = await startStaticServer(root);
  try {
    const client = serve.client();
    const domain = 'bench';
    await client.send(new CreateDomainCommand({ domain }));
    await client.send(new CreateRepositoryCommand({ domain, repository: 'packages' }));
    const token = (await client.send(new GetAuthorizationTokenCommand({ domain }))).authorizationToken ?? '';
    const endpoint =
      (
        await client.send(
          new GetRepositoryEndpointCommand({ domain, repository: 'packages', format: work.format }),
        )
      ).repositoryEndpoint ?? '';
    const headers = work.headers(token);
    const packages: string[][] = [];
    for (let i = 0; i < packageCount; i++) {
      const published = await work.publish(endpoint, headers, dir, i);
      if (!published.ok)
        throw new Error(`publish ${work.format} ${i}: ${published.status} ${await published.text()}`);
      packages.push(work.requests(i));
    }
    await mirrorToStatic(endpoint, headers, packages.flat(), root);
    const samples = await interleavedRounds(rounds, {
      floor: () => timeRequests(packages, (requestPath) => staticUrl(floor.url, requestPath), {}),
      desk: () => timeRequests(packages, (requestPath) => `${endpoint}${requestPath}`, headers),
    });
    floorRatioTable(work.title, samples.floor ?? [], [['Artifact Desk', samples.desk ?? []]]);
  } finally {
    await floor.stop();
    await serve.dispose();
    await removeDir(dir);
  }
}

export const measureNuget = (): Promise<void> => measure(nuget);
export const measureSwift = (): Promise<void> => measure(swift);
