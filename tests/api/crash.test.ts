/**
 * Durability as a user experiences it: every write the API acknowledged is still there after the
 * server is killed with SIGKILL mid-stream, and the next start takes over the stale lock and opens
 * the store cleanly — with and without a checkpoint (graceful stop) in between.
 */
import {
  CreateDomainCommand,
  CreateRepositoryCommand,
  DescribeDomainCommand,
  DescribeRepositoryCommand,
  ListRepositoriesInDomainCommand,
  type CodeartifactClient,
} from '@aws-sdk/client-codeartifact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPages } from '../helpers/resources';
import { startServe, type ExitStatus, type ServeHandle } from '../helpers/serve';
import { makeTempDir, removeDir } from '../helpers/temp-dir';

const domain = 'durable';
let dataDir: string;
let current: ServeHandle | undefined;

beforeAll(async () => {
  dataDir = await makeTempDir('artifact-desk-crash-');
}, 30_000);

afterAll(async () => {
  await current?.dispose();
  await removeDir(dataDir);
}, 30_000);

async function start(): Promise<ServeHandle> {
  current = await startServe({ dataDir });
  return current;
}

/**
 * Several writers each create repositories one after another, recording every acknowledged name;
 * once `killAfter` writes are acknowledged in total, the server is SIGKILLed while the writers'
 * next requests are in flight (so the journal's group commit has work queued when it dies).
 */
async function writeUntilKilled(
  serve: ServeHandle,
  prefix: string,
  killAfter: number,
  writers = 4,
): Promise<{ acknowledged: string[]; unconfirmed: string[] }> {
  const client = serve.client();
  const acknowledged: string[] = [];
  const unconfirmed: string[] = [];
  let killed: Promise<ExitStatus> | undefined;

  const writer = async (id: number): Promise<void> => {
    for (let i = 0; ; i++) {
      const name = `${prefix}-${id}-${String(i).padStart(4, '0')}`;
      const request = client.send(new CreateRepositoryCommand({ domain, repository: name }));
      if (acknowledged.length >= killAfter && !killed) {
        // Land the kill inside the requests' round trips, not before they were sent.
        await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 3)));
        killed = serve.kill();
      }
      try {
        await request;
        acknowledged.push(name);
      } catch (error) {
        unconfirmed.push(name);
        if (killed) return;
        throw new Error(`write ${name} failed before the server was killed: ${String(error)}`, {
          cause: error,
        });
      }
      if (i > killAfter + 500) throw new Error('the server kept answering after SIGKILL');
    }
  };

  await Promise.all(Array.from({ length: writers }, (_, id) => writer(id)));
  const exit = await killed;
  expect(exit).toEqual({ code: null, signal: 'SIGKILL' });
  expect(unconfirmed.length, 'requests were in flight when the server died').toBeGreaterThanOrEqual(1);
  return { acknowledged, unconfirmed };
}

async function writeSome(client: CodeartifactClient, prefix: string, count: number): Promise<string[]> {
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const name = `${prefix}-${String(i).padStart(4, '0')}`;
    await client.send(new CreateRepositoryCommand({ domain, repository: name }));
    names.push(name);
  }
  return names;
}

async function expectAllPresent(serve: ServeHandle, acknowledged: string[]): Promise<void> {
  const client = serve.client();
  const pages = await collectPages(async (nextToken) => {
    const page = await client.send(
      new ListRepositoriesInDomainCommand({ domain, maxResults: 100, nextToken }),
    );
    return { items: (page.repositories ?? []).map((r) => r.name as string), nextToken: page.nextToken };
  }, 100);
  const listed = pages.flat();
  expect(new Set(listed).size, 'no repository is listed twice after recovery').toBe(listed.length);
  const missing = acknowledged.filter((name) => !listed.includes(name));
  expect(missing, 'acknowledged repositories lost by the crash').toEqual([]);
  const { domain: described } = await client.send(new DescribeDomainCommand({ domain }));
  expect(described?.repositoryCount, 'repositoryCount agrees with the listing').toBe(listed.length);
  // Spot-check that full descriptions read back, not just list rows.
  for (const name of [
    acknowledged[0],
    acknowledged[Math.floor(acknowledged.length / 2)],
    acknowledged.at(-1),
  ]) {
    const { repository } = await client.send(
      new DescribeRepositoryCommand({ domain, repository: name as string }),
    );
    expect(repository?.name).toBe(name);
  }
}

describe('crash safety of acknowledged writes', () => {
  const acknowledged: string[] = [];

  it('keeps every acknowledged repository after SIGKILL mid-stream, and restarts over the stale lock', async () => {
    const first = await start();
    await first.client().send(new CreateDomainCommand({ domain }));
    const round = await writeUntilKilled(first, 'kill1', 50);
    expect(round.acknowledged.length).toBeGreaterThanOrEqual(50);
    acknowledged.push(...round.acknowledged);

    const second = await start();
    expect(second.accessKeyId, 'credentials survive the crash').toBe(first.accessKeyId);
    await expectAllPresent(second, acknowledged);
  }, 60_000);

  it('keeps everything across a graceful stop (checkpoint), more writes, another SIGKILL and a restart', async () => {
    const afterCrash = current as ServeHandle;
    acknowledged.push(...(await writeSome(afterCrash.client(), 'calm', 20)));
    const exit = await afterCrash.stop('SIGTERM');
    expect(exit, 'SIGTERM checkpoints and exits 0').toEqual({ code: 0, signal: null });

    const third = await start();
    await expectAllPresent(third, acknowledged);
    const round = await writeUntilKilled(third, 'kill2', 30);
    acknowledged.push(...round.acknowledged);

    const fourth = await start();
    await expectAllPresent(fourth, acknowledged);
    // The recovered store keeps accepting writes.
    acknowledged.push(...(await writeSome(fourth.client(), 'after', 5)));
    await expectAllPresent(fourth, acknowledged);
  }, 60_000);
});
