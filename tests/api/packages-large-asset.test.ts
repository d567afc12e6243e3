/**
 * A 1 GiB generic asset through the real SDK: generated as a deterministic pseudo-random stream
 * (never held in memory), published with its SHA-256, downloaded and hashed again, while the serve
 * child's peak resident memory (VmHWM) stays under 300 MB. Streaming end to end is what lets a
 * laptop hold artifacts far larger than its free memory.
 */
import {
  CreateDomainCommand,
  CreateRepositoryCommand,
  GetPackageVersionAssetCommand,
  PublishPackageVersionCommand,
  type CodeartifactClient,
} from '@aws-sdk/client-codeartifact';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { assetStream, domainAssetBytes, hashStream, pseudoRandomStream } from '../helpers/packages';
import { peakResidentBytes } from '../helpers/process-memory';
import { startServe, type ServeHandle } from '../helpers/serve';

let serve: ServeHandle;
let client: CodeartifactClient;
let expected: { sha256: string; size: number };
const domain = 'large';
const repository = 'big-files';
const size = 1024 * 1024 * 1024;
const seed = 'artifact-desk large asset';
const memoryLimit = 300 * 1024 * 1024;

beforeAll(async () => {
  // Hashing a gigabyte keeps this process busy for about as long as the server keeps an idle
  // connection open; doing it before any connection exists keeps the SDK from writing a
  // non-retryable stream into a socket the server has just closed.
  expected = await hashStream(pseudoRandomStream(seed, size));
  serve = await startServe();
  client = serve.client();
  await client.send(new CreateDomainCommand({ domain }));
  await client.send(new CreateRepositoryCommand({ domain, repository }));
}, 120_000);

afterAll(async () => {
  await serve?.dispose();
}, 60_000);

function mib(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1);
}

it('publishes and downloads a 1 GiB asset byte-exact while serve stays under 300 MB resident', async () => {
  expect(expected.size).toBe(size);

  const publishStart = Date.now();
  const published = await client.send(
    new PublishPackageVersionCommand({
      domain,
      repository,
      format: 'generic',
      namespace: 'media',
      package: 'dataset',
      packageVersion: '1.0.0',
      assetName: 'dataset.bin',
      assetContent: pseudoRandomStream(seed, size),
      assetSHA256: expected.sha256,
    }),
  );
  const publishMs = Date.now() - publishStart;
  expect(published.status).toBe('Published');
  expect(published.asset?.size).toBe(size);
  expect(published.asset?.hashes?.['SHA-256']).toBe(expected.sha256);
  expect(await domainAssetBytes(client, domain)).toBe(size);

  const downloadStart = Date.now();
  const download = await client.send(
    new GetPackageVersionAssetCommand({
      domain,
      repository,
      format: 'generic',
      namespace: 'media',
      package: 'dataset',
      packageVersion: '1.0.0',
      asset: 'dataset.bin',
    }),
  );
  expect(download.assetName).toBe('dataset.bin');
  const downloaded = await hashStream(assetStream(download.asset));
  const downloadMs = Date.now() - downloadStart;
  expect(downloaded.size).toBe(size);
  expect(downloaded.sha256, 'SHA-256 of the downloaded stream').toBe(expected.sha256);

  const peak = await peakResidentBytes(serve.pid);
  console.log(
    `1 GiB asset: publish ${(publishMs / 1000).toFixed(1)} s (${mib((size * 1000) / publishMs)} MiB/s), ` +
      `download ${(downloadMs / 1000).toFixed(1)} s (${mib((size * 1000) / downloadMs)} MiB/s), ` +
      `serve peak resident memory (VmHWM) ${mib(peak)} MiB`,
  );
  expect(peak, `serve VmHWM ${mib(peak)} MiB`).toBeLessThan(memoryLimit);
}, 300_000);
