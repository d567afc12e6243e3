/**
 * Verify as a job of the running service, through the console's HTTP bridge as the UI calls it:
 * `app.verifyStore` checks every file while the service answers, reports progress in files and
 * bytes as job events, and lists a damaged file that came from an upstream as repairable and one
 * published here as not; `app.repairBlobs` fetches the first again, and the next verify is clean of it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobProgressEvent } from '../../src/shared/app-events';
import type { RepairBlobsResult, VerifyStoreResult } from '../../src/shared/app-operations';
import { storeAssetBlob } from '../../src/main/engine/assets/asset-blobs';
import type { EngineContext } from '../../src/main/engine/context';
import { publishFormatVersion } from '../../src/main/engine/package-versions/publish-format-version';
import { startService, type RunningService } from '../../src/main/service/service';
import { sha256Hex } from '../helpers/packages';
import { makeTempDir, removeDir } from '../helpers/temp-dir';
import { consoleCall, errorOf, valueOf } from './console-http';
import { consoleToken } from './service-fixture';
import { makeRendererBuild, type RendererBuild } from './renderer-build';

const domain = 'vj';
const jarPath = '/org/acme/core/3.0/core-3.0.jar';
const jar = Buffer.from('a jar from the upstream\n'.repeat(500));
const local = Buffer.from('published only here\n'.repeat(500));

let upstream: Server;
let build: RendererBuild;
let dataDir: string;
let service: RunningService;
const progress: JobProgressEvent[] = [];

const call = (operation: string, input: unknown = {}) =>
  consoleCall(service.url, operation, input, consoleToken);

function blobFile(bytes: Buffer): string {
  const digest = sha256Hex(bytes);
  return path.join(dataDir, 'blobs', domain, 'sha256', digest.slice(0, 2), digest.slice(2));
}

beforeAll(async () => {
  upstream = createServer((req, res) => {
    if (req.url !== jarPath) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-length': jar.length }).end(jar);
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  build = await makeRendererBuild();
  dataDir = await makeTempDir('artifact-desk-verify-job-');
  service = await startService({
    dataDir,
    port: 0,
    accountId: '123456789012',
    console: { token: consoleToken, rendererDir: build.rendererDir },
    externalUpstreams: {
      'public:maven-central': `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/`,
    },
    useClientConfig: false,
  });
  service.events.subscribe((event) => {
    if (event.type === 'job-progress') progress.push(event);
  });
  await service.invoke('CreateDomain', { domain });
  await service.invoke('CreateRepository', { domain, repository: 'central' });
  await service.invoke('AssociateExternalConnection', {
    domain,
    repository: 'central',
    externalConnection: 'public:maven-central',
  });
  const { authorizationToken } = await service.invoke('GetAuthorizationToken', { domain });
  const fetched = await fetch(`${service.url}/${domain}-123456789012/maven/central${jarPath}`, {
    headers: { authorization: `Bearer ${authorizationToken}` },
  });
  expect(fetched.status, 'the jar comes in through the external connection').toBe(200);
  await fetched.arrayBuffer();
  const ctx: EngineContext = {
    store: service.store,
    config: { accountId: service.accountId, region: service.region, endpointUrl: () => service.url },
    now: () => new Date(),
  };
  const blob = await storeAssetBlob(ctx, domain, Readable.from([local]));
  await publishFormatVersion(ctx, {
    domain,
    repository: 'central',
    format: 'generic',
    namespace: 'ns',
    package: 'mine',
    version: '1.0',
    assets: [{ name: 'mine.bin', blob }],
  });
}, 120_000);

afterAll(async () => {
  await service?.stop();
  upstream?.close();
  await build?.remove();
  if (dataDir) await removeDir(dataDir);
});

describe('verify as a job of the running service', () => {
  it('lists what is damaged, repairs what came from an upstream, and verifies clean of it afterwards', async () => {
    await writeFile(blobFile(jar), Buffer.alloc(jar.length, 0x2a));
    await writeFile(blobFile(local), Buffer.alloc(local.length, 0x2a));

    const report = valueOf<VerifyStoreResult>(await call('app.verifyStore'));
    expect(report.checked).toBe(2);
    expect(report.bytes).toBe(jar.length + local.length);
    const found = report.findings.map((finding) => `${finding.kind}:${finding.sha256}:${finding.repairable}`);
    expect(found.sort()).toEqual(
      [`damaged:${sha256Hex(jar)}:true`, `damaged:${sha256Hex(local)}:false`].sort(),
    );
    expect(report.findings.find((finding) => finding.sha256 === sha256Hex(jar))?.assets).toEqual([
      'central/maven/org.acme/core@3.0/core-3.0.jar',
    ]);
    const last = progress.filter((event) => event.title === 'Verify store').at(-1);
    expect(last, 'the job reports files and bytes').toMatchObject({
      state: 'succeeded',
      done: 2,
      total: 2,
      bytesDone: jar.length + local.length,
      bytesTotal: jar.length + local.length,
    });

    const repaired = valueOf<RepairBlobsResult>(
      await call('app.repairBlobs', {
        blobs: report.findings.map(({ domain: name, sha256 }) => ({ domain: name, sha256 })),
      }),
    );
    expect(repaired.outcomes.map((outcome) => `${outcome.sha256}:${outcome.repaired}`).sort()).toEqual(
      [`${sha256Hex(jar)}:true`, `${sha256Hex(local)}:false`].sort(),
    );

    const again = valueOf<VerifyStoreResult>(await call('app.verifyStore'));
    expect(
      again.findings.map((finding) => finding.sha256),
      'only the file published here is left',
    ).toEqual([sha256Hex(local)]);
  });

  it('refuses a repair list that names no file or a malformed digest', async () => {
    expect(errorOf(await call('app.repairBlobs', { blobs: [] })).message).toContain('1 to 1000 files');
    expect(
      errorOf(await call('app.repairBlobs', { blobs: [{ domain, sha256: '../../etc' }] })).message,
    ).toContain('64 lower-case hexadecimal digits');
  });
});
