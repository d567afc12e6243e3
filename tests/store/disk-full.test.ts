/**
 * A full disk. An upload that would leave less than the reserve free is refused before a byte is
 * written; one that meets ENOSPC from the file system mid-write is refused as well; both answer 507
 * with a message saying the disk is full and nothing was stored, leave no temp file and no version,
 * and the service goes on serving what it holds. When even the journal cannot be written, the write
 * is refused the same way, reads go on, and after a restart every acknowledged write is intact.
 */
import {
  CodeartifactClient,
  CreateRepositoryCommand,
  GetPackageVersionAssetCommand,
  ListPackageVersionsCommand,
  ListRepositoriesCommand,
} from '@aws-sdk/client-codeartifact';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { verifyStore } from '../../src/main/engine/assets/verify-store';
import type * as DurableFs from '../../src/main/store/durable-fs';
import { startService, type RunningService } from '../../src/main/service/service';
import { publishGeneric, sha256Hex } from '../helpers/packages';
import { makeTempDir, removeDir } from '../helpers/temp-dir';

/** The file layer's writes fail with ENOSPC while this is set (every file the store writes). */
const disk = vi.hoisted(() => ({ full: false }));

vi.mock('../../src/main/store/durable-fs', async (importOriginal) => {
  const original = await importOriginal<typeof DurableFs>();
  return {
    ...original,
    writeAll: async (...args: Parameters<typeof original.writeAll>) => {
      if (disk.full) {
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      }
      return original.writeAll(...args);
    },
    writeAllSync: (...args: Parameters<typeof original.writeAllSync>) => {
      if (disk.full) {
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      }
      return original.writeAllSync(...args);
    },
  };
});

const accountId = '123456789012';
const target = { domain: 'full', repository: 'repo', namespace: 'ns', package: 'pkg' };
const v1 = Buffer.from('version one\n'.repeat(1000));
const v2 = Buffer.from('version two\n'.repeat(1000));

function clientOf(service: RunningService): CodeartifactClient {
  return new CodeartifactClient({
    endpoint: service.url,
    region: service.region,
    credentials: { ...service.credentials },
    maxAttempts: 1,
  });
}

async function refusal(
  promise: Promise<unknown>,
): Promise<{ status?: number; name: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    const failure = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { status: failure.$metadata?.httpStatusCode, name: failure.name, message: failure.message };
  }
  throw new Error('the write was accepted on a full disk');
}

async function downloadV1(client: CodeartifactClient): Promise<string> {
  const answer = await client.send(
    new GetPackageVersionAssetCommand({
      ...target,
      format: 'generic',
      packageVersion: '1.0',
      asset: 'a.bin',
    }),
  );
  return sha256Hex(Buffer.from(await answer.asset!.transformToByteArray()));
}

async function versionsOf(client: CodeartifactClient): Promise<string[]> {
  const listed = await client.send(new ListPackageVersionsCommand({ ...target, format: 'generic' }));
  return (listed.versions ?? []).map((v) => v.version ?? '').sort();
}

let dataDir: string | undefined;
afterEach(async () => {
  disk.full = false;
  if (dataDir) await removeDir(dataDir);
  dataDir = undefined;
});

describe('a full disk', () => {
  it('refuses an upload that would eat into the reserve with 507, and keeps serving what is stored', async () => {
    dataDir = await makeTempDir('artifact-desk-full-');
    let free = 10 * 1024 * 1024 * 1024;
    const service = await startService({
      dataDir,
      port: 0,
      accountId,
      storage: { storageReserveBytes: 64 * 1024 * 1024, freeSpace: async () => free },
    });
    const client = clientOf(service);
    try {
      await service.invoke('CreateDomain', { domain: 'full' });
      await service.invoke('CreateRepository', { domain: 'full', repository: 'repo' });
      await publishGeneric(client, target, '1.0', 'a.bin', v1);

      free = 64 * 1024 * 1024 + 5000; // room for 5000 bytes above the reserve; v2 is 12000
      const refused = await refusal(publishGeneric(client, target, '2.0', 'a.bin', v2));
      expect(refused.status, 'a full disk is 507 Insufficient Storage').toBe(507);
      expect(refused.name).toBe('InternalServerException');
      expect(refused.message).toMatch(/is full .*nothing of this write was stored/);
      expect(await readdir(path.join(dataDir, 'blobs', '.tmp')), 'no temp file is left').toEqual([]);

      free = 1024; // below the reserve: refused before anything is written
      expect((await refusal(publishGeneric(client, target, '2.0', 'a.bin', v2))).status).toBe(507);

      expect(await versionsOf(client), 'no partial version').toEqual(['1.0']);
      expect(await downloadV1(client), 'what was stored is served').toBe(sha256Hex(v1));

      free = 10 * 1024 * 1024 * 1024;
      await publishGeneric(client, target, '2.0', 'a.bin', v2);
      expect(await versionsOf(client), 'with space again, uploads work').toEqual(['1.0', '2.0']);
    } finally {
      client.destroy();
      await service.stop();
    }
  });

  it('ENOSPC from the file system refuses writes with 507; reads go on; a restart finds every acknowledged write', async () => {
    dataDir = await makeTempDir('artifact-desk-enospc-');
    const service = await startService({ dataDir, port: 0, accountId });
    const client = clientOf(service);
    try {
      await service.invoke('CreateDomain', { domain: 'full' });
      await service.invoke('CreateRepository', { domain: 'full', repository: 'repo' });
      await publishGeneric(client, target, '1.0', 'a.bin', v1);

      disk.full = true;
      const upload = await refusal(publishGeneric(client, target, '2.0', 'a.bin', v2));
      expect(upload.status, 'an upload meeting ENOSPC is 507').toBe(507);
      expect(upload.message).toMatch(/is full \(ENOSPC: no space left on device/);
      expect(await readdir(path.join(dataDir, 'blobs', '.tmp')), 'no temp file is left').toEqual([]);
      expect(await versionsOf(client)).toEqual(['1.0']);

      // Metadata alone: the journal cannot be appended, so the write is not acknowledged.
      const metadata = await refusal(
        client.send(new CreateRepositoryCommand({ domain: 'full', repository: 'later' })),
      );
      expect(metadata.status, 'a journal write meeting ENOSPC is 507').toBe(507);
      expect(metadata.message).toMatch(/full/);
      expect(await downloadV1(client), 'reads go on').toBe(sha256Hex(v1));
      const repositories = await client.send(new ListRepositoriesCommand({}));
      expect(repositories.repositories?.map((r) => r.name)).toContain('repo');
    } finally {
      client.destroy();
      // The store stopped writing at the journal failure, so its final checkpoint is refused.
      await service.stop().catch(() => undefined);
    }

    disk.full = false;
    const again = await startService({ dataDir, port: 0 });
    const after = clientOf(again);
    try {
      expect(await versionsOf(after), 'every acknowledged version is there').toEqual(['1.0']);
      expect(await downloadV1(after)).toBe(sha256Hex(v1));
      const names = (await after.send(new ListRepositoriesCommand({}))).repositories?.map((r) => r.name);
      expect(names, 'the refused repository was never acknowledged and is not there').toEqual(['repo']);
      const verified = await verifyStore({
        store: again.store,
        config: { accountId, region: again.region, endpointUrl: () => again.url },
        now: () => new Date(),
      } as Parameters<typeof verifyStore>[0]);
      expect(
        verified.findings.filter((f) => f.kind !== 'orphaned'),
        'nothing stored was damaged',
      ).toEqual([]);
      await publishGeneric(after, target, '2.0', 'a.bin', v2);
    } finally {
      after.destroy();
      await again.stop();
    }
  });
});
