/**
 * `kill -9` in the middle of a large publish (written by the upload's writer thread with O_DIRECT):
 * after a restart the publish that was acknowledged before it is whole and downloads byte for byte,
 * and the interrupted one left no version, no blob file and no temp file behind.
 */
import { CreateDomainCommand, CreateRepositoryCommand } from '@aws-sdk/client-codeartifact';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  downloadAsset,
  hashStream,
  listVersions,
  pseudoRandomBytes,
  pseudoRandomStream,
  publishGeneric,
  sha256Hex,
  type GenericPackage,
} from '../helpers/packages';
import { startServe, type ExitStatus, type ServeHandle } from '../helpers/serve';
import { makeTempDir, removeDir } from '../helpers/temp-dir';

const MiB = 1024 * 1024;
const target: GenericPackage = { domain: 'crash', repository: 'files', namespace: 'big', package: 'data' };
let dataDir: string;
let current: ServeHandle | undefined;

beforeAll(async () => {
  dataDir = await makeTempDir('artifact-desk-large-crash-');
}, 30_000);

afterAll(async () => {
  await current?.dispose();
  await removeDir(dataDir);
}, 30_000);

/** Every file under the data directory's blob tree (temp files included), relative to it. */
function blobFiles(): string[] {
  const root = path.join(dataDir, 'blobs');
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
    .sort();
}

describe('kill -9 during a large publish', () => {
  it('keeps the acknowledged asset whole and leaves nothing of the interrupted one', async () => {
    current = await startServe({ dataDir });
    const first = current;
    await first.client().send(new CreateDomainCommand({ domain: target.domain }));
    await first
      .client()
      .send(new CreateRepositoryCommand({ domain: target.domain, repository: target.repository }));

    // Acknowledged: 6 MiB and 4093 bytes (whole ring buffers and an odd tail).
    const kept = pseudoRandomBytes('kept asset', 6 * MiB + 4093);
    await publishGeneric(first.client(), target, '1.0.0', 'data.bin', kept);

    // Interrupted: 64 MiB announced, the server killed once 16 MiB of it were handed to the client.
    const size = 64 * MiB;
    const seed = 'interrupted asset';
    const { sha256 } = await hashStream(pseudoRandomStream(seed, size));
    const source = pseudoRandomStream(seed, size);
    let sent = 0;
    let killed: Promise<ExitStatus> | undefined;
    source.on('data', (chunk: Buffer) => {
      sent += chunk.length;
      if (sent >= 16 * MiB && !killed) killed = first.kill();
    });
    await expect(
      publishGeneric(first.client(), target, '2.0.0', 'data.bin', Buffer.alloc(0), {
        body: source,
        assetSHA256: sha256,
      }),
    ).rejects.toThrow();
    expect(await killed, 'the server died of SIGKILL mid-upload').toEqual({ code: null, signal: 'SIGKILL' });

    current = await startServe({ dataDir });
    const versions = (await listVersions(current.client(), target)).map((summary) => summary.version);
    expect(versions, 'only the acknowledged version exists').toEqual(['1.0.0']);
    const download = await downloadAsset(current.client(), target, '1.0.0', 'data.bin');
    expect(download.bytes.equals(kept), 'the acknowledged asset downloads byte for byte').toBe(true);
    const keptSha = sha256Hex(kept);
    expect(blobFiles(), 'one blob file, the acknowledged one, and no temp file').toEqual([
      path.join(target.domain, 'sha256', keptSha.slice(0, 2), keptSha.slice(2)),
    ]);
  }, 120_000);
});
