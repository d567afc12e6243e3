/**
 * app.saveAsset for the desktop app: fetch the asset (so a version that cannot be downloaded is
 * reported before any dialog), ask where to save it, and stream it there through a temporary file,
 * so a failed or cancelled transfer never leaves a partial file under the chosen name.
 */
import type { GetPackageVersionAssetRequest } from '@aws-sdk/client-codeartifact';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { SaveAssetResult } from '../../shared/app-operations';
import { InternalServerException, ValidationException } from '../engine/errors';
import type { Invoke } from '../engine/invoke';

export interface SaveDialogResult {
  readonly canceled: boolean;
  readonly filePath?: string;
}

export type ShowSaveDialog = (options: { title: string; defaultPath: string }) => Promise<SaveDialogResult>;

export interface AssetSaverDeps {
  readonly invoke: Invoke;
  readonly showSaveDialog: ShowSaveDialog;
  /** Folder the dialog opens in. */
  readonly defaultDir: string;
}

/** A file name for the dialog: the asset name's last segment, without characters file systems refuse. */
export function suggestedFileName(assetName: string): string {
  const last = basename(assetName.replaceAll('\\', '/'));
  // eslint-disable-next-line no-control-regex
  const cleaned = last.replace(/[<>:"|?*\u0000-\u001f]/g, '_').replace(/^\.+$/, '');
  return cleaned === '' ? 'asset' : cleaned;
}

export function createAssetSaver(
  deps: AssetSaverDeps,
): (input: GetPackageVersionAssetRequest, actor?: string) => Promise<SaveAssetResult> {
  return async (input, actor) => {
    if (typeof input.asset !== 'string' || input.asset === '') {
      throw new ValidationException('app.saveAsset needs the name of the asset to save.');
    }
    const output = await deps.invoke('GetPackageVersionAsset', input, actor);
    const stream = output.asset;
    if (!(stream instanceof Readable)) {
      throw new InternalServerException('GetPackageVersionAsset answered without the asset bytes.');
    }
    let choice: SaveDialogResult;
    try {
      choice = await deps.showSaveDialog({
        title: `Save ${input.asset}`,
        defaultPath: join(deps.defaultDir, suggestedFileName(input.asset)),
      });
    } catch (error) {
      stream.destroy();
      throw error;
    }
    if (choice.canceled || !choice.filePath) {
      stream.destroy();
      return { saved: false };
    }
    const target = choice.filePath;
    const temp = `${target}.${randomBytes(6).toString('hex')}.part`;
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
    });
    try {
      await pipeline(stream, createWriteStream(temp, { flags: 'wx' }));
      await rename(temp, target);
    } catch (error) {
      stream.destroy();
      await rm(temp, { force: true });
      throw new InternalServerException(
        `Saving ${input.asset} to ${target} failed: ${(error as Error).message}`,
      );
    }
    return { saved: true, path: target, size };
  };
}
