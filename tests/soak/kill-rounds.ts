/**
 * `npm run soak`: kill -9 rounds against a real `serve` child. Each round starts the server on the
 * same data directory, checks that every write acknowledged before (in any earlier round) is there,
 * runs concurrent writers (repositories created by several clients at once), and kills the server
 * with SIGKILL while they are in flight. It prints acknowledged writes lost and restarts refused;
 * both must be 0. `SOAK_ROUNDS` (default 100) and `SOAK_WRITERS` (default 4) change the size.
 *
 * The server is the built command line (`npm run serve`'s, built once before the first round), as
 * users run it: started from the sources, each round would first compile TypeScript, and on a busy
 * machine a start that is merely slow would be counted as refused. A start is refused when serve
 * exits or answers nothing within two minutes; the reason is printed.
 */
import {
  CreateRepositoryCommand,
  CreateDomainCommand,
  paginateListRepositories,
} from '@aws-sdk/client-codeartifact';
import path from 'node:path';
import { ensureBuilt } from '../../scripts/build-state.mjs';
import { repoRoot, startServe, ServeStartError, type ServeHandle, type ServeOptions } from '../helpers/serve';
import { makeTempDir, removeDir } from '../helpers/temp-dir';

const rounds = Number(process.env['SOAK_ROUNDS'] ?? 100);
const writers = Number(process.env['SOAK_WRITERS'] ?? 4);
const accountId = '123456789012';

function serveOptions(dataDir: string): ServeOptions {
  return {
    dataDir,
    accountId,
    startTimeoutMs: 120_000,
    command: {
      file: process.execPath,
      args: [path.join(repoRoot, 'scripts', 'artifact-desk.mjs'), 'serve'],
      cwd: repoRoot,
    },
  };
}

async function listed(serve: ServeHandle): Promise<Set<string>> {
  const names = new Set<string>();
  for await (const page of paginateListRepositories({ client: serve.client() }, {})) {
    for (const repository of page.repositories ?? []) if (repository.name) names.add(repository.name);
  }
  return names;
}

async function main(): Promise<void> {
  ensureBuilt();
  const dataDir = await makeTempDir('artifact-desk-soak-');
  const acknowledged = new Set<string>();
  let lost = 0;
  let refused = 0;
  let attempted = 0;
  let firstError: string | undefined;
  const started = Date.now();
  try {
    for (let round = 1; round <= rounds; round++) {
      let serve: ServeHandle;
      try {
        serve = await startServe(serveOptions(dataDir));
      } catch (error) {
        refused++;
        const detail =
          (error instanceof ServeStartError ? error.stderr.trim().split('\n').pop() : undefined) ||
          String(error).split('\n')[0];
        process.stdout.write(`round ${round}: restart refused: ${detail}\n`);
        continue;
      }
      try {
        if (round === 1) await serve.client().send(new CreateDomainCommand({ domain: 'soak' }));
        const present = await listed(serve);
        const missing = [...acknowledged].filter((name) => !present.has(name));
        lost += missing.length;
        for (const name of missing) acknowledged.delete(name);
        if (missing.length > 0)
          process.stdout.write(`round ${round}: ${missing.length} acknowledged write(s) lost\n`);
        let stop = false;
        let killing = false;
        const before = acknowledged.size;
        const loops = Array.from({ length: writers }, async (_, writer) => {
          const client = serve.client();
          for (let n = 0; !stop; n++) {
            const name = `r${round}-w${writer}-${n}`;
            attempted++;
            try {
              await client.send(new CreateRepositoryCommand({ domain: 'soak', repository: name }));
              acknowledged.add(name);
            } catch (error) {
              // In flight when the server died: not acknowledged, so it may or may not exist.
              if (!killing) firstError ??= (error as Error).message;
              return;
            }
          }
        });
        // Once writes are flowing, kill at a different moment each round, while more are in flight.
        for (let waited = 0; acknowledged.size === before && waited < 5000; waited += 10)
          await new Promise((resolve) => setTimeout(resolve, 10));
        await new Promise((resolve) => setTimeout(resolve, 20 + ((round * 37) % 200)));
        killing = true;
        await serve.kill();
        stop = true;
        await Promise.all(loops);
      } finally {
        await serve.dispose();
      }
      if (round % 10 === 0)
        process.stdout.write(`round ${round}/${rounds}: ${acknowledged.size} acknowledged so far\n`);
    }
    // A last start checks the final round's writes.
    const serve = await startServe(serveOptions(dataDir)).catch(() => undefined);
    if (!serve) refused++;
    else {
      const present = await listed(serve);
      lost += [...acknowledged].filter((name) => !present.has(name)).length;
      await serve.stop();
      await serve.dispose();
    }
  } finally {
    await removeDir(dataDir);
  }
  const table = [
    ['kill -9 rounds', String(rounds)],
    ['concurrent writers per round', String(writers)],
    ['writes attempted', String(attempted)],
    ['writes acknowledged', String(acknowledged.size + lost)],
    ['acknowledged writes lost', String(lost)],
    ['restarts refused', String(refused)],
    ['write errors before a kill', firstError ?? 'none'],
    ['duration', `${Math.round((Date.now() - started) / 1000)} s`],
  ];
  process.stdout.write(`\n${table.map(([k, v]) => `${(k ?? '').padEnd(30)} ${v ?? ''}`).join('\n')}\n`);
  process.exitCode = lost === 0 && refused === 0 ? 0 : 1;
}

void main();
