/**
 * One rule for a full disk on every front door: whatever layer hit it (an upload's blob file, the
 * journal), the client gets StorageFullException (507) with the store's message, never a 500.
 */
import { isStorageFull, StorageFullError } from '../store';
import { StorageFullException } from './errors';

/** The answer for an error caused by a full disk, or undefined for any other error. */
export function storageFullAnswer(error: unknown): StorageFullException | undefined {
  if (error instanceof StorageFullException) return error;
  if (!isStorageFull(error)) return undefined;
  return new StorageFullException(
    error instanceof StorageFullError
      ? error.message
      : `The disk holding the data directory is full: ${(error as Error).message}. Free some space; everything stored before is intact and can still be read.`,
  );
}
