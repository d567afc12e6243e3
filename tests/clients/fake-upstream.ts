/**
 * A stand-in for a public registry in the external-connection tests: a temporary folder of files
 * sent as they are by the shared static file server on loopback, written with `put`, stopped to
 * play an upstream gone offline.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startStaticServer, type StaticServer } from '../bench/static-server';
import { makeTempDir, removeDir } from '../helpers/temp-dir';

export interface FakeUpstream {
  readonly url: string;
  /** A folder for building the files before they are put. */
  readonly workDir: string;
  put(file: string, body: string | Buffer): Promise<void>;
  /** Stops answering (the upstream offline). */
  stop(): Promise<void>;
  /** Stops and removes the files. */
  dispose(): Promise<void>;
}

export async function startFakeUpstream(): Promise<FakeUpstream> {
  const dir = await makeTempDir('artifact-desk-fake-upstream-');
  const root = path.join(dir, 'files');
  await mkdir(root, { recursive: true });
  const server: StaticServer = await startStaticServer(root);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await server.stop();
  };
  return {
    url: server.url,
    workDir: path.join(dir, 'work'),
    async put(file, body) {
      await mkdir(path.dirname(path.join(root, file)), { recursive: true });
      await writeFile(path.join(root, file), body);
    },
    stop,
    async dispose() {
      await stop();
      await removeDir(dir);
    },
  };
}
