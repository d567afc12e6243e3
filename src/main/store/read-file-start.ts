/**
 * Reading a small file in one piece with as few calls to the thread pool as there can be: open, one
 * read, close. A short read of a regular file is its end, so no further read looks for it.
 */
import { close, open, read } from 'node:fs';

/** Up to `limit` bytes from the start of `file` (all of it when it is shorter). */
export function readFileStart(file: string, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    open(file, 'r', (openError, fd) => {
      if (openError) {
        reject(openError);
        return;
      }
      const buffer = Buffer.allocUnsafe(limit);
      let filled = 0;
      const finish = (error: Error | null): void =>
        close(fd, (closeError) => {
          const failure = error ?? closeError;
          if (failure) reject(failure);
          else resolve(buffer.subarray(0, filled));
        });
      const next = (): void =>
        read(fd, buffer, filled, limit - filled, filled, (readError, bytesRead) => {
          if (readError) return finish(readError);
          const asked = limit - filled;
          filled += bytesRead;
          if (bytesRead < asked || filled === limit) finish(null);
          else next();
        });
      next();
    });
  });
}
