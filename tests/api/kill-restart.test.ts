/**
 * `kill -9` followed at once by a restart on the same data directory: the killed server is still
 * a zombie (its parent has not reaped it), so its pid exists and its lock file names it. The restart
 * must recognise the owner as gone and start, every time, with every acknowledged write still there.
 */
import {
  CreateDomainCommand,
  CreateRepositoryCommand,
  ListRepositoriesInDomainCommand,
} from '@aws-sdk/client-codeartifact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtCli, ensureBuilt } from '../../scripts/build-state.mjs';
import { processState, repoRoot, startServe, type ServeHandle } from '../helpers/serve';
import { makeTempDir, removeDir } from '../helpers/temp-dir';

const rounds = 20;
const domain = 'restarts';
let dataDir: string;
const handles: ServeHandle[] = [];

beforeAll(async () => {
  ensureBuilt();
  dataDir = await makeTempDir('artifact-desk-kill-restart-');
  // A build, when the sources changed, on a machine that may be busy.
}, 600_000);

afterAll(async () => {
  for (const handle of handles.splice(0)) await handle.dispose();
  await removeDir(dataDir);
});

async function start(): Promise<ServeHandle> {
  // The built command line, as `npm run serve` runs it (and quicker to start twenty times than tsx).
  const handle = await startServe({
    dataDir,
    unreapedParent: true,
    command: { file: process.execPath, args: [builtCli, 'serve'], cwd: repoRoot },
  });
  handles.push(handle);
  return handle;
}

describe.runIf(process.platform === 'linux')('restart right after kill -9', () => {
  it(`starts over a killed, not yet reaped owner in each of ${rounds} rounds and keeps every acknowledged write`, async () => {
    let serve = await start();
    await serve.client().send(new CreateDomainCommand({ domain }));
    const created: string[] = [];
    for (let round = 1; round <= rounds; round++) {
      const repository = `round-${String(round).padStart(2, '0')}`;
      await serve.client().send(new CreateRepositoryCommand({ domain, repository }));
      created.push(repository);

      const killedPid = serve.pid;
      await serve.kill();
      let restarted: ServeHandle;
      try {
        restarted = await start();
      } catch (error) {
        throw new Error(
          `round ${round}: the restart after kill -9 of pid ${killedPid} (state ${processState(killedPid) ?? 'gone'}) failed: ${(error as Error).message}`,
          { cause: error },
        );
      }
      expect(
        processState(killedPid),
        `round ${round}: the killed server is still an unreaped zombie when the restart takes over`,
      ).toBe('Z');
      serve = restarted;

      const listed = await serve.client().send(new ListRepositoriesInDomainCommand({ domain }));
      const names = (listed.repositories ?? []).map((repository) => repository.name);
      expect(names.sort(), `round ${round}: every acknowledged repository survives`).toEqual(created);
      // The zombie of the previous round is collected now that it has served its purpose.
      await handles.splice(handles.length - 2, 1)[0]?.dispose();
    }
    // Twenty starts on a machine that may be busy.
  }, 600_000);
});
