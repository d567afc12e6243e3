/**
 * `artifact-desk verify --repair`: a damaged file of a version that came through an external
 * connection is fetched again from the upstream, checked against its SHA-256 and put back, and
 * downloads work again; a damaged file that was only published here cannot be re-fetched: it is
 * reported, stays marked, and its version is kept. An upstream whose copy differs is not used.
 */
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { storeAssetBlob } from '../../src/main/engine/assets/asset-blobs';
import { listDamagedAssets } from '../../src/main/engine/assets/blob-damage';
import type { EngineContext } from '../../src/main/engine/context';
import { publishFormatVersion } from '../../src/main/engine/package-versions/publish-format-version';
import { startService } from '../../src/main/service/service';
import { openStore } from '../../src/main/store';
import { migrations } from '../../src/main/store/migrations';
import { sha256Hex } from '../helpers/packages';
import { makeTempDir, removeDir } from '../helpers/temp-dir';

const run = promisify(execFile);
const accountId = '123456789012';
const jarPath = '/org/demo/lib/1.0/lib-1.0.jar';
const jar = Buffer.from('a jar from the upstream\n'.repeat(300));
const local = Buffer.from('published only here\n'.repeat(300));

function blobPath(dataDir: string, digest: string): string {
  return path.join(dataDir, 'blobs', 'rp', 'sha256', digest.slice(0, 2), digest.slice(2));
}

/** A Maven repository in the layout, serving `files` by path; `files` can change under it. */
async function fakeUpstream(files: Map<string, Buffer>): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const body = files.get(req.url ?? '');
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-length': body.length }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

describe('verify --repair', () => {
  it('re-fetches what came from an upstream and reports, keeps and marks what was published here', async () => {
    const dataDir = await makeTempDir('artifact-desk-repair-');
    const files = new Map([[jarPath, jar]]);
    const upstream = await fakeUpstream(files);
    try {
      const service = await startService({
        dataDir,
        port: 0,
        accountId,
        externalUpstreams: { 'public:maven-central': upstream.url },
        useClientConfig: false,
      });
      try {
        await service.invoke('CreateDomain', { domain: 'rp' });
        await service.invoke('CreateRepository', { domain: 'rp', repository: 'central' });
        await service.invoke('AssociateExternalConnection', {
          domain: 'rp',
          repository: 'central',
          externalConnection: 'public:maven-central',
        });
        const { repositoryEndpoint } = await service.invoke('GetRepositoryEndpoint', {
          domain: 'rp',
          repository: 'central',
          format: 'maven',
        });
        const { authorizationToken } = await service.invoke('GetAuthorizationToken', { domain: 'rp' });
        const auth = `Basic ${Buffer.from(`aws:${authorizationToken}`).toString('base64')}`;
        const fetched = await fetch(`${repositoryEndpoint!.replace(/\/$/, '')}${jarPath}`, {
          headers: { authorization: auth },
        });
        expect(fetched.status).toBe(200);
        expect(sha256Hex(Buffer.from(await fetched.arrayBuffer()))).toBe(sha256Hex(jar));

        const ctx: EngineContext = {
          store: service.store,
          config: { accountId, region: service.region, endpointUrl: () => service.url },
          now: () => new Date(),
        };
        const blob = await storeAssetBlob(ctx, 'rp', Readable.from([local]));
        await publishFormatVersion(ctx, {
          domain: 'rp',
          repository: 'central',
          format: 'generic',
          namespace: 'ns',
          package: 'mine',
          version: '1.0',
          assets: [{ name: 'mine.bin', blob }],
        });
      } finally {
        await service.stop();
      }
      await writeFile(blobPath(dataDir, sha256Hex(jar)), Buffer.alloc(jar.length, 0x2a));
      await writeFile(blobPath(dataDir, sha256Hex(local)), Buffer.alloc(local.length, 0x2a));

      const verify = (...extra: string[]) =>
        run(process.execPath, [
          '--import',
          'tsx',
          'src/main/cli.ts',
          'verify',
          '--data-dir',
          dataDir,
          '--repair',
          '--no-client-config',
          '--external-upstream',
          `public:maven-central=${upstream.url}`,
          ...extra,
        ]).then(
          (result) => ({ code: 0, stdout: result.stdout }),
          (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
        );

      // An upstream whose file is not the one recorded cannot repair it.
      files.set(jarPath, Buffer.from('another jar altogether'));
      const refused = await verify();
      expect(refused.code, refused.stdout).toBe(1);
      expect(refused.stdout).toContain('Repair: 0 of 2 damaged or missing blob(s) repaired.');
      expect(refused.stdout).toMatch(/NOT repaired rp \w+: not re-fetched: .*hashes to/);

      files.set(jarPath, jar);
      const outcome = await verify();
      expect(outcome.code, 'a file that cannot be re-fetched leaves exit status 1').toBe(1);
      expect(outcome.stdout).toContain('Repair: 1 of 2 damaged or missing blob(s) repaired.');
      expect(outcome.stdout).toContain(`repaired rp ${sha256Hex(jar)}: re-fetched from ${upstream.url}`);
      expect(outcome.stdout).toContain(
        `NOT repaired rp ${sha256Hex(local)}: published here, not fetched from an upstream`,
      );
      expect(sha256Hex(await readFile(blobPath(dataDir, sha256Hex(jar)))), 'the file is whole again').toBe(
        sha256Hex(jar),
      );

      const store = await openStore({ dataDir, migrations });
      try {
        const marked = store.read((db) => listDamagedAssets(db, 'rp'));
        expect(
          marked.map((entry) => `${entry.package}@${entry.version}/${entry.asset}:${entry.kind}`),
          'only the local file stays marked, and its version is kept',
        ).toEqual(['mine@1.0/mine.bin:damaged']);
      } finally {
        await store.close();
      }
    } finally {
      upstream.server.close();
      await removeDir(dataDir);
    }
  }, 180_000);
});
