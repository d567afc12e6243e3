/**
 * `artifact-desk verify` on a data directory: every blob is checked against its SHA-256 and recorded
 * size; a damaged, a missing and an orphaned file are each listed with the assets that use them, the
 * exit status is 1, and the damaged ones are marked for the app to flag.
 */
import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { storeAssetBlob } from '../../src/main/engine/assets/asset-blobs';
import { listDamagedAssets } from '../../src/main/engine/assets/blob-damage';
import type { EngineContext } from '../../src/main/engine/context';
import { publishFormatVersion } from '../../src/main/engine/package-versions/publish-format-version';
import { openStore } from '../../src/main/store';
import { migrations } from '../../src/main/store/migrations';
import { startService } from '../../src/main/service/service';
import { sha256Hex } from '../helpers/packages';
import { makeTempDir, removeDir } from '../helpers/temp-dir';

const run = promisify(execFile);

function blobPath(dataDir: string, digest: string): string {
  return path.join(dataDir, 'blobs', 'vd', 'sha256', digest.slice(0, 2), digest.slice(2));
}

describe('verify', () => {
  it('lists damaged, missing and orphaned files with the assets using them, and exits 1', async () => {
    const dataDir = await makeTempDir('artifact-desk-verify-');
    try {
      const service = await startService({ dataDir, port: 0, accountId: '123456789012' });
      await service.invoke('CreateDomain', { domain: 'vd' });
      await service.invoke('CreateRepository', { domain: 'vd', repository: 'repo' });
      const ctx: EngineContext = {
        store: service.store,
        config: { accountId: '123456789012', region: service.region, endpointUrl: () => service.url },
        now: () => new Date(),
      };
      const contents = ['intact content', 'content to damage', 'content to lose'];
      for (const [n, text] of contents.entries()) {
        const blob = await storeAssetBlob(ctx, 'vd', Readable.from([Buffer.from(text)]));
        await publishFormatVersion(ctx, {
          domain: 'vd',
          repository: 'repo',
          format: 'generic',
          namespace: 'ns',
          package: 'pkg',
          version: `${n + 1}.0`,
          assets: [{ name: `file-${n + 1}.bin`, blob }],
        });
      }
      await service.stop();
      await writeFile(blobPath(dataDir, sha256Hex(contents[1]!)), 'CONTENT TO DAMAGE');
      await rm(blobPath(dataDir, sha256Hex(contents[2]!)));
      const orphan = sha256Hex('nobody records this');
      await mkdir(path.dirname(blobPath(dataDir, orphan)), { recursive: true });
      await writeFile(blobPath(dataDir, orphan), 'nobody records this');

      const outcome = await run('npx', ['tsx', 'src/main/cli.ts', 'verify', '--data-dir', dataDir]).then(
        (result) => ({ code: 0, stdout: result.stdout }),
        (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
      );
      expect(outcome.code, 'findings give exit status 1').toBe(1);
      expect(outcome.stdout).toContain('Checked 3 blob(s): 1 intact, 3 finding(s).');
      expect(outcome.stdout).toMatch(/damaged\s+vd \w+: its content hashes to/);
      expect(outcome.stdout).toContain('used by repo/generic/ns/pkg@2.0/file-2.bin');
      expect(outcome.stdout).toMatch(/missing\s+vd \w+: the file is not in the data directory/);
      expect(outcome.stdout).toContain(`orphaned vd ${orphan}`);

      const store = await openStore({ dataDir, migrations });
      try {
        const marked = store.read((db) => listDamagedAssets(db, 'vd'));
        expect(marked.map((entry) => `${entry.asset}:${entry.kind}`)).toEqual([
          'file-2.bin:damaged',
          'file-3.bin:missing',
        ]);
      } finally {
        await store.close();
      }
    } finally {
      await removeDir(dataDir);
    }
  });
});
