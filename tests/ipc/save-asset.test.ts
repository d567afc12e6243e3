/**
 * app.saveAsset in the desktop app: the asset is checked before the dialog opens, streamed to the
 * chosen file byte for byte, nothing is written when the dialog is cancelled, and a failed transfer
 * leaves no partial file behind.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAssetSaver, suggestedFileName, type ShowSaveDialog } from '../../src/main/ipc/save-asset';
import { startTestService, type ServiceFixture } from '../console/service-fixture';

let fixture: ServiceFixture;
let downloads: string;
const coordinates = {
  domain: 'team',
  repository: 'libs',
  format: 'generic',
  namespace: 'tools',
  package: 'cli',
  packageVersion: '1.0.0',
} as const;
const content = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 31) % 256));

beforeEach(async () => {
  fixture = await startTestService();
  downloads = join(fixture.dataDir, 'downloads-for-test');
  await mkdir(downloads);
  const { invoke } = fixture.service;
  await invoke('CreateDomain', { domain: 'team' });
  await invoke('CreateRepository', { domain: 'team', repository: 'libs' });
  await invoke('PublishPackageVersion', {
    ...coordinates,
    assetName: 'cli-linux.tar.gz',
    assetContent: content,
    assetSHA256: createHash('sha256').update(content).digest('hex'),
  });
});

afterEach(async () => {
  await fixture.close();
});

function saverWith(dialog: ShowSaveDialog) {
  return createAssetSaver({ invoke: fixture.service.invoke, showSaveDialog: dialog, defaultDir: downloads });
}

describe('app.saveAsset', () => {
  it('suggests the asset name in the downloads folder and writes exactly the asset bytes', async () => {
    const asked: { title: string; defaultPath: string }[] = [];
    const target = join(downloads, 'chosen.tgz');
    const result = await saverWith(async (options) => {
      asked.push(options);
      return { canceled: false, filePath: target };
    })({ ...coordinates, asset: 'cli-linux.tar.gz' });
    expect(asked).toEqual([
      { title: 'Save cli-linux.tar.gz', defaultPath: join(downloads, 'cli-linux.tar.gz') },
    ]);
    expect(result).toEqual({ saved: true, path: target, size: content.length });
    expect((await readFile(target)).equals(content)).toBe(true);
    expect(await readdir(downloads)).toEqual(['chosen.tgz']);
  });

  it('writes nothing when the dialog is cancelled', async () => {
    const result = await saverWith(async () => ({ canceled: true }))({
      ...coordinates,
      asset: 'cli-linux.tar.gz',
    });
    expect(result).toEqual({ saved: false });
    expect(await readdir(downloads)).toEqual([]);
  });

  it('reports an asset that cannot be downloaded before any dialog opens', async () => {
    let opened = false;
    const save = saverWith(async () => {
      opened = true;
      return { canceled: true };
    });
    await expect(save({ ...coordinates, asset: 'missing.bin' })).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
    await fixture.service.invoke('UpdatePackageVersionsStatus', {
      ...coordinates,
      versions: ['1.0.0'],
      targetStatus: 'Archived',
    });
    await expect(save({ ...coordinates, asset: 'cli-linux.tar.gz' })).rejects.toMatchObject({
      name: 'ConflictException',
    });
    expect(opened).toBe(false);
  });

  it('leaves the existing file alone and no partial file when writing fails', async () => {
    const folderAsTarget = join(downloads, 'occupied');
    await mkdir(folderAsTarget);
    await writeFile(join(folderAsTarget, 'keep.txt'), 'mine');
    await expect(
      saverWith(async () => ({ canceled: false, filePath: folderAsTarget }))({
        ...coordinates,
        asset: 'cli-linux.tar.gz',
      }),
    ).rejects.toMatchObject({ name: 'InternalServerException' });
    expect(await readdir(downloads)).toEqual(['occupied']);
    expect(await readFile(join(folderAsTarget, 'keep.txt'), 'utf8')).toBe('mine');
  });

  it('refuses a request without an asset name', async () => {
    await expect(
      saverWith(async () => ({ canceled: true }))({ ...coordinates } as never),
    ).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });
});

describe('suggested file names', () => {
  it('keep the last path segment and replace characters file systems refuse', () => {
    expect(suggestedFileName('lib/v1/app.jar')).toBe('app.jar');
    expect(suggestedFileName('a\\b\\c.whl')).toBe('c.whl');
    expect(suggestedFileName('what?<x>.txt')).toBe('what__x_.txt');
    expect(suggestedFileName('..')).toBe('asset');
    expect(suggestedFileName('')).toBe('asset');
  });
});
